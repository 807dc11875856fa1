package dev.tapctl.resources.apigateway;

import dev.tapctl.aws.AwsClients;
import dev.tapctl.aws.AwsSettings;
import dev.tapctl.engine.spi.HandlerContext;
import dev.tapctl.engine.spi.Tags;
import dev.tapctl.stack.spec.RestApiSpec;
import dev.tapctl.stack.spec.RestApiSpec.Cors;
import dev.tapctl.testing.Emulator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/** Clients on the emulator, a handler context, ownership tags and a REST API spec for the API Gateway tests. */
final class ApiGatewayTestSupport {
    static final String PROJECT = "tap";
    static final String ENV = "test";
    static final String API_NAME = "tap-test-api";
    static final String API_ID = "api.rest";
    static final String ORIGIN = "https://app.example.com";
    static final String OTHER_ORIGIN = "https://admin.example.com";

    /** The function needn't exist: API Gateway stores the URI as given. */
    static final String FUNCTION_URI = integrationUri("tap-test-api");

    /** The trust policy of the role API Gateway logs with. */
    static final String API_GATEWAY_TRUST = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"Service\":\"apigateway.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";

    private ApiGatewayTestSupport() {
    }

    /** Clients on the emulator, each call passing through {@code interceptors} in order. */
    static AwsClients clients(Emulator emulator, ExecutionInterceptor... interceptors) {
        return new AwsClients(AwsSettings.defaults(emulator.region(), null, emulator.endpoint())
                .withInterceptors(List.of(interceptors))
                .withWaits(Duration.ofMillis(100), Duration.ofSeconds(30)));
    }

    static String integrationUri(String function) {
        return "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:"
                + Emulator.ACCOUNT_ID + ":function:" + function + "/invocations";
    }

    static Cors cors(String... origins) {
        return new Cors(List.of(origins), List.of("GET", "POST", "OPTIONS"), List.of("Content-Type", "Authorization"), 600);
    }

    static RestApiSpec restApi(List<String> paths, String integrationUri, Cors cors) {
        return new RestApiSpec(API_NAME, "tap test API", "REGIONAL", paths, integrationUri, cors, tags(API_ID, API_NAME));
    }

    static RestApiSpec restApi() {
        return restApi(List.of("/items", "/items/{id}"), FUNCTION_URI, cors(ORIGIN));
    }

    /** A role API Gateway may log with, as the stack's IAM role would be; returns its ARN. */
    static String loggingRole(AwsClients clients, String name) {
        return clients.iam().createRole(r -> r.roleName(name).assumeRolePolicyDocument(API_GATEWAY_TRUST)).role().arn();
    }

    /** A handler context with a fixed spec hash that remembers the progress it was told. */
    static final class TestContext implements HandlerContext {
        private final String logicalId;
        private final String specHash;
        final List<String> statuses = new CopyOnWriteArrayList<>();

        TestContext(String logicalId, String specHash) {
            this.logicalId = logicalId;
            this.specHash = specHash;
        }

        @Override
        public String logicalId() {
            return logicalId;
        }

        @Override
        public String specHash() {
            return specHash;
        }

        @Override
        public void status(String message) {
            statuses.add(message);
        }
    }

    /** The tags the stack gives every resource (without the spec hash, which the handler writes). */
    static Map<String, String> tags(String logicalId, String name) {
        Map<String, String> tags = new TreeMap<>();
        tags.put(Tags.PROJECT, PROJECT);
        tags.put(Tags.ENVIRONMENT, ENV);
        tags.put(Tags.MANAGED_BY, Tags.MANAGED_BY_VALUE);
        tags.put(Tags.LOGICAL_ID, logicalId);
        tags.put(Tags.NAME, name);
        tags.put("CostCenter", "platform");
        return tags;
    }
}

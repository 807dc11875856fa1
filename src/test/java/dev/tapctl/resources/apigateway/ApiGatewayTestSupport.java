package dev.tapctl.resources.apigateway;

import static dev.tapctl.testing.HandlerFixture.tags;

import dev.tapctl.aws.AwsClients;
import dev.tapctl.stack.spec.ApiRoutesSpec;
import dev.tapctl.stack.spec.Cors;
import dev.tapctl.stack.spec.RestApiSpec;
import dev.tapctl.testing.Emulator;
import dev.tapctl.testing.TestContext;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;

/** A REST API spec and a logging role for the API Gateway tests, beyond {@link dev.tapctl.testing.HandlerFixture}. */
public final class ApiGatewayTestSupport {
    static final String API_NAME = "tap-test-api";
    static final String API_ID = "api.rest";
    static final String ROUTES_ID = "api.routes";
    static final String RESPONSES_ID = "api.gatewayresponses";
    /** An API id for specs that are never sent to API Gateway. */
    static final String API_NOT_MADE = "no-api";

    static final String ORIGIN = "https://app.example.com";
    static final String OTHER_ORIGIN = "https://admin.example.com";

    /** CORS for {@link #ORIGIN}, as the contract test's samples use it. */
    public static final Cors CORS = cors(ORIGIN);

    /** The function needn't exist: API Gateway stores the URI as given. */
    public static final String FUNCTION_URI = integrationUri("tap-test-api");

    /** The trust policy of the role API Gateway logs with. */
    static final String API_GATEWAY_TRUST = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"Service\":\"apigateway.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";

    private ApiGatewayTestSupport() {}

    static String integrationUri(String function) {
        return "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:"
                + Emulator.ACCOUNT_ID + ":function:" + function + "/invocations";
    }

    static Cors cors(String... origins) {
        return new Cors(
                List.of(origins), List.of("GET", "POST", "OPTIONS"), List.of("Content-Type", "Authorization"), 600);
    }

    /** The REST API itself, its shell. */
    static RestApiSpec restApi() {
        return restApi(tags(API_ID, API_NAME));
    }

    /** {@link #restApi()} with other tags, e.g. another resource's logical id. */
    public static RestApiSpec restApi(Map<String, String> tags) {
        return new RestApiSpec(API_NAME, "tap test API", "REGIONAL", tags);
    }

    /** Routes of the API {@code restApiId}: {@code paths} to {@code integrationUri}, with {@code cors}. */
    static ApiRoutesSpec apiRoutes(String restApiId, List<String> paths, String integrationUri, Cors cors) {
        return new ApiRoutesSpec(restApiId, paths, integrationUri, cors);
    }

    /** Routes with no API id yet, for what only looks at the routes themselves. */
    static ApiRoutesSpec apiRoutes(List<String> paths, String integrationUri, Cors cors) {
        return apiRoutes(API_NOT_MADE, paths, integrationUri, cors);
    }

    /** {@code /items} and {@code /items/{id}} to {@link #FUNCTION_URI}, CORS for {@link #ORIGIN}. */
    static ApiRoutesSpec apiRoutes() {
        return apiRoutes(List.of("/items", "/items/{id}"), FUNCTION_URI, cors(ORIGIN));
    }

    /**
     * A REST API with its routes, as the stack makes it, so that it can be deployed (CreateDeployment
     * refuses an API without a method); returns its id.
     */
    public static String deployableApi(ApiGatewayClient apigateway) {
        String id = new RestApiHandler(apigateway)
                .create(restApi(), new TestContext(API_ID, "h"))
                .id();
        ApiRoutesSpec routes = apiRoutes();
        new ApiRoutesHandler(apigateway)
                .create(
                        apiRoutes(id, routes.resourcePaths(), routes.integrationUri(), routes.cors()),
                        new TestContext(ROUTES_ID, "h"));
        return id;
    }

    /** Live resources exactly as {@code routes} wants them, each with the id {@code id<path>}. */
    static Map<String, ApiResource> liveResources(Map<String, Map<String, ApiMethod>> routes) {
        Map<String, ApiResource> live = new TreeMap<>();
        routes.forEach((path, methods) -> live.put(path, new ApiResource("id" + path, path, methods)));
        return live;
    }

    /**
     * The actions of AmazonAPIGatewayPushToCloudWatchLogs, which UpdateAccount requires of the
     * role ("Set up CloudWatch logging for REST APIs in API Gateway").
     */
    static final String DOCUMENTED_LOGS_POLICY = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Action\":[\"logs:CreateLogGroup\",\"logs:CreateLogStream\",\"logs:DescribeLogGroups\","
            + "\"logs:DescribeLogStreams\",\"logs:PutLogEvents\",\"logs:GetLogEvents\",\"logs:FilterLogEvents\"],"
            + "\"Resource\":\"arn:aws:logs:*:" + Emulator.ACCOUNT_ID + ":log-group:*\"}]}";

    /** A role API Gateway may log with, as the stack's IAM role would be; returns its ARN. */
    public static String loggingRole(AwsClients clients, String name) {
        return loggingRole(clients, name, DOCUMENTED_LOGS_POLICY);
    }

    /** A role API Gateway can assume, with {@code policy} inline; returns its ARN. */
    static String loggingRole(AwsClients clients, String name, String policy) {
        String arn = clients.iam()
                .createRole(r -> r.roleName(name).assumeRolePolicyDocument(API_GATEWAY_TRUST))
                .role()
                .arn();
        clients.iam().putRolePolicy(r -> r.roleName(name).policyName(name).policyDocument(policy));
        return arn;
    }
}

package dev.tapctl.stack;

import static dev.tapctl.stack.Policies.allow;
import static dev.tapctl.stack.Policies.allowPrincipal;
import static dev.tapctl.stack.Policies.document;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tapctl.config.TapConfig;
import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.Inputs;
import dev.tapctl.engine.spi.Ref;
import dev.tapctl.stack.spec.ApiAccountSpec;
import dev.tapctl.stack.spec.ApiKeySpec;
import dev.tapctl.stack.spec.ApiRoutesSpec;
import dev.tapctl.stack.spec.Cors;
import dev.tapctl.stack.spec.FunctionSpec;
import dev.tapctl.stack.spec.GatewayResponsesSpec;
import dev.tapctl.stack.spec.IamRoleSpec;
import dev.tapctl.stack.spec.KmsKeySpec;
import dev.tapctl.stack.spec.LambdaPermissionSpec;
import dev.tapctl.stack.spec.LogGroupSpec;
import dev.tapctl.stack.spec.RestApiSpec;
import dev.tapctl.stack.spec.StageSpec;
import dev.tapctl.stack.spec.UsagePlanKeySpec;
import dev.tapctl.stack.spec.UsagePlanSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** The REST API in front of the configured function: stage, access logs, usage plan and API keys. */
final class ApiLayer {
    /** One JSON object per request in the access log. */
    static final String ACCESS_LOG_FORMAT =
            "{\"requestId\":\"$context.requestId\",\"ip\":\"$context.identity.sourceIp\","
                    + "\"requestTime\":\"$context.requestTime\",\"httpMethod\":\"$context.httpMethod\","
                    + "\"resourcePath\":\"$context.resourcePath\",\"status\":\"$context.status\","
                    + "\"responseLength\":\"$context.responseLength\",\"integrationLatency\":\"$context.integrationLatency\"}";
    /**
     * Every method but the CORS preflight (which browsers send without the key) needs an API key.
     * Sorted: the stage's fingerprint is made of its text, and Map.of iterates in an order that
     * changes from one JVM to the next.
     */
    private static final Map<String, Boolean> API_KEY_REQUIRED =
            Collections.unmodifiableSortedMap(new TreeMap<>(Map.of("ANY", true, "OPTIONS", false)));

    private static final String API_KEY_HEADER = "x-api-key";
    private static final boolean KEY_ENABLED = true;
    private static final List<String> PATHS = List.of("/items", "/items/{id}");

    /** What later layers use of the API. */
    record Refs(Ref<StageSpec> stage) {}

    private final LayerContext context;
    private final TapConfig config;
    private final Names names;
    private final ResourceTags tags;
    private final StackBuilder stack;

    private ApiLayer(LayerContext context) {
        this.context = context;
        this.config = context.config();
        this.names = context.names();
        this.tags = context.tags();
        this.stack = context.stack();
    }

    static Refs declare(LayerContext context, Ref<KmsKeySpec> key, FunctionLayer.Refs functions) {
        return new ApiLayer(context)
                .declare(key, functions.of(context.config().api().function()).function());
    }

    private Refs declare(Ref<KmsKeySpec> key, Ref<FunctionSpec> fn) {
        TapConfig.ApiConfig api = config.api();
        String apiName = names.api();
        Cors cors = new Cors(
                api.cors().allowOrigins(),
                api.cors().allowMethods(),
                withApiKeyHeader(api.cors().allowHeaders()),
                api.cors().maxAgeSeconds());
        // The API in three parts the plan shows apart: the shell, its routes (reconciled as one
        // set) and its gateway responses; the parts find the API by its id.
        Ref<RestApiSpec> rest = stack.add(
                "api.rest",
                Kinds.REST_API,
                apiName,
                in -> new RestApiSpec(
                        apiName, "tapctl " + config.prefix() + " items API", "REGIONAL", tags.of("api.rest", apiName)));
        Ref<ApiRoutesSpec> routes = stack.add(
                "api.routes",
                Kinds.API_ROUTES,
                names.apiRoutes(),
                in -> new ApiRoutesSpec(
                        in.get(rest, RestApiSpec.REST_API_ID), PATHS, integrationUri(in, fn), cors, API_KEY_REQUIRED));
        Ref<GatewayResponsesSpec> responses = stack.add(
                "api.gatewayresponses",
                Kinds.GATEWAY_RESPONSES,
                names.apiGatewayResponses(),
                in -> new GatewayResponsesSpec(in.get(rest, RestApiSpec.REST_API_ID), cors));

        String accessGroup = names.apiAccessLogGroup();
        Ref<LogGroupSpec> logs = context.logGroup("api.logs", accessGroup, key);

        Ref<ApiAccountSpec> account = account();

        String stageName = api.stageName();
        // Access logging needs the account's CloudWatch role in place: the stage waits for the setting.
        // A deployment freezes the routes and gateway responses as they are: the stage waits for
        // both, and its fingerprint is made of what they are made of, so that a change to either
        // makes a new deployment (and one made before the API was split keeps its fingerprint).
        Ref<StageSpec> stage = stack.declare("api.stage", Kinds.STAGE, names.stage())
                .after(account, routes, responses)
                .spec(in -> StageSpec.builder()
                        .restApiId(in.get(rest, RestApiSpec.REST_API_ID))
                        .stageName(stageName)
                        .definitionFingerprint(Fingerprint.of(PATHS, integrationUri(in, fn), cors, API_KEY_REQUIRED))
                        .rateLimit(api.throttling().rateLimit())
                        .burstLimit(api.throttling().burstLimit())
                        .accessLogDestinationArn(in.get(logs, LogGroupSpec.ARN))
                        .accessLogFormat(ACCESS_LOG_FORMAT)
                        .tags(tags.of("api.stage", names.stage()))
                        .build());

        String planName = names.usagePlan();
        Ref<UsagePlanSpec> plan = stack.add("api.usageplan", Kinds.USAGE_PLAN, planName, in -> UsagePlanSpec.builder()
                .name(planName)
                .restApiId(in.get(rest, RestApiSpec.REST_API_ID))
                .stageName(in.get(stage, StageSpec.STAGE_NAME))
                .rateLimit(api.throttling().rateLimit())
                .burstLimit(api.throttling().burstLimit())
                .quotaLimit(api.quota().limit())
                .quotaPeriod(api.quota().period())
                .tags(tags.of("api.usageplan", planName))
                .build());

        apiKeys(plan);

        // The permission names the function by name: it waits for the function all the same.
        String functionName = names.function(api.function());
        stack.declare("api.permission", Kinds.LAMBDA_PERMISSION, names.lambdaPermission(api.function()))
                .after(fn)
                .spec(in -> new LambdaPermissionSpec(
                        functionName,
                        "tapctl-apigateway-invoke",
                        "lambda:InvokeFunction",
                        "apigateway.amazonaws.com",
                        Arns.of(in).executeApi(in.get(rest, RestApiSpec.REST_API_ID), "*/*/*")));
        return new Refs(stage);
    }

    /**
     * One role and one setting per account and region, shared by every environment: no
     * Environment tag (each environment would rewrite it), and never destroyed.
     */
    private Ref<ApiAccountSpec> account() {
        String cloudWatchRole = names.apiGatewayCloudWatchRole();
        Ref<IamRoleSpec> role = stack.declare("api.account.role", Kinds.IAM_ROLE, cloudWatchRole)
                .policy(DeletionPolicy.RETAIN)
                .spec(in -> {
                    // The trust policy "Set up CloudWatch logging for REST APIs in API Gateway" shows:
                    // apigateway.amazonaws.com, sts:AssumeRole, no condition. No AWS page documents an
                    // aws:SourceAccount condition for this role, so none is set.
                    ObjectNode trust = document(allowPrincipal(
                            "ApiGatewayAssumesRole",
                            "Service",
                            "apigateway.amazonaws.com",
                            List.of("sts:AssumeRole"),
                            List.of()));
                    // Every action of AmazonAPIGatewayPushToCloudWatchLogs (the permissions that page
                    // requires; UpdateAccount refuses a role without them), on the groups API Gateway
                    // writes: its execution logs (API-Gateway-Execution-Logs_<api>/<stage>), the
                    // /aws/apigateway/welcome group it writes once the role is set, and the stacks' access
                    // logs. Every region: the role is one per account (IAM is global), while each region's
                    // API Gateway, and each environment in it, logs to its own groups.
                    Arns arns = Arns.of(in);
                    List<String> groups = List.of(
                            arns.logGroupInAnyRegion("API-Gateway-Execution-Logs_*"),
                            arns.logGroupInAnyRegion("/aws/apigateway/welcome"),
                            arns.logGroupInAnyRegion(names.anyEnvApiAccessLogGroup()));
                    List<String> groupsAndStreams = new ArrayList<>(groups);
                    groups.forEach(group -> groupsAndStreams.add(group + ":log-stream:*"));
                    ObjectNode policy = document(
                            allow(
                                    "WriteApiGatewayLogs",
                                    List.of(
                                            "logs:CreateLogGroup",
                                            "logs:CreateLogStream",
                                            "logs:DescribeLogStreams",
                                            "logs:FilterLogEvents",
                                            "logs:GetLogEvents",
                                            "logs:PutLogEvents"),
                                    groupsAndStreams),
                            // DescribeLogGroups authorizes against log-group:* only (Service Authorization
                            // Reference, "Actions, resources, and condition keys for Amazon CloudWatch Logs").
                            allow(
                                    "FindTheGroups",
                                    List.of("logs:DescribeLogGroups"),
                                    List.of(arns.logGroupInAnyRegion("*"))));
                    return new IamRoleSpec(
                            cloudWatchRole,
                            "Lets API Gateway write execution and access logs (account-wide)",
                            trust,
                            Map.of(cloudWatchRole, policy),
                            List.of(),
                            tags.accountWide("api.account.role", cloudWatchRole));
                });
        return stack.declare("api.account", Kinds.API_ACCOUNT, names.apiAccount())
                .policy(DeletionPolicy.RETAIN)
                .spec(in -> new ApiAccountSpec(in.get(role, IamRoleSpec.ARN)));
    }

    /**
     * One API key per client in {@code api.apiKeys} ({@code <prefix>-<client>}, value generated by
     * API Gateway and never part of a spec) and its membership of the usage plan: "Usage plans and
     * API keys for REST APIs" applies a plan's throttle and quota only to requests made with a key
     * of the plan, per key.
     */
    private void apiKeys(Ref<UsagePlanSpec> plan) {
        for (String client : new TreeSet<>(config.api().apiKeys())) {
            String keyId = "api.key." + client;
            String keyName = names.apiKey(client);
            Ref<ApiKeySpec> key = stack.add(
                    keyId,
                    Kinds.API_KEY,
                    keyName,
                    in -> new ApiKeySpec(
                            keyName,
                            "API key of client " + client + " of " + names.api(),
                            KEY_ENABLED,
                            tags.of(keyId, keyName)));
            stack.add(
                    "api.usageplan.key." + client,
                    Kinds.USAGE_PLAN_KEY,
                    names.usagePlanKey(client),
                    in -> new UsagePlanKeySpec(
                            in.get(plan, UsagePlanSpec.USAGE_PLAN_ID), in.get(key, ApiKeySpec.API_KEY_ID), keyName));
        }
    }

    /** Browsers send x-api-key only if the preflight allows it: added unless configured (in any case). */
    private static List<String> withApiKeyHeader(List<String> headers) {
        if (headers.stream().anyMatch(API_KEY_HEADER::equalsIgnoreCase)) {
            return headers;
        }
        List<String> all = new ArrayList<>(headers);
        all.add(API_KEY_HEADER);
        return List.copyOf(all);
    }

    private static String integrationUri(Inputs in, Ref<FunctionSpec> fn) {
        return Arns.of(in).lambdaIntegration(in.get(fn, FunctionSpec.ARN));
    }
}

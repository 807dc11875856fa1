package dev.tapctl.resources;

import dev.tapctl.aws.AwsClients;
import dev.tapctl.engine.spi.HandlerCatalog;
import dev.tapctl.engine.spi.Kind;
import dev.tapctl.engine.spi.ResourceHandler;
import dev.tapctl.resources.apigateway.ApiAccountHandler;
import dev.tapctl.resources.apigateway.ApiKeyHandler;
import dev.tapctl.resources.apigateway.ApiRoutesHandler;
import dev.tapctl.resources.apigateway.GatewayResponsesHandler;
import dev.tapctl.resources.apigateway.RestApiHandler;
import dev.tapctl.resources.apigateway.StageHandler;
import dev.tapctl.resources.apigateway.UsagePlanHandler;
import dev.tapctl.resources.apigateway.UsagePlanKeyHandler;
import dev.tapctl.resources.cloudwatch.AlarmHandler;
import dev.tapctl.resources.dynamodb.TableHandler;
import dev.tapctl.resources.ec2.ElasticIpHandler;
import dev.tapctl.resources.ec2.FlowLogHandler;
import dev.tapctl.resources.ec2.InstanceHandler;
import dev.tapctl.resources.ec2.InternetGatewayHandler;
import dev.tapctl.resources.ec2.NatGatewayHandler;
import dev.tapctl.resources.ec2.RouteTableHandler;
import dev.tapctl.resources.ec2.SecurityGroupHandler;
import dev.tapctl.resources.ec2.SubnetHandler;
import dev.tapctl.resources.ec2.VpcEndpointHandler;
import dev.tapctl.resources.ec2.VpcHandler;
import dev.tapctl.resources.iam.IamRoleHandler;
import dev.tapctl.resources.iam.InstanceProfileHandler;
import dev.tapctl.resources.kms.KmsKeyHandler;
import dev.tapctl.resources.lambda.FunctionHandler;
import dev.tapctl.resources.lambda.LambdaPermissionHandler;
import dev.tapctl.resources.logs.LogGroupHandler;
import dev.tapctl.resources.rds.DbInstanceHandler;
import dev.tapctl.resources.rds.DbSubnetGroupHandler;
import dev.tapctl.resources.s3.BucketHandler;
import dev.tapctl.resources.secrets.SecretHandler;
import dev.tapctl.resources.sns.SubscriptionHandler;
import dev.tapctl.resources.sns.TopicHandler;
import dev.tapctl.resources.sqs.QueueHandler;
import dev.tapctl.stack.Kinds;
import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

/**
 * Every handler, by kind. Handlers are built on first use so that a run builds only the SDK
 * clients its resources need.
 */
public final class AwsHandlerCatalog implements HandlerCatalog {

    /** Choices of the run that change what a handler may do. */
    public record Options(boolean deleteQueuesHoldingMessages) {
        public static final Options DEFAULT = new Options(false);
    }

    /**
     * Every handler, by kind, each after the kinds its objects may depend on ({@link #kinds()}):
     * the order orphans are listed in and removed in reverse.
     */
    private static final Map<String, Entry<?>> FACTORIES = inOrder(
            entry(Kinds.KMS_KEY, (c, o) -> new KmsKeyHandler(c.kms(), c.eventually())),
            entry(Kinds.VPC, (c, o) -> new VpcHandler(c.ec2(), c.waiterConfig(), c.eventually())),
            entry(Kinds.INTERNET_GATEWAY, (c, o) -> new InternetGatewayHandler(c.ec2(), c.eventually())),
            entry(Kinds.SUBNET, (c, o) -> new SubnetHandler(c.ec2(), c.waiterConfig(), c.eventually())),
            entry(Kinds.ELASTIC_IP, (c, o) -> new ElasticIpHandler(c.ec2(), c.eventually())),
            entry(Kinds.NAT_GATEWAY, (c, o) -> new NatGatewayHandler(c.ec2(), c.waiterConfig(), c.eventually())),
            entry(Kinds.ROUTE_TABLE, (c, o) -> new RouteTableHandler(c.ec2(), c.eventually())),
            entry(Kinds.SECURITY_GROUP, (c, o) -> new SecurityGroupHandler(c.ec2(), c.eventually())),
            entry(Kinds.VPC_ENDPOINT, (c, o) -> new VpcEndpointHandler(c.ec2(), c.waiterConfig(), c.eventually())),
            entry(Kinds.LOG_GROUP, (c, o) -> new LogGroupHandler(c.logs())),
            entry(Kinds.QUEUE, (c, o) -> new QueueHandler(c.sqs(), c.eventually(), o.deleteQueuesHoldingMessages())),
            entry(Kinds.SECRET, (c, o) -> new SecretHandler(c.secrets())),
            entry(Kinds.IAM_ROLE, (c, o) -> new IamRoleHandler(c.iam(), c.eventually())),
            entry(Kinds.FLOW_LOG, (c, o) -> new FlowLogHandler(c.ec2())),
            entry(Kinds.DB_SUBNET_GROUP, (c, o) -> new DbSubnetGroupHandler(c.rds(), c.waiterConfig())),
            entry(
                    Kinds.DB_INSTANCE,
                    (c, o) -> new DbInstanceHandler(c.rds(), c.secrets(), c.waiterConfig(), Clock.systemUTC())),
            entry(Kinds.TABLE, (c, o) -> new TableHandler(c.dynamodb(), c.waiterConfig())),
            entry(Kinds.BUCKET, (c, o) -> new BucketHandler(c.s3(), c.cloudwatch())),
            entry(
                    Kinds.FUNCTION,
                    (c, o) -> new FunctionHandler(c.lambda(), c.logs(), c.waiterConfig(), c.eventually())),
            entry(Kinds.REST_API, (c, o) -> new RestApiHandler(c.apigateway())),
            entry(Kinds.API_ROUTES, (c, o) -> new ApiRoutesHandler(c.apigateway())),
            entry(Kinds.GATEWAY_RESPONSES, (c, o) -> new GatewayResponsesHandler(c.apigateway())),
            entry(Kinds.LAMBDA_PERMISSION, (c, o) -> new LambdaPermissionHandler(c.lambda())),
            entry(Kinds.API_ACCOUNT, (c, o) -> new ApiAccountHandler(c.apigateway(), c.eventually())),
            entry(Kinds.STAGE, (c, o) -> new StageHandler(c.apigateway())),
            entry(Kinds.USAGE_PLAN, (c, o) -> new UsagePlanHandler(c.apigateway())),
            entry(Kinds.API_KEY, (c, o) -> new ApiKeyHandler(c.apigateway())),
            entry(Kinds.USAGE_PLAN_KEY, (c, o) -> new UsagePlanKeyHandler(c.apigateway())),
            entry(Kinds.INSTANCE_PROFILE, (c, o) -> new InstanceProfileHandler(c.iam(), c.waiterConfig())),
            entry(Kinds.INSTANCE, (c, o) -> new InstanceHandler(c.ec2(), c.waiterConfig(), c.eventually())),
            entry(Kinds.TOPIC, (c, o) -> new TopicHandler(c.sns())),
            entry(Kinds.TOPIC_SUBSCRIPTION, (c, o) -> new SubscriptionHandler(c.sns(), c::accountId, c.region())),
            entry(Kinds.ALARM, (c, o) -> new AlarmHandler(c.cloudwatch())));

    private final AwsClients clients;
    private final Options options;

    private final Map<String, ResourceHandler<?, ?>> built = new ConcurrentHashMap<>();

    public AwsHandlerCatalog(AwsClients clients, Options options) {
        this.clients = clients;
        this.options = options;
    }

    /**
     * How to build the handler of one kind; the spec type ties the two, so a handler cannot be
     * listed under a kind whose specs it does not take.
     */
    private record Entry<S>(Kind<S> kind, BiFunction<AwsClients, Options, ResourceHandler<S, ?>> factory) {}

    private static <S> Entry<S> entry(Kind<S> kind, BiFunction<AwsClients, Options, ResourceHandler<S, ?>> factory) {
        return new Entry<>(kind, factory);
    }

    private static Map<String, Entry<?>> inOrder(Entry<?>... entries) {
        Map<String, Entry<?>> map = new LinkedHashMap<>();
        for (Entry<?> entry : entries) {
            map.put(entry.kind().name(), entry);
        }
        return Collections.unmodifiableMap(map);
    }

    @Override
    public List<String> kinds() {
        return allKinds();
    }

    /** Every kind there is a handler for, in {@link #kinds()}'s order; needs no client. */
    public static List<String> allKinds() {
        return List.copyOf(FACTORIES.keySet());
    }

    @Override
    public ResourceHandler<?, ?> forKind(String kind) {
        return built.computeIfAbsent(kind, k -> {
            Entry<?> entry = FACTORIES.get(k);
            if (entry == null) {
                throw new IllegalArgumentException("no handler for kind " + k);
            }
            return entry.factory().apply(clients, options);
        });
    }
}

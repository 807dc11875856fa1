package dev.tapctl.stack;

import dev.tapctl.engine.spi.Kind;
import dev.tapctl.stack.spec.AlarmSpec;
import dev.tapctl.stack.spec.ApiAccountSpec;
import dev.tapctl.stack.spec.ApiKeySpec;
import dev.tapctl.stack.spec.ApiRoutesSpec;
import dev.tapctl.stack.spec.BucketSpec;
import dev.tapctl.stack.spec.DbInstanceSpec;
import dev.tapctl.stack.spec.DbSubnetGroupSpec;
import dev.tapctl.stack.spec.ElasticIpSpec;
import dev.tapctl.stack.spec.FlowLogSpec;
import dev.tapctl.stack.spec.FunctionSpec;
import dev.tapctl.stack.spec.GatewayResponsesSpec;
import dev.tapctl.stack.spec.IamRoleSpec;
import dev.tapctl.stack.spec.InstanceProfileSpec;
import dev.tapctl.stack.spec.InstanceSpec;
import dev.tapctl.stack.spec.InternetGatewaySpec;
import dev.tapctl.stack.spec.KmsKeySpec;
import dev.tapctl.stack.spec.LambdaPermissionSpec;
import dev.tapctl.stack.spec.LogGroupSpec;
import dev.tapctl.stack.spec.NatGatewaySpec;
import dev.tapctl.stack.spec.QueueSpec;
import dev.tapctl.stack.spec.RestApiSpec;
import dev.tapctl.stack.spec.RouteTableSpec;
import dev.tapctl.stack.spec.SecretSpec;
import dev.tapctl.stack.spec.SecurityGroupSpec;
import dev.tapctl.stack.spec.StageSpec;
import dev.tapctl.stack.spec.SubnetSpec;
import dev.tapctl.stack.spec.SubscriptionSpec;
import dev.tapctl.stack.spec.TableSpec;
import dev.tapctl.stack.spec.TopicSpec;
import dev.tapctl.stack.spec.UsagePlanKeySpec;
import dev.tapctl.stack.spec.UsagePlanSpec;
import dev.tapctl.stack.spec.VpcEndpointSpec;
import dev.tapctl.stack.spec.VpcSpec;

/** The resource kinds of the stack; each has exactly one handler. */
public final class Kinds {
    public static final Kind<KmsKeySpec> KMS_KEY = Kind.of("aws.kms.key", KmsKeySpec.class);
    public static final Kind<VpcSpec> VPC = Kind.of("aws.ec2.vpc", VpcSpec.class);
    public static final Kind<InternetGatewaySpec> INTERNET_GATEWAY =
            Kind.of("aws.ec2.internet-gateway", InternetGatewaySpec.class);
    public static final Kind<SubnetSpec> SUBNET = Kind.of("aws.ec2.subnet", SubnetSpec.class);
    public static final Kind<RouteTableSpec> ROUTE_TABLE = Kind.of("aws.ec2.route-table", RouteTableSpec.class);
    public static final Kind<SecurityGroupSpec> SECURITY_GROUP =
            Kind.of("aws.ec2.security-group", SecurityGroupSpec.class);
    public static final Kind<FlowLogSpec> FLOW_LOG = Kind.of("aws.ec2.flow-log", FlowLogSpec.class);
    public static final Kind<LogGroupSpec> LOG_GROUP = Kind.of("aws.logs.log-group", LogGroupSpec.class);
    public static final Kind<IamRoleSpec> IAM_ROLE = Kind.of("aws.iam.role", IamRoleSpec.class);
    public static final Kind<SecretSpec> SECRET = Kind.of("aws.secretsmanager.secret", SecretSpec.class);
    public static final Kind<DbSubnetGroupSpec> DB_SUBNET_GROUP =
            Kind.of("aws.rds.db-subnet-group", DbSubnetGroupSpec.class);
    public static final Kind<DbInstanceSpec> DB_INSTANCE = Kind.of("aws.rds.db-instance", DbInstanceSpec.class);
    public static final Kind<TableSpec> TABLE = Kind.of("aws.dynamodb.table", TableSpec.class);
    public static final Kind<BucketSpec> BUCKET = Kind.of("aws.s3.bucket", BucketSpec.class);
    public static final Kind<QueueSpec> QUEUE = Kind.of("aws.sqs.queue", QueueSpec.class);
    public static final Kind<FunctionSpec> FUNCTION = Kind.of("aws.lambda.function", FunctionSpec.class);
    public static final Kind<LambdaPermissionSpec> LAMBDA_PERMISSION =
            Kind.of("aws.lambda.permission", LambdaPermissionSpec.class);
    public static final Kind<RestApiSpec> REST_API = Kind.of("aws.apigateway.rest-api", RestApiSpec.class);
    public static final Kind<ApiRoutesSpec> API_ROUTES = Kind.of("aws.apigateway.routes", ApiRoutesSpec.class);
    public static final Kind<GatewayResponsesSpec> GATEWAY_RESPONSES =
            Kind.of("aws.apigateway.gateway-responses", GatewayResponsesSpec.class);
    public static final Kind<StageSpec> STAGE = Kind.of("aws.apigateway.stage", StageSpec.class);
    public static final Kind<UsagePlanSpec> USAGE_PLAN = Kind.of("aws.apigateway.usage-plan", UsagePlanSpec.class);
    public static final Kind<ApiAccountSpec> API_ACCOUNT = Kind.of("aws.apigateway.account", ApiAccountSpec.class);
    public static final Kind<InstanceProfileSpec> INSTANCE_PROFILE =
            Kind.of("aws.iam.instance-profile", InstanceProfileSpec.class);
    public static final Kind<InstanceSpec> INSTANCE = Kind.of("aws.ec2.instance", InstanceSpec.class);
    public static final Kind<ElasticIpSpec> ELASTIC_IP = Kind.of("aws.ec2.elastic-ip", ElasticIpSpec.class);
    public static final Kind<NatGatewaySpec> NAT_GATEWAY = Kind.of("aws.ec2.nat-gateway", NatGatewaySpec.class);
    public static final Kind<VpcEndpointSpec> VPC_ENDPOINT = Kind.of("aws.ec2.vpc-endpoint", VpcEndpointSpec.class);
    public static final Kind<ApiKeySpec> API_KEY = Kind.of("aws.apigateway.api-key", ApiKeySpec.class);
    public static final Kind<UsagePlanKeySpec> USAGE_PLAN_KEY =
            Kind.of("aws.apigateway.usage-plan-key", UsagePlanKeySpec.class);
    public static final Kind<TopicSpec> TOPIC = Kind.of("aws.sns.topic", TopicSpec.class);
    public static final Kind<SubscriptionSpec> TOPIC_SUBSCRIPTION =
            Kind.of("aws.sns.subscription", SubscriptionSpec.class);
    public static final Kind<AlarmSpec> ALARM = Kind.of("aws.cloudwatch.alarm", AlarmSpec.class);

    private Kinds() {}
}

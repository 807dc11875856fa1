package dev.tapctl.stack;

/** The resource kinds of the stack; each has exactly one handler. */
public final class Kinds {
    public static final String KMS_KEY = "aws.kms.key";
    public static final String VPC = "aws.ec2.vpc";
    public static final String INTERNET_GATEWAY = "aws.ec2.internet-gateway";
    public static final String SUBNET = "aws.ec2.subnet";
    public static final String ROUTE_TABLE = "aws.ec2.route-table";
    public static final String SECURITY_GROUP = "aws.ec2.security-group";
    public static final String FLOW_LOG = "aws.ec2.flow-log";
    public static final String LOG_GROUP = "aws.logs.log-group";
    public static final String IAM_ROLE = "aws.iam.role";
    public static final String SECRET = "aws.secretsmanager.secret";
    public static final String DB_SUBNET_GROUP = "aws.rds.db-subnet-group";
    public static final String DB_INSTANCE = "aws.rds.db-instance";
    public static final String TABLE = "aws.dynamodb.table";
    public static final String BUCKET = "aws.s3.bucket";
    public static final String QUEUE = "aws.sqs.queue";
    public static final String FUNCTION = "aws.lambda.function";
    public static final String LAMBDA_PERMISSION = "aws.lambda.permission";
    public static final String REST_API = "aws.apigateway.rest-api";
    public static final String STAGE = "aws.apigateway.stage";
    public static final String USAGE_PLAN = "aws.apigateway.usage-plan";
    public static final String API_ACCOUNT = "aws.apigateway.account";
    public static final String INSTANCE_PROFILE = "aws.iam.instance-profile";
    public static final String INSTANCE = "aws.ec2.instance";
    public static final String ELASTIC_IP = "aws.ec2.elastic-ip";
    public static final String NAT_GATEWAY = "aws.ec2.nat-gateway";
    public static final String VPC_ENDPOINT = "aws.ec2.vpc-endpoint";
    public static final String API_KEY = "aws.apigateway.api-key";
    public static final String USAGE_PLAN_KEY = "aws.apigateway.usage-plan-key";
    public static final String TOPIC = "aws.sns.topic";
    public static final String TOPIC_SUBSCRIPTION = "aws.sns.subscription";
    public static final String ALARM = "aws.cloudwatch.alarm";

    private Kinds() {
    }
}

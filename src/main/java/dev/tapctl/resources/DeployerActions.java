package dev.tapctl.resources;

import static dev.tapctl.stack.PolicyScope.ALARMS;
import static dev.tapctl.stack.PolicyScope.ANY;
import static dev.tapctl.stack.PolicyScope.ANY_LOG_GROUP;
import static dev.tapctl.stack.PolicyScope.API_GATEWAY;
import static dev.tapctl.stack.PolicyScope.BUCKET;
import static dev.tapctl.stack.PolicyScope.DATABASE;
import static dev.tapctl.stack.PolicyScope.EC2_REGION;
import static dev.tapctl.stack.PolicyScope.FUNCTIONS;
import static dev.tapctl.stack.PolicyScope.INSTANCE_PROFILES;
import static dev.tapctl.stack.PolicyScope.KEYS;
import static dev.tapctl.stack.PolicyScope.KEY_ALIAS;
import static dev.tapctl.stack.PolicyScope.LOCK_TABLE;
import static dev.tapctl.stack.PolicyScope.LOG_GROUPS;
import static dev.tapctl.stack.PolicyScope.PUBLIC_AMI_PARAMETERS;
import static dev.tapctl.stack.PolicyScope.QUEUES;
import static dev.tapctl.stack.PolicyScope.ROLES;
import static dev.tapctl.stack.PolicyScope.SECRET;
import static dev.tapctl.stack.PolicyScope.TABLE;
import static dev.tapctl.stack.PolicyScope.TOPIC;

import dev.tapctl.engine.spi.Kind;
import dev.tapctl.stack.Kinds;
import dev.tapctl.stack.PolicyScope;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The IAM actions tapctl's calls need, declared once per resource kind (what its handler calls in
 * read, create, update, delete and the orphan listing) plus the run's own calls. {@link DeployerPolicy}
 * prints them as the deployer's policy; the proof test holds them to the calls a full run makes.
 *
 * <p>Resource-level permissions follow the Service Authorization Reference: an action whose
 * resource type is an object tapctl names by the environment is granted on those names; one that
 * authorizes against no resource (every {@code Describe*} of EC2, {@code CreateKey}, {@code ListRoles}
 * ...) on {@code *}.
 */
public final class DeployerActions {
    private DeployerActions() {}

    /** {@code actions} (IAM action names, {@code service:Action}) on the resources of {@code scope}. */
    public record Grant(PolicyScope scope, List<String> actions) {
        public Grant {
            actions = List.copyOf(actions);
        }
    }

    /**
     * An action no API operation of its own names but AWS authorizes as part of another: calling
     * any of {@code whenCalling} (API operations, {@code service:Operation}) also needs {@code action}
     * on {@code scope}, as the AWS page titled {@code reference} says.
     */
    public record Implied(String action, PolicyScope scope, List<String> whenCalling, String reference) {
        public Implied {
            whenCalling = List.copyOf(whenCalling);
        }

        Grant grant() {
            return new Grant(scope, List.of(action));
        }
    }

    private static final String PASS_ROLE = "IAM User Guide: Grant a user permissions to pass a role to an AWS service";
    private static final String TAG_ON_CREATE = "Service Authorization Reference: Actions, resources, and condition"
            + " keys for AWS services (the Dependent actions column: tags given on create are authorized as the"
            + " service's tagging action)";

    private static final Map<String, List<Grant>> BY_KIND = inOrder(
            kind(
                    Kinds.KMS_KEY,
                    grant(ANY, "kms:CreateKey", "kms:ListKeys"),
                    grant(KEY_ALIAS, "kms:CreateAlias", "kms:DeleteAlias", "kms:UpdateAlias"),
                    grant(
                            KEYS,
                            "kms:CancelKeyDeletion",
                            "kms:DescribeKey",
                            "kms:EnableKey",
                            "kms:EnableKeyRotation",
                            "kms:GetKeyPolicy",
                            "kms:GetKeyRotationStatus",
                            "kms:ListResourceTags",
                            "kms:PutKeyPolicy",
                            "kms:ScheduleKeyDeletion",
                            "kms:TagResource",
                            "kms:UpdateKeyDescription")),
            kind(
                    Kinds.VPC,
                    grant(ANY, "ec2:DescribeVpcAttribute", "ec2:DescribeVpcs"),
                    grant(EC2_REGION, "ec2:CreateTags", "ec2:CreateVpc", "ec2:DeleteVpc", "ec2:ModifyVpcAttribute")),
            kind(
                    Kinds.INTERNET_GATEWAY,
                    grant(ANY, "ec2:DescribeInternetGateways"),
                    grant(
                            EC2_REGION,
                            "ec2:AttachInternetGateway",
                            "ec2:CreateInternetGateway",
                            "ec2:CreateTags",
                            "ec2:DeleteInternetGateway",
                            "ec2:DetachInternetGateway")),
            kind(
                    Kinds.SUBNET,
                    grant(ANY, "ec2:DescribeSubnets"),
                    grant(
                            EC2_REGION,
                            "ec2:CreateSubnet",
                            "ec2:CreateTags",
                            "ec2:DeleteSubnet",
                            "ec2:ModifySubnetAttribute")),
            kind(
                    Kinds.ELASTIC_IP,
                    grant(ANY, "ec2:DescribeAddresses"),
                    grant(EC2_REGION, "ec2:AllocateAddress", "ec2:CreateTags", "ec2:ReleaseAddress")),
            kind(
                    Kinds.NAT_GATEWAY,
                    grant(ANY, "ec2:DescribeNatGateways"),
                    grant(EC2_REGION, "ec2:CreateNatGateway", "ec2:CreateTags", "ec2:DeleteNatGateway")),
            kind(
                    Kinds.ROUTE_TABLE,
                    grant(ANY, "ec2:DescribeRouteTables"),
                    grant(
                            EC2_REGION,
                            "ec2:AssociateRouteTable",
                            "ec2:CreateRoute",
                            "ec2:CreateRouteTable",
                            "ec2:CreateTags",
                            "ec2:DeleteRoute",
                            "ec2:DeleteRouteTable",
                            "ec2:DisassociateRouteTable",
                            "ec2:ReplaceRoute",
                            "ec2:ReplaceRouteTableAssociation")),
            kind(
                    Kinds.SECURITY_GROUP,
                    grant(ANY, "ec2:DescribeSecurityGroups"),
                    grant(
                            EC2_REGION,
                            "ec2:AuthorizeSecurityGroupIngress",
                            "ec2:CreateSecurityGroup",
                            "ec2:CreateTags",
                            "ec2:DeleteSecurityGroup",
                            "ec2:RevokeSecurityGroupIngress")),
            kind(
                    Kinds.VPC_ENDPOINT,
                    grant(ANY, "ec2:DescribeVpcEndpoints"),
                    grant(
                            EC2_REGION,
                            "ec2:CreateTags",
                            "ec2:CreateVpcEndpoint",
                            "ec2:DeleteVpcEndpoints",
                            "ec2:ModifyVpcEndpoint")),
            kind(
                    Kinds.LOG_GROUP,
                    grant(ANY_LOG_GROUP, "logs:DescribeLogGroups"),
                    grant(
                            LOG_GROUPS,
                            "logs:AssociateKmsKey",
                            "logs:CreateLogGroup",
                            "logs:DeleteLogGroup",
                            "logs:ListTagsForResource",
                            "logs:PutRetentionPolicy",
                            "logs:TagResource")),
            kind(
                    Kinds.QUEUE,
                    grant(ANY, "sqs:ListQueues"),
                    grant(
                            QUEUES,
                            "sqs:CreateQueue",
                            "sqs:DeleteQueue",
                            "sqs:GetQueueAttributes",
                            "sqs:GetQueueUrl",
                            "sqs:ListQueueTags",
                            "sqs:SetQueueAttributes",
                            "sqs:TagQueue")),
            kind(
                    Kinds.SECRET,
                    grant(ANY, "secretsmanager:GetRandomPassword"),
                    grant(
                            SECRET,
                            "secretsmanager:CreateSecret",
                            "secretsmanager:DeleteSecret",
                            "secretsmanager:DescribeSecret",
                            "secretsmanager:RestoreSecret",
                            "secretsmanager:TagResource",
                            "secretsmanager:UpdateSecret")),
            kind(
                    Kinds.IAM_ROLE,
                    // The environment's roles by their path, for orphans (ListRoles authorizes against no
                    // resource type). No GetAccountAuthorizationDetails: a plan reads roles by name.
                    grant(ANY, "iam:ListRoles"),
                    grant(
                            ROLES,
                            "iam:CreateRole",
                            "iam:DeleteRole",
                            "iam:DeleteRolePolicy",
                            "iam:DetachRolePolicy",
                            "iam:GetRole",
                            "iam:GetRolePolicy",
                            "iam:ListAttachedRolePolicies",
                            "iam:ListInstanceProfilesForRole",
                            "iam:ListRolePolicies",
                            "iam:ListRoleTags",
                            "iam:PutRolePolicy",
                            "iam:TagRole",
                            "iam:UpdateAssumeRolePolicy",
                            "iam:UpdateRole")),
            kind(
                    Kinds.FLOW_LOG,
                    grant(ANY, "ec2:DescribeFlowLogs"),
                    grant(EC2_REGION, "ec2:CreateFlowLogs", "ec2:CreateTags", "ec2:DeleteFlowLogs")),
            kind(
                    Kinds.DB_SUBNET_GROUP,
                    grant(ANY, "rds:DescribeDBInstances", "rds:DescribeDBSubnetGroups"),
                    grant(
                            DATABASE,
                            "rds:AddTagsToResource",
                            "rds:CreateDBSubnetGroup",
                            "rds:DeleteDBSubnetGroup",
                            "rds:ListTagsForResource",
                            "rds:ModifyDBSubnetGroup")),
            kind(
                    Kinds.DB_INSTANCE,
                    grant(ANY, "rds:DescribeDBEngineVersions", "rds:DescribeDBInstances", "rds:DescribeDBSnapshots"),
                    grant(
                            DATABASE,
                            "rds:AddTagsToResource",
                            "rds:CreateDBInstance",
                            "rds:DeleteDBInstance",
                            "rds:ListTagsForResource",
                            "rds:ModifyDBInstance"),
                    // The master password goes from the secret to RDS and nowhere else.
                    grant(SECRET, "secretsmanager:GetSecretValue")),
            kind(
                    Kinds.TABLE,
                    grant(
                            TABLE,
                            "dynamodb:CreateTable",
                            "dynamodb:DeleteTable",
                            "dynamodb:DescribeContinuousBackups",
                            "dynamodb:DescribeTable",
                            "dynamodb:ListTagsOfResource",
                            "dynamodb:TagResource",
                            "dynamodb:UpdateContinuousBackups",
                            "dynamodb:UpdateTable")),
            kind(
                    Kinds.BUCKET,
                    // What a bucket holds is read from its CloudWatch storage metrics (plan of a
                    // delete, replace or retain); GetMetricData has no resource types (Service
                    // Authorization Reference, Amazon CloudWatch), so it is granted on "*".
                    grant(ANY, "cloudwatch:GetMetricData"),
                    // S3's IAM actions are not its operation names: GetBucketEncryption is
                    // s3:GetEncryptionConfiguration, Get/Put/DeletePublicAccessBlock s3:*BucketPublicAccessBlock.
                    grant(
                            BUCKET,
                            "s3:CreateBucket",
                            "s3:GetBucketPolicy",
                            "s3:GetBucketPublicAccessBlock",
                            "s3:GetBucketTagging",
                            "s3:GetBucketVersioning",
                            "s3:GetEncryptionConfiguration",
                            "s3:PutBucketPolicy",
                            "s3:PutBucketPublicAccessBlock",
                            "s3:PutBucketTagging",
                            "s3:PutBucketVersioning",
                            "s3:PutEncryptionConfiguration")),
            kind(
                    Kinds.FUNCTION,
                    // Orphans are found through the functions' log groups (ListFunctions lists the account).
                    grant(ANY_LOG_GROUP, "logs:DescribeLogGroups"),
                    grant(
                            FUNCTIONS,
                            "lambda:CreateFunction",
                            "lambda:DeleteFunction",
                            "lambda:GetFunction",
                            "lambda:TagResource",
                            "lambda:UpdateFunctionCode",
                            "lambda:UpdateFunctionConfiguration")),
            // TagResource is PUT, UntagResource DELETE on /tags/<arn> (the parts keep their spec hash on the API).
            kind(Kinds.REST_API, apiGateway("GET", "POST", "PUT", "PATCH", "DELETE")),
            kind(Kinds.API_ROUTES, apiGateway("GET", "POST", "PUT", "PATCH", "DELETE")),
            kind(Kinds.GATEWAY_RESPONSES, apiGateway("GET", "PUT", "DELETE")),
            kind(
                    Kinds.LAMBDA_PERMISSION,
                    grant(FUNCTIONS, "lambda:AddPermission", "lambda:GetPolicy", "lambda:RemovePermission")),
            kind(Kinds.API_ACCOUNT, apiGateway("GET", "PATCH")),
            kind(Kinds.STAGE, apiGateway("GET", "POST", "PUT", "PATCH", "DELETE")),
            kind(Kinds.USAGE_PLAN, apiGateway("GET", "POST", "PUT", "PATCH", "DELETE")),
            kind(Kinds.API_KEY, apiGateway("GET", "POST", "PUT", "PATCH", "DELETE")),
            kind(Kinds.USAGE_PLAN_KEY, apiGateway("GET", "POST", "DELETE")),
            kind(
                    Kinds.INSTANCE_PROFILE,
                    grant(
                            INSTANCE_PROFILES,
                            "iam:AddRoleToInstanceProfile",
                            "iam:CreateInstanceProfile",
                            "iam:DeleteInstanceProfile",
                            "iam:GetInstanceProfile",
                            "iam:RemoveRoleFromInstanceProfile",
                            "iam:TagInstanceProfile")),
            kind(
                    Kinds.INSTANCE,
                    grant(
                            ANY,
                            "ec2:DescribeIamInstanceProfileAssociations",
                            "ec2:DescribeImages",
                            "ec2:DescribeInstances",
                            "ec2:DescribeVolumes"),
                    grant(
                            EC2_REGION,
                            "ec2:AssociateIamInstanceProfile",
                            "ec2:CreateTags",
                            "ec2:ModifyInstanceAttribute",
                            "ec2:ModifyInstanceMetadataOptions",
                            "ec2:ModifyNetworkInterfaceAttribute",
                            "ec2:ReplaceIamInstanceProfileAssociation",
                            "ec2:RunInstances",
                            "ec2:StartInstances",
                            "ec2:StopInstances",
                            "ec2:TerminateInstances")),
            kind(
                    Kinds.TOPIC,
                    grant(
                            TOPIC,
                            "sns:CreateTopic",
                            "sns:DeleteTopic",
                            "sns:GetTopicAttributes",
                            "sns:ListTagsForResource",
                            "sns:SetTopicAttributes",
                            "sns:TagResource")),
            kind(
                    Kinds.TOPIC_SUBSCRIPTION,
                    grant(
                            TOPIC,
                            "sns:GetSubscriptionAttributes",
                            "sns:ListSubscriptionsByTopic",
                            "sns:Subscribe",
                            "sns:Unsubscribe")),
            kind(
                    Kinds.ALARM,
                    grant(ANY, "cloudwatch:DescribeAlarms"),
                    grant(
                            ALARMS,
                            "cloudwatch:DeleteAlarms",
                            "cloudwatch:ListTagsForResource",
                            "cloudwatch:PutMetricAlarm",
                            "cloudwatch:TagResource")));

    /**
     * The run's own calls: the account id, the zones (plan, apply, outputs), and the environment's
     * lock (an item of one table shared by every environment, created by the first run).
     */
    private static final List<Grant> RUN = List.of(
            grant(ANY, "ec2:DescribeAvailabilityZones", "sts:GetCallerIdentity"),
            grant(
                    LOCK_TABLE,
                    "dynamodb:CreateTable",
                    "dynamodb:DescribeTable",
                    "dynamodb:GetItem",
                    "dynamodb:UpdateItem"));

    /** Actions AWS authorizes within another call; no call of their own shows them in a call log. */
    private static final List<Implied> IMPLIED = List.of(
            new Implied(
                    "iam:PassRole",
                    ROLES,
                    List.of(
                            "lambda:CreateFunction",
                            "lambda:UpdateFunctionConfiguration",
                            "ec2:CreateFlowLogs",
                            "ec2:RunInstances",
                            "ec2:AssociateIamInstanceProfile",
                            "ec2:ReplaceIamInstanceProfileAssociation",
                            "iam:AddRoleToInstanceProfile",
                            "apigateway:UpdateAccount"),
                    PASS_ROLE),
            new Implied(
                    "kms:CreateGrant",
                    KEYS,
                    List.of("rds:CreateDBInstance", "dynamodb:CreateTable", "ec2:RunInstances"),
                    "Amazon RDS User Guide: AWS KMS key management; AWS KMS Developer Guide: How Amazon DynamoDB uses"
                            + " AWS KMS; Amazon EBS User Guide: Requirements for Amazon EBS encryption"),
            new Implied(
                    "kms:DescribeKey",
                    KEYS,
                    List.of("rds:CreateDBInstance", "dynamodb:CreateTable", "ec2:RunInstances"),
                    "Amazon RDS User Guide: AWS KMS key management; AWS KMS Developer Guide: How Amazon DynamoDB uses"
                            + " AWS KMS; Amazon EBS User Guide: Requirements for Amazon EBS encryption"),
            new Implied(
                    "kms:GenerateDataKeyWithoutPlaintext",
                    KEYS,
                    List.of("ec2:RunInstances"),
                    "Amazon EBS User Guide: Requirements for Amazon EBS encryption"),
            new Implied(
                    "kms:Decrypt",
                    KEYS,
                    List.of("ec2:RunInstances", "secretsmanager:GetSecretValue"),
                    "Amazon EBS User Guide: Requirements for Amazon EBS encryption; Secrets Manager User Guide:"
                            + " Secret encryption and decryption in AWS Secrets Manager"),
            new Implied(
                    "kms:GenerateDataKey",
                    KEYS,
                    List.of("secretsmanager:CreateSecret", "secretsmanager:UpdateSecret"),
                    "Secrets Manager User Guide: Secret encryption and decryption in AWS Secrets Manager"),
            new Implied(
                    "ssm:GetParameters",
                    PUBLIC_AMI_PARAMETERS,
                    List.of("ec2:RunInstances"),
                    "Amazon EC2 User Guide: Use a Systems Manager parameter instead of an AMI ID (resolve:ssm:)"),
            new Implied("ec2:CreateTags", EC2_REGION, ec2Creates(), TAG_ON_CREATE),
            new Implied("kms:TagResource", KEYS, List.of("kms:CreateKey"), TAG_ON_CREATE),
            new Implied("logs:TagResource", LOG_GROUPS, List.of("logs:CreateLogGroup"), TAG_ON_CREATE),
            new Implied("sqs:TagQueue", QUEUES, List.of("sqs:CreateQueue"), TAG_ON_CREATE),
            new Implied("secretsmanager:TagResource", SECRET, List.of("secretsmanager:CreateSecret"), TAG_ON_CREATE),
            new Implied("iam:TagRole", ROLES, List.of("iam:CreateRole"), TAG_ON_CREATE),
            new Implied(
                    "iam:TagInstanceProfile", INSTANCE_PROFILES, List.of("iam:CreateInstanceProfile"), TAG_ON_CREATE),
            new Implied(
                    "rds:AddTagsToResource",
                    DATABASE,
                    List.of("rds:CreateDBInstance", "rds:CreateDBSubnetGroup"),
                    TAG_ON_CREATE),
            new Implied("dynamodb:TagResource", TABLE, List.of("dynamodb:CreateTable"), TAG_ON_CREATE),
            new Implied("lambda:TagResource", FUNCTIONS, List.of("lambda:CreateFunction"), TAG_ON_CREATE),
            new Implied("sns:TagResource", TOPIC, List.of("sns:CreateTopic"), TAG_ON_CREATE),
            new Implied("cloudwatch:TagResource", ALARMS, List.of("cloudwatch:PutMetricAlarm"), TAG_ON_CREATE));

    private static List<String> ec2Creates() {
        return List.of(
                "ec2:AllocateAddress",
                "ec2:CreateFlowLogs",
                "ec2:CreateInternetGateway",
                "ec2:CreateNatGateway",
                "ec2:CreateRouteTable",
                "ec2:CreateSecurityGroup",
                "ec2:CreateSubnet",
                "ec2:CreateVpc",
                "ec2:CreateVpcEndpoint",
                "ec2:RunInstances");
    }

    /** The grants of each kind, by kind name, in the catalog's order. */
    public static Map<String, List<Grant>> byKind() {
        return BY_KIND;
    }

    /** The grants of the run's own calls, whatever the stack holds. */
    public static List<Grant> run() {
        return RUN;
    }

    public static List<Implied> implied() {
        return IMPLIED;
    }

    /** Every grant: each kind's, the run's and the implied ones. */
    public static List<Grant> all() {
        return Stream.of(
                        BY_KIND.values().stream().flatMap(List::stream),
                        RUN.stream(),
                        IMPLIED.stream().map(Implied::grant))
                .flatMap(s -> s)
                .toList();
    }

    private static Grant grant(PolicyScope scope, String... actions) {
        return new Grant(scope, List.of(actions));
    }

    /** API Gateway authorizes by HTTP method on the resource's path ({@code apigateway:GET} ...). */
    private static Grant apiGateway(String... methods) {
        return new Grant(
                API_GATEWAY, Stream.of(methods).map(m -> "apigateway:" + m).toList());
    }

    private record KindGrants(String kind, List<Grant> grants) {}

    private static KindGrants kind(Kind<?> kind, Grant... grants) {
        return new KindGrants(kind.name(), List.of(grants));
    }

    private static Map<String, List<Grant>> inOrder(KindGrants... kinds) {
        Map<String, List<Grant>> map = new LinkedHashMap<>();
        for (KindGrants kind : kinds) {
            map.put(kind.kind(), kind.grants());
        }
        return Collections.unmodifiableMap(map);
    }
}

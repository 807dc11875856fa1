package dev.tapctl.e2e;

import dev.tapctl.testing.CallLog;
import java.util.Map;

/**
 * The IAM action an SDK call is authorized as: the service's prefix and the operation name
 * ({@code Ec2:CreateVpc} is {@code ec2:CreateVpc}), with the services whose actions are not their
 * operations' names (Service Authorization Reference): S3's bucket settings, and API Gateway,
 * which authorizes by the HTTP method of the call.
 */
final class IamActionNames {
    private IamActionNames() {}

    private static final Map<String, String> PREFIXES = Map.ofEntries(
            Map.entry("ApiGateway", "apigateway"),
            Map.entry("CloudWatch", "cloudwatch"),
            Map.entry("CloudWatchLogs", "logs"),
            Map.entry("DynamoDb", "dynamodb"),
            Map.entry("Ec2", "ec2"),
            Map.entry("Iam", "iam"),
            Map.entry("Kms", "kms"),
            Map.entry("Lambda", "lambda"),
            Map.entry("Rds", "rds"),
            Map.entry("S3", "s3"),
            Map.entry("SecretsManager", "secretsmanager"),
            Map.entry("Sns", "sns"),
            Map.entry("Sqs", "sqs"),
            Map.entry("Sts", "sts"));

    /** S3 operations whose IAM action is named otherwise ("Amazon S3 API operations and their permissions"). */
    private static final Map<String, String> S3 = Map.of(
            "GetBucketEncryption", "GetEncryptionConfiguration",
            "PutBucketEncryption", "PutEncryptionConfiguration",
            "GetPublicAccessBlock", "GetBucketPublicAccessBlock",
            "PutPublicAccessBlock", "PutBucketPublicAccessBlock",
            "DeletePublicAccessBlock", "PutBucketPublicAccessBlock",
            "HeadBucket", "ListBucket");

    /** The API operation as {@code prefix:Operation}, the form {@code DeployerActions.Implied} names. */
    static String operation(CallLog.Call call) {
        return prefix(call) + ":" + call.operation();
    }

    static String action(CallLog.Call call) {
        String prefix = prefix(call);
        String operation = call.operation();
        return switch (prefix) {
            case "s3" -> "s3:" + S3.getOrDefault(operation, operation);
            case "apigateway" -> "apigateway:" + httpMethod(operation);
            default -> prefix + ":" + operation;
        };
    }

    /** API Gateway's control plane is REST: Get is GET, Create POST, Put PUT, Update PATCH, Delete DELETE. */
    private static String httpMethod(String operation) {
        if (operation.startsWith("Get")) {
            return "GET";
        }
        if (operation.startsWith("Create")) {
            return "POST";
        }
        if (operation.startsWith("Put") || operation.equals("TagResource")) {
            return "PUT";
        }
        if (operation.startsWith("Update")) {
            return "PATCH";
        }
        if (operation.startsWith("Delete") || operation.equals("UntagResource")) {
            return "DELETE";
        }
        throw new AssertionError("no HTTP method known for API Gateway's " + operation);
    }

    private static String prefix(CallLog.Call call) {
        String prefix = PREFIXES.get(call.service());
        if (prefix == null) {
            throw new AssertionError("no IAM prefix known for the SDK service " + call.service());
        }
        return prefix;
    }
}

package dev.tapctl.stack;

import dev.tapctl.engine.spi.Inputs;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * ARNs of one account and region, in the region's partition: {@code arn:<partition>:<service>:<region>:<account>:<resource>}
 * (AWS docs, "Amazon Resource Names (ARNs)"). The one place tapctl derives a partition.
 */
public record Arns(String region, String account) {
    /**
     * Region name prefix to partition, most specific first, as the SDK's partition metadata
     * matches regions; a region of no other partition is in {@code aws}.
     */
    private static final Map<String, String> PARTITIONS = partitions();

    /** ARNs of the account and region a resource's desired spec is computed for. */
    static Arns of(Inputs in) {
        return new Arns(in.region(), in.accountId());
    }

    /** ARNs of {@code account} in {@code region}, for what is named before any resource exists (the deployer's policy). */
    static Arns of(String region, String account) {
        return new Arns(region, account);
    }

    /** The partition of {@code region}: aws-cn for cn-*, aws-us-gov for us-gov-*, the ISO ones, aws otherwise. */
    public static String partition(String region) {
        return PARTITIONS.entrySet().stream()
                .filter(prefix -> region.startsWith(prefix.getKey()))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse("aws");
    }

    private static Map<String, String> partitions() {
        Map<String, String> partitions = new LinkedHashMap<>();
        partitions.put("us-gov-", "aws-us-gov");
        partitions.put("us-isob-", "aws-iso-b");
        partitions.put("us-isof-", "aws-iso-f");
        partitions.put("us-iso-", "aws-iso");
        partitions.put("eu-isoe-", "aws-iso-e");
        partitions.put("eusc-", "aws-eusc");
        partitions.put("cn-", "aws-cn");
        return partitions;
    }

    /** This region's partition, derived from it and never given, so it cannot disagree with it. */
    public String partition() {
        return partition(region);
    }

    private String arn(String service, String region, String account, String resource) {
        return "arn:" + partition() + ":" + service + ":" + region + ":" + account + ":" + resource;
    }

    /** Any resource of {@code service} in this region and account. */
    String regional(String service, String resource) {
        return arn(service, region, account, resource);
    }

    /** A resource of {@code service} named by neither region nor account (S3 buckets, API Gateway paths, IAM). */
    String inRegionOnly(String service, String resource) {
        return arn(service, region, "", resource);
    }

    /** A resource of {@code service} in this region, of any account. */
    String inRegionAnyAccount(String service, String resource) {
        return arn(service, region, "*", resource);
    }

    /** A resource of a global service (IAM): no region. */
    String global(String service, String resource) {
        return arn(service, "", account, resource);
    }

    /** The account itself as a principal: its root user, which IAM policies then delegate from. */
    String accountRoot() {
        return arn("iam", "", account, "root");
    }

    /** A log group (or pattern) of this region. */
    String logGroup(String groupName) {
        return arn("logs", region, account, "log-group:" + groupName);
    }

    /** A log group (or pattern) of any region of this account. */
    String logGroupInAnyRegion(String groupName) {
        return arn("logs", "*", account, "log-group:" + groupName);
    }

    String alarm(String alarmName) {
        return arn("cloudwatch", region, account, "alarm:" + alarmName);
    }

    String flowLog(String flowLogId) {
        return arn("ec2", region, account, "vpc-flow-log/" + flowLogId);
    }

    String table(String tableName) {
        return arn("dynamodb", region, account, "table/" + tableName);
    }

    String function(String functionName) {
        return arn("lambda", region, account, "function:" + functionName);
    }

    String topic(String topicName) {
        return arn("sns", region, account, topicName);
    }

    /** S3 bucket ARNs name neither region nor account. */
    String bucket(String bucketName) {
        return arn("s3", "", "", bucketName);
    }

    /** What API Gateway invokes for a Lambda proxy integration of the function {@code functionArn}. */
    String lambdaIntegration(String functionArn) {
        return arn("apigateway", region, "lambda", "path/2015-03-31/functions/" + functionArn + "/invocations");
    }

    /** Calls of an API: {@code <api id>/<stage>/<method>/<path>}. */
    String executeApi(String restApiId, String stageMethodPath) {
        return arn("execute-api", region, account, restApiId + "/" + stageMethodPath);
    }
}

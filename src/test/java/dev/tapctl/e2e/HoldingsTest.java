package dev.tapctl.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tapctl.testing.CliRun;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What a destructive change destroys, read at plan time: after 3 items are written to dev's table
 * and 2 objects to its bucket, the destroy plan's retained lines say so, in text and JSON, and so
 * does destroy itself; a plan with nothing destructive makes none of those reads.
 */
class HoldingsTest extends StackFixture {

    @Test
    void theDestroyPlanSaysWhatTheTableAndTheBucketHold() throws IOException {
        CliRun.Result apply = tapctl.run("apply", "--env", "dev", "--auto-approve");
        assertThat(apply.exitCode()).as(apply.all()).isZero();
        for (int i = 1; i <= 3; i++) {
            String n = Integer.toString(i);
            aws.dynamodb().putItem(r -> r.tableName("tap-dev-items")
                    .item(Map.of(
                            "pk", AttributeValue.fromS("item-" + n),
                            "sk", AttributeValue.fromS("v1"),
                            "body", AttributeValue.fromS("{}"))));
        }
        putTwoObjects(bucket("dev"));

        log.clear();
        CliRun.Result unchanged = tapctl.run("plan", "--env", "dev", "--detailed-exitcode");
        assertThat(unchanged.exitCode()).as(unchanged.all()).isZero();
        assertThat(log.operations())
                .as("a plan with nothing destroyed reads no holdings")
                .doesNotContain("GetMetricData", "DescribeDBSnapshots");

        CliRun.Result text = tapctl.run("plan", "--destroy", "--env", "dev");
        assertThat(text.exitCode()).as(text.all()).isZero();
        assertThat(text.out())
                .containsPattern("(?m)data\\.table .*\\n +holds: 3 items, \\d+ bytes \\(DynamoDB updates"
                        + " ItemCount and TableSizeBytes about every six hours\\); point-in-time recovery from \\S+Z"
                        + " to \\S+Z$")
                .containsPattern("(?m)data\\.bucket .*\\n +holds: 2 objects, 14 bytes in S3 Standard \\(CloudWatch"
                        + " storage metrics of \\d{4}-\\d{2}-\\d{2}T00:00:00Z; S3 publishes")
                .containsPattern("(?m)data\\.db .*\\n +holds: restorable to \\S+Z; last snapshot \\S+ \\(automated, ")
                .containsPattern("(?m)kms\\.key .*\\n +holds: encrypts what this plan keeps: .*data\\.bucket"
                        + ".*data\\.table");

        log.clear();
        CliRun.Result json = tapctl.run("plan", "--destroy", "--env", "dev", "--json");
        assertThat(json.exitCode()).as(json.all()).isZero();
        JsonNode table = change(json, "data.table");
        assertThat(table.path("action").asText()).isEqualTo("retain");
        assertThat(table.path("holds").path("items").asLong()).isEqualTo(3);
        assertThat(table.path("holds").path("bytes").asLong()).isPositive();
        assertThat(table.path("holds")
                        .path("pointInTimeRecovery")
                        .path("enabled")
                        .asBoolean())
                .isTrue();
        assertThat(table.path("holds").path("freshness").asText()).contains("six hours");
        JsonNode bucket = change(json, "data.bucket");
        assertThat(bucket.path("action").asText()).isEqualTo("retain");
        assertThat(bucket.path("holds").path("objects").asLong()).isEqualTo(2);
        assertThat(bucket.path("holds").path("bytes").asLong()).isEqualTo(14);
        assertThat(bucket.path("holds").path("freshness").asText()).contains("once a day");
        assertThat(change(json, "data.db")
                        .path("holds")
                        .path("lastSnapshot")
                        .path("id")
                        .asText())
                .isNotEmpty();
        assertThat(change(json, "kms.key").path("holds").path("encrypts"))
                .extracting(JsonNode::asText)
                .contains("data.table", "data.bucket");
        assertThat(change(json, "network.vpc").has("holds"))
                .as("only kinds that hold data")
                .isFalse();
        assertThat(log.operations())
                .as("the bucket's counts come from CloudWatch, never from listing it")
                .contains("GetMetricData")
                .doesNotContain("ListObjectsV2", "ListObjects", "ListObjectVersions");

        CliRun.Result destroy = tapctl.run("destroy", "--env", "dev", "--confirm", "dev", "--force");
        assertThat(destroy.exitCode()).as(destroy.all()).isZero();
        assertThat(destroy.out())
                .containsPattern("(?m)data\\.table .*\\n +holds: 3 items")
                .containsPattern("(?m)data\\.bucket .*\\n +holds: 2 objects");
    }

    /**
     * The bucket's TLS-only policy denies every call of the emulator's plain HTTP (as AWS does), so
     * it is lifted for the two writes and put back as it was.
     */
    private void putTwoObjects(String name) {
        String policy = aws.s3().getBucketPolicy(r -> r.bucket(name)).policy();
        aws.s3().deleteBucketPolicy(r -> r.bucket(name));
        aws.s3().putObject(r -> r.bucket(name).key("a.json"), RequestBody.fromString("{\"a\":1}"));
        aws.s3().putObject(r -> r.bucket(name).key("b.json"), RequestBody.fromString("{\"b\":2}"));
        aws.s3().putBucketPolicy(r -> r.bucket(name).policy(policy));
    }
}

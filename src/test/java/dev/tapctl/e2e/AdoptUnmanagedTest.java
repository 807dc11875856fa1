package dev.tapctl.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tapctl.testing.CliRun;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryStatus;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.Tag;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;

/**
 * Adopting what was made before tapctl, on the emulator (realism on): a table {@code tap-dev-items}
 * and the data bucket made with the SDK, untagged, as Terraform or a person would have made them,
 * with point-in-time recovery and versioning off. The plan shows each as {@code adopt}
 * ({@code unmanaged}) with those differences; apply tags and reconciles them in place (no create
 * call, no second table or bucket); the next plan is clean. A table whose key schema differs, and
 * one tagged for another environment, are refused by plan and apply, naming why, with no mutating
 * call. Only what the data tier needs is applied ({@code --target data.table --target data.bucket}
 * pulls in the key).
 */
class AdoptUnmanagedTest extends StackFixture {
    private static final String TABLE = "tap-dev-items";
    private static final String[] DATA = {"--target", "data.table", "--target", "data.bucket"};

    private CliRun.Result run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--env", "dev"));
        return tapctl.run(all.toArray(String[]::new));
    }

    private CliRun.Result onData(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of(DATA));
        return run(all.toArray(String[]::new));
    }

    /** The table as someone made it: on-demand, the AWS owned key, no point-in-time recovery. */
    private void tableMadeByHand(String partitionKey, String sortKey, Map<String, String> tags) {
        List<KeySchemaElement> keys = new ArrayList<>();
        List<AttributeDefinition> attributes = new ArrayList<>();
        keys.add(KeySchemaElement.builder()
                .attributeName(partitionKey)
                .keyType(KeyType.HASH)
                .build());
        attributes.add(AttributeDefinition.builder()
                .attributeName(partitionKey)
                .attributeType(ScalarAttributeType.S)
                .build());
        if (sortKey != null) {
            keys.add(KeySchemaElement.builder()
                    .attributeName(sortKey)
                    .keyType(KeyType.RANGE)
                    .build());
            attributes.add(AttributeDefinition.builder()
                    .attributeName(sortKey)
                    .attributeType(ScalarAttributeType.S)
                    .build());
        }
        aws.dynamodb().createTable(r -> {
            r.tableName(TABLE)
                    .keySchema(keys)
                    .attributeDefinitions(attributes)
                    .billingMode(BillingMode.PAY_PER_REQUEST);
            if (!tags.isEmpty()) {
                r.tags(tags.entrySet().stream()
                        .map(t -> Tag.builder()
                                .key(t.getKey())
                                .value(t.getValue())
                                .build())
                        .toList());
            }
        });
        aws.dynamodb().waiter().waitUntilTableExists(r -> r.tableName(TABLE));
        aws.dynamodb().putItem(r -> r.tableName(TABLE)
                .item(Map.of(
                        partitionKey,
                        software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("order-1"),
                        sortKey == null ? "note" : sortKey,
                        software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("kept"))));
    }

    private Map<String, String> tableTags() {
        String arn =
                aws.dynamodb().describeTable(r -> r.tableName(TABLE)).table().tableArn();
        Map<String, String> tags = new TreeMap<>();
        aws.dynamodb().listTagsOfResource(r -> r.resourceArn(arn)).tags().forEach(t -> tags.put(t.key(), t.value()));
        return tags;
    }

    private static JsonNode attribute(JsonNode change, String path) {
        for (JsonNode attribute : change.path("attributes")) {
            if (attribute.path("path").asText().equals(path)) {
                return attribute;
            }
        }
        throw new AssertionError("no attribute " + path + " in " + change);
    }

    private List<String> tablesOfDev() {
        return aws.dynamodb().listTables().tableNames().stream()
                .filter(name -> name.startsWith("tap-dev-"))
                .toList();
    }

    private List<String> bucketsOfDev() {
        return aws.s3().listBuckets().buckets().stream()
                .map(b -> b.name())
                .filter(name -> name.startsWith("tap-dev-"))
                .toList();
    }

    @Test
    void aTableAndABucketMadeBeforeTapctlAreAdoptedTaggedAndReconciledInPlace() throws Exception {
        tableMadeByHand("pk", "sk", Map.of());
        String bucket = bucket("dev");
        aws.s3().createBucket(r -> r.bucket(bucket));
        aws.s3()
                .putObject(
                        r -> r.bucket(bucket).key("report.csv"),
                        software.amazon.awssdk.core.sync.RequestBody.fromString("a,b"));

        CliRun.Result json = onData("plan", "--json", "--detailed-exitcode");
        assertThat(json.exitCode()).as(json.all()).isEqualTo(2);
        JsonNode table = change(json, "data.table");
        assertThat(table.path("action").asText()).isEqualTo("adopt");
        assertThat(table.path("reason").asText()).isEqualTo("unmanaged");
        assertThat(attribute(table, "pointInTimeRecovery").path("before").asBoolean())
                .isFalse();
        assertThat(attribute(table, "pointInTimeRecovery").path("after").asBoolean())
                .isTrue();
        assertThat(attribute(table, "tags.ManagedBy").path("after").asText()).isEqualTo("tapctl");
        JsonNode theBucket = change(json, "data.bucket");
        assertThat(theBucket.path("action").asText()).isEqualTo("adopt");
        assertThat(theBucket.path("reason").asText()).isEqualTo("unmanaged");
        assertThat(attribute(theBucket, "versioning").path("after").asText()).isEqualTo("Enabled");
        assertThat(JSON.readTree(json.out()).path("summary").path("adopt").asInt())
                .isEqualTo(2);

        CliRun.Result text = onData("plan");
        assertThat(text.exitCode()).as(text.all()).isZero();
        assertThat(text.out())
                .contains(" ~> data.table  aws.dynamodb.table  tap-dev-items  (adopt: unmanaged)")
                .contains("        pointInTimeRecovery: false -> true")
                .contains("        versioning: ")
                .contains("Plan: 2 to adopt, 1 to create, 0 to update, 0 to replace, 0 to delete");

        int notFoundBefore = emulator.realism().count("kms.not_found");
        log.clear();
        CliRun.Result apply = onData("apply", "--auto-approve");
        assertThat(apply.exitCode()).as(apply.all()).isZero();
        assertThat(apply.out()).contains("data.table").contains("adopting");
        assertThat(log.operations())
                .as("the made-by-hand table and bucket are taken over, not made again")
                .doesNotContain("CreateBucket", "DeleteTable", "DeleteBucket");
        assertThat(log.operations())
                .as("one CreateTable: the lock table's, made on the first apply that changes something")
                .filteredOn("CreateTable"::equals)
                .hasSize(1);
        assertThat(aws.dynamodb().listTables().tableNames()).containsExactlyInAnyOrder(TABLE, "tapctl-locks");
        assertThat(tablesOfDev()).containsExactly(TABLE);
        assertThat(bucketsOfDev()).containsExactly(bucket);
        assertThat(tableTags())
                .containsEntry("ManagedBy", "tapctl")
                .containsEntry("Environment", "dev")
                .containsEntry("tapctl:logical-id", "data.table")
                .containsKey("tapctl:spec-hash");
        assertThat(aws.dynamodb()
                        .describeContinuousBackups(r -> r.tableName(TABLE))
                        .continuousBackupsDescription()
                        .pointInTimeRecoveryDescription()
                        .pointInTimeRecoveryStatus())
                .isEqualTo(PointInTimeRecoveryStatus.ENABLED);
        assertThat(aws.dynamodb().scan(r -> r.tableName(TABLE)).count())
                .as("the table's items are still there")
                .isEqualTo(1);
        assertThat(aws.s3().getBucketVersioning(r -> r.bucket(bucket)).status())
                .isEqualTo(BucketVersioningStatus.ENABLED);
        assertThat(aws.s3().getBucketTagging(r -> r.bucket(bucket)).tagSet())
                .anySatisfy(t -> assertThat(t.key() + "=" + t.value()).isEqualTo("ManagedBy=tapctl"));
        // Listed, not read: the TLS-only policy the adoption put on the bucket denies this plain-HTTP client's
        // GetObject.
        assertThat(aws.s3().listObjectsV2(r -> r.bucket(bucket)).contents())
                .as("the bucket's objects are still there")
                .extracting(o -> o.key())
                .containsExactly("report.csv");

        assertThat(emulator.realism().count("kms.not_found") - notFoundBefore)
                .as(
                        "KMS's eventual consistency met the key made beside the adoption (counts: %s)",
                        emulator.realism().counts())
                .isPositive();

        CliRun.Result clean = onData("plan", "--detailed-exitcode");
        assertThat(clean.exitCode()).as(clean.all()).isZero();
    }

    @Test
    void aTableWithAnotherKeySchemaOrAnotherEnvironmentsTagsIsRefusedAndNothingIsChanged() {
        tableMadeByHand("id", null, Map.of());

        CliRun.Result plan = run("plan", "--target", "data.table", "--json");
        assertThat(plan.exitCode()).as(plan.all()).isEqualTo(1);
        assertThat(plan.out()).as("no plan is printed").isEmpty();
        assertThat(plan.err())
                .contains("error: nothing was changed: 1 adoption is refused:")
                .contains("  refused  data.table (tap-dev-items): it carries no tapctl tags")
                .contains("partitionKey {\"name\":\"id\",\"type\":\"S\"} -> {\"name\":\"pk\",\"type\":\"S\"}")
                .contains("sortKey null -> {\"name\":\"sk\",\"type\":\"S\"}")
                .contains("which would destroy what it holds");

        log.clear();
        CliRun.Result apply = run("apply", "--target", "data.table", "--auto-approve");
        assertThat(apply.exitCode()).as(apply.all()).isEqualTo(1);
        assertThat(apply.err()).contains("refused  data.table (tap-dev-items)").contains("partitionKey");
        assertThat(log.calls()).as("apply read, then stopped").isNotEmpty();
        assertThat(log.mutating()).as("mutating calls of a refused adoption").isEmpty();
        assertThat(aws.dynamodb().describeTable(r -> r.tableName(TABLE)).table().keySchema())
                .extracting(KeySchemaElement::attributeName)
                .containsExactly("id");
        assertThat(tableTags()).isEmpty();
        assertThat(tablesOfDev()).containsExactly(TABLE);

        // The same name, tagged by tapctl for staging: another environment's table is never taken.
        aws.dynamodb().deleteTable(r -> r.tableName(TABLE));
        aws.dynamodb().waiter().waitUntilTableNotExists(r -> r.tableName(TABLE));
        tableMadeByHand(
                "pk",
                "sk",
                Map.of(
                        "ManagedBy", "tapctl",
                        "Project", "tap",
                        "Environment", "staging",
                        "tapctl:logical-id", "data.table"));
        log.clear();
        CliRun.Result staging = run("apply", "--target", "data.table", "--auto-approve");
        assertThat(staging.exitCode()).as(staging.all()).isEqualTo(1);
        assertThat(staging.err())
                .contains("refused  data.table (tap-dev-items): it is tapctl's object of another environment")
                .contains("tagged Environment=staging; this stack is Environment=dev");
        assertThat(log.mutating()).as("mutating calls of a refused adoption").isEmpty();
        assertThat(tableTags()).containsEntry("Environment", "staging");
        CliRun.Result planned = run("plan", "--target", "data.table");
        assertThat(planned.exitCode()).as(planned.all()).isEqualTo(1);
        assertThat(planned.err()).contains("Environment=staging");
        assertThat(log.operations()).doesNotContain("CreateTable", "TagResource", "UpdateTable");
    }
}

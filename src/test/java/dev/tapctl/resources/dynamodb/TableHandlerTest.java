package dev.tapctl.resources.dynamodb;

import static dev.tapctl.testing.HandlerFixture.tags;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tapctl.aws.AwsClients;
import dev.tapctl.engine.spi.AttributeChange;
import dev.tapctl.engine.spi.DeleteResult;
import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.Deletions;
import dev.tapctl.engine.spi.SpecHashes;
import dev.tapctl.engine.spi.Tags;
import dev.tapctl.engine.spi.Unknown;
import dev.tapctl.stack.spec.TableSpec;
import dev.tapctl.stack.spec.TableSpec.KeyAttribute;
import dev.tapctl.testing.CallLog;
import dev.tapctl.testing.Emulator;
import dev.tapctl.testing.EmulatorExtension;
import dev.tapctl.testing.HandlerFixture;
import dev.tapctl.testing.TestContext;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

@ExtendWith(EmulatorExtension.class)
class TableHandlerTest {
    private static final String NAME = "tap-test-items";
    private static final String ID = "data.table";
    private static final KeyAttribute PK = new KeyAttribute("pk", "S");
    private static final KeyAttribute SK = new KeyAttribute("sk", "N");

    private final CallLog calls = new CallLog();
    private final TestContext ctx = new TestContext(ID, "hash-1");
    private AwsClients clients;
    private DynamoDbClient dynamodb;
    private TableHandler handler;
    private String keyArn;
    private TableSpec spec;

    @BeforeEach
    void setUp(Emulator emulator) {
        clients = HandlerFixture.clients(emulator, calls);
        dynamodb = clients.dynamodb();
        handler = new TableHandler(dynamodb, clients.waiterConfig());
        keyArn = HandlerFixture.kmsKeyArn(clients);
        spec = spec(PK, SK, keyArn, true, true);
        calls.clear();
    }

    @AfterEach
    void tearDown() {
        clients.close();
    }

    private static TableSpec spec(
            KeyAttribute pk, KeyAttribute sk, String kmsKeyArn, boolean pitr, boolean protection) {
        return new TableSpec(NAME, pk, sk, "on-demand", kmsKeyArn, pitr, protection, tags(ID, NAME));
    }

    @Test
    void lifecycleRepairsDriftAndDeletes(Emulator emulator) {
        TableHandler.Live created = handler.create(spec, ctx);
        assertThat(ctx.statuses).contains("waiting for active");
        assertThat(calls.mutating())
                .extracting(CallLog.Call::operation)
                .containsExactly("CreateTable", "UpdateContinuousBackups");

        calls.clear();
        TableHandler.Live live = handler.read(spec, ctx).orElseThrow();
        assertThat(live).isEqualTo(created);
        assertThat(live.name()).isEqualTo(NAME);
        assertThat(live.arn())
                .isEqualTo("arn:aws:dynamodb:" + emulator.region() + ":" + emulator.accountId() + ":table/" + NAME);
        assertThat(live.partitionKey()).isEqualTo(PK);
        assertThat(live.sortKey()).isEqualTo(SK);
        assertThat(live.billingMode()).isEqualTo("PAY_PER_REQUEST");
        assertThat(live.kmsKeyArn()).isEqualTo(keyArn);
        assertThat(live.pointInTimeRecovery()).isTrue();
        assertThat(live.deletionProtection()).isTrue();
        assertThat(live.status()).isEqualTo("ACTIVE");
        assertThat(live.tags()).containsAllEntriesOf(spec.tags()).containsEntry(Tags.SPEC_HASH, "hash-1");
        assertThat(SpecHashes.applied(handler, live)).contains("hash-1");
        assertThat(handler.diff(spec, live)).isEmpty();
        assertThat(calls.mutating()).as("read and diff of an unchanged table").isEmpty();
        assertThat(calls.calls())
                .extracting(CallLog.Call::operation)
                .containsExactly("DescribeTable", "DescribeContinuousBackups", "ListTagsOfResource");
        assertThat(handler.outputs(live).values()).containsOnly(Map.entry("name", NAME), Map.entry("arn", live.arn()));

        // Someone turns off PITR and deletion protection and removes a tag, outside tapctl.
        dynamodb.updateContinuousBackups(
                r -> r.tableName(NAME).pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(false)));
        dynamodb.updateTable(r -> r.tableName(NAME).deletionProtectionEnabled(false));
        dynamodb.untagResource(r -> r.resourceArn(live.arn()).tagKeys("CostCenter"));
        TableHandler.Live drifted = handler.read(spec, ctx).orElseThrow();
        List<AttributeChange> changes = handler.diff(spec, drifted);
        assertThat(changes)
                .containsExactlyInAnyOrder(
                        AttributeChange.of("pointInTimeRecovery", false, true),
                        AttributeChange.of("deletionProtection", false, true),
                        AttributeChange.of("tags.CostCenter", null, "platform"));

        calls.clear();
        TableHandler.Live updated = handler.update(spec, drifted, changes, new TestContext(ID, "hash-2"));
        assertThat(calls.mutating())
                .extracting(CallLog.Call::operation)
                .containsExactlyInAnyOrder("UpdateTable", "UpdateContinuousBackups", "TagResource");
        TableHandler.Live repaired = handler.read(spec, ctx).orElseThrow();
        assertThat(handler.diff(spec, repaired)).isEmpty();
        assertThat(repaired.tags()).containsEntry(Tags.SPEC_HASH, "hash-2").containsEntry("CostCenter", "platform");
        assertThat(updated).isEqualTo(repaired);

        calls.clear();
        assertThat(handler.delete(repaired, DeletionPolicy.DELETE, ctx)).isEqualTo(DeleteResult.deleted());
        assertThat(handler.read(spec, ctx)).isEmpty();
    }

    @Test
    void deletingAProtectedTableLiftsTheProtectionFirst() {
        TableHandler.Live live = handler.create(spec, ctx);
        assertThatThrownBy(() -> dynamodb.deleteTable(r -> r.tableName(NAME)))
                .as("AWS refuses to delete a protected table")
                .isInstanceOfSatisfying(
                        DynamoDbException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException"));

        calls.clear();
        assertThat(handler.delete(live, DeletionPolicy.DELETE, ctx)).isEqualTo(DeleteResult.deleted());
        assertThat(calls.mutating()).extracting(CallLog.Call::operation).containsExactly("UpdateTable", "DeleteTable");
        assertThat(ctx.statuses).contains("lifting deletion protection", "waiting for deletion");
        assertThat(handler.read(spec, ctx)).isEmpty();
        // Deleting what is already gone is the goal reached.
        assertThat(handler.delete(live, DeletionPolicy.DELETE, ctx)).isEqualTo(DeleteResult.deleted());
    }

    @Test
    void retainKeepsTheTableWithoutACall() {
        TableHandler.Live live = handler.create(spec, ctx);
        calls.clear();
        assertThat(Deletions.byPolicy(handler, spec, live, DeletionPolicy.RETAIN, ctx))
                .isEqualTo(DeleteResult.retained(NAME));
        assertThat(calls.calls()).isEmpty();
        assertThat(handler.read(spec, ctx)).isPresent();
    }

    @Test
    void anotherKeySchemaForcesReplacement() {
        TableHandler.Live live = handler.create(spec(PK, null, keyArn, false, false), ctx);
        KeyAttribute otherPk = new KeyAttribute("id", "S");

        assertThat(handler.diff(spec(otherPk, SK, keyArn, false, false), live))
                .containsExactlyInAnyOrder(
                        AttributeChange.replacing("partitionKey", PK, otherPk),
                        AttributeChange.replacing("sortKey", null, SK));
        assertThat(handler.diff(spec(new KeyAttribute("pk", "N"), null, keyArn, false, false), live))
                .as("a key attribute's type is part of the schema")
                .containsExactly(AttributeChange.replacing("partitionKey", PK, new KeyAttribute("pk", "N")));
        assertThatThrownBy(() -> handler.update(
                        spec(otherPk, null, keyArn, false, false),
                        live,
                        List.of(AttributeChange.replacing("partitionKey", PK, otherPk)),
                        ctx))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("partitionKey can only change by replacing the table");
    }

    @Test
    void createAdoptsATableThatAlreadyExists() {
        // Left by a run that stopped after CreateTable: no PITR, no protection, no tags, provisioned.
        dynamodb.createTable(r -> r.tableName(NAME)
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH), k -> k.attributeName("sk")
                        .keyType(KeyType.RANGE))
                .attributeDefinitions(
                        a -> a.attributeName("pk").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("sk").attributeType(ScalarAttributeType.N))
                .billingMode(BillingMode.PROVISIONED)
                .provisionedThroughput(p -> p.readCapacityUnits(1L).writeCapacityUnits(1L))
                .sseSpecification(s -> s.enabled(true).sseType("KMS").kmsMasterKeyId(keyArn)));
        calls.clear();

        TableHandler.Live adopted = handler.create(spec, ctx);
        assertThat(calls.mutating())
                .extracting(CallLog.Call::operation)
                .containsExactly("CreateTable", "UpdateTable", "UpdateTable", "UpdateContinuousBackups", "TagResource");
        TableHandler.Live live = handler.read(spec, ctx).orElseThrow();
        assertThat(handler.diff(spec, live)).isEmpty();
        assertThat(live.billingMode()).isEqualTo("PAY_PER_REQUEST");
        assertThat(live.tags()).containsEntry(Tags.SPEC_HASH, "hash-1");
        assertThat(adopted).isEqualTo(live);
    }

    @Test
    void tagResourceOverwritesTagsItAlreadyHas() {
        TableHandler.Live live = handler.create(spec, ctx);
        handler.update(spec, live, List.of(), new TestContext(ID, "hash-2"));
        handler.update(spec, handler.read(spec, ctx).orElseThrow(), List.of(), new TestContext(ID, "hash-3"));

        var raw = dynamodb.listTagsOfResource(r -> r.resourceArn(live.arn())).tags();
        assertThat(raw).extracting(t -> t.key()).as("each key once").doesNotHaveDuplicates();
        assertThat(handler.read(spec, ctx).orElseThrow().tags()).containsEntry(Tags.SPEC_HASH, "hash-3");
    }

    @Test
    void readsEveryPageOfTags() {
        Map<String, String> many = new TreeMap<>(spec.tags());
        for (int i = 0; i < 25; i++) {
            many.put("extra-" + i, "v" + i);
        }
        TableSpec tagged = new TableSpec(NAME, PK, SK, "PAY_PER_REQUEST", keyArn, false, false, many);
        handler.create(tagged, ctx);

        calls.clear();
        TableHandler.Live live = handler.read(tagged, ctx).orElseThrow();
        assertThat(live.tags()).containsAllEntriesOf(many).hasSize(many.size() + 1);
        assertThat(calls.matching(c -> c.operation().equals("ListTagsOfResource")))
                .as("pages")
                .hasSizeGreaterThan(1);
        assertThat(handler.diff(tagged, live)).isEmpty();
    }

    @Test
    void aKeyKnownOnlyAfterApplyIsNeverSentToAws() {
        handler.create(spec, ctx);
        TableSpec planned = spec(PK, SK, Unknown.of("kms.key", "arn"), true, true);

        calls.clear();
        TableHandler.Live live = handler.read(planned, ctx).orElseThrow();
        assertThat(handler.diff(planned, live))
                .containsExactly(AttributeChange.of("kmsKeyArn", keyArn, Unknown.of("kms.key", "arn")));
        assertThatThrownBy(() -> handler.update(planned, live, handler.diff(planned, live), ctx))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("kmsKeyArn not known yet");
        assertThatThrownBy(() -> handler.create(
                        new TableSpec(
                                "tap-test-other",
                                PK,
                                SK,
                                "on-demand",
                                Unknown.of("kms.key", "arn"),
                                true,
                                true,
                                tags(ID, "tap-test-other")),
                        ctx))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("kmsKeyArn not known yet");
        assertThat(calls.mutating()).isEmpty();
    }

    @Test
    void billingModeDriftIsRepaired() {
        dynamodb.createTable(r -> r.tableName(NAME)
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH))
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
                .provisionedThroughput(p -> p.readCapacityUnits(1L).writeCapacityUnits(1L)));
        TableSpec onDemand = spec(PK, null, null, false, false);
        TableHandler.Live live = handler.read(onDemand, ctx).orElseThrow();
        assertThat(live.billingMode()).isEqualTo("PROVISIONED");
        assertThat(live.kmsKeyArn()).as("AWS owned key").isNull();

        List<AttributeChange> changes = handler.diff(onDemand, live);
        assertThat(changes)
                .filteredOn(c -> !c.path().startsWith("tags."))
                .containsExactly(AttributeChange.of("billingMode", "PROVISIONED", "PAY_PER_REQUEST"));
        handler.update(onDemand, live, changes, ctx);
        assertThat(handler.diff(onDemand, handler.read(onDemand, ctx).orElseThrow()))
                .isEmpty();
    }

    @Test
    void provisionedModeIsRefusedBecauseTheSpecCarriesNoCapacity() {
        TableSpec provisioned = new TableSpec(NAME, PK, null, "PROVISIONED", keyArn, false, false, tags(ID, NAME));
        assertThatThrownBy(() -> handler.create(provisioned, ctx))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("on-demand");
        assertThat(calls.mutating()).isEmpty();
    }

    @Test
    void anotherKmsKeyIsAppliedInPlace() {
        TableHandler.Live live = handler.create(spec, ctx);
        String otherKey = HandlerFixture.kmsKeyArn(clients);
        TableSpec rekeyed = spec(PK, SK, otherKey, true, true);

        List<AttributeChange> changes = handler.diff(rekeyed, live);
        assertThat(changes).containsExactly(AttributeChange.of("kmsKeyArn", keyArn, otherKey));
        calls.clear();
        handler.update(rekeyed, live, changes, ctx);
        assertThat(calls.mutating()).extracting(CallLog.Call::operation).containsExactly("UpdateTable", "TagResource");
        assertThat(handler.read(rekeyed, ctx).orElseThrow().kmsKeyArn()).isEqualTo(otherKey);
    }

    @Test
    void pointInTimeRecoveryIsRetriedWhileBackupsAreStillBeingEnabled(Emulator emulator) {
        // Right after CreateTable AWS may refuse UpdateContinuousBackups for a while; moto never
        // does, so the first answer is replaced at the SDK boundary.
        CallLog log = new CallLog();
        try (AwsClients faulty = HandlerFixture.clients(emulator, log, new BackupsUnavailableOnce())) {
            TableHandler faultyHandler = new TableHandler(faulty.dynamodb(), faulty.waiterConfig());
            TableHandler.Live live = faultyHandler.create(spec, ctx);
            assertThat(live.pointInTimeRecovery()).isTrue();
            assertThat(log.matching(c -> c.operation().equals("UpdateContinuousBackups")))
                    .hasSize(2);
        }
    }

    /** Answers the first UpdateContinuousBackups with AWS's ContinuousBackupsUnavailableException. */
    private static final class BackupsUnavailableOnce implements ExecutionInterceptor {
        private static final ExecutionAttribute<Boolean> FAKED = new ExecutionAttribute<>("backups-unavailable");
        private final AtomicBoolean used = new AtomicBoolean();

        @Override
        public SdkHttpResponse modifyHttpResponse(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
            if ("UpdateContinuousBackups".equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))
                    && used.compareAndSet(false, true)) {
                attributes.putAttribute(FAKED, true);
                return context.httpResponse().toBuilder()
                        .statusCode(400)
                        .removeHeader("x-amz-crc32")
                        .removeHeader("Content-Length")
                        .build();
            }
            return context.httpResponse();
        }

        @Override
        public Optional<InputStream> modifyHttpResponseContent(
                Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
            if (Boolean.TRUE.equals(attributes.getAttribute(FAKED))) {
                return Optional.of(new ByteArrayInputStream(("{\"__type\":\"com.amazonaws.dynamodb.v20120810"
                                + "#ContinuousBackupsUnavailableException\",\"message\":\"Backups are being enabled for"
                                + " the table: tap-test-items. Please retry later\"}")
                        .getBytes(StandardCharsets.UTF_8)));
            }
            return context.responseBody();
        }
    }
}

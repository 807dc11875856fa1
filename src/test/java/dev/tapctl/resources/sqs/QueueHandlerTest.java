package dev.tapctl.resources.sqs;

import static dev.tapctl.testing.HandlerFixture.tags;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tapctl.aws.AwsClients;
import dev.tapctl.engine.PlanReads;
import dev.tapctl.engine.spi.AttributeChange;
import dev.tapctl.engine.spi.DeleteResult;
import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.Deletions;
import dev.tapctl.engine.spi.Ownership;
import dev.tapctl.engine.spi.SpecHashes;
import dev.tapctl.engine.spi.Tags;
import dev.tapctl.engine.spi.Unknown;
import dev.tapctl.stack.Kinds;
import dev.tapctl.stack.spec.QueueSpec;
import dev.tapctl.testing.CallLog;
import dev.tapctl.testing.Emulator;
import dev.tapctl.testing.EmulatorExtension;
import dev.tapctl.testing.HandlerFixture;
import dev.tapctl.testing.TestContext;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

@ExtendWith(EmulatorExtension.class)
class QueueHandlerTest {
    private static final String NAME = "tap-test-api-dlq";
    private static final String ID = "fn.api.dlq";
    private static final int FOURTEEN_DAYS = 14 * 24 * 3600;

    private final CallLog calls = new CallLog();
    private final TestContext ctx = new TestContext(ID, "hash-1");
    private AwsClients clients;
    private SqsClient sqs;
    private QueueHandler handler;
    private String keyArn;
    private QueueSpec spec;

    @BeforeEach
    void setUp(Emulator emulator) {
        clients = HandlerFixture.clients(emulator, calls);
        sqs = clients.sqs();
        handler = new QueueHandler(sqs, clients.eventually());
        keyArn = HandlerFixture.kmsKeyArn(clients);
        spec = new QueueSpec(NAME, keyArn, FOURTEEN_DAYS, tags(ID, NAME));
        calls.clear();
    }

    @AfterEach
    void tearDown() {
        clients.close();
    }

    @Test
    void aPlanFindsTheEnvironmentsQueuesWithOneListingSharedWithTheOrphans() {
        String otherName = "tap-test-worker-dlq";
        QueueSpec other = new QueueSpec(otherName, keyArn, FOURTEEN_DAYS, tags("fn.worker.dlq", otherName));
        QueueHandler.Live api = handler.create(spec, ctx);
        QueueHandler.Live worker = handler.create(other, new TestContext("fn.worker.dlq"));
        QueueSpec absent =
                new QueueSpec("tap-test-gone-dlq", keyArn, FOURTEEN_DAYS, tags("fn.gone.dlq", "tap-test-gone-dlq"));

        calls.clear();
        PlanReads plan = new PlanReads();
        assertThat(handler.read(spec, ctx.sharing(plan))).contains(api);
        assertThat(handler.read(other, ctx.sharing(plan))).contains(worker);
        assertThat(handler.read(absent, ctx.sharing(plan))).isEmpty();
        assertThat(handler.listOrphans(
                        new Ownership(HandlerFixture.PROJECT, HandlerFixture.ENV, "tap-test-", Set.of(NAME, otherName)),
                        plan))
                .isEmpty();
        assertThat(calls.operations())
                .as("no GetQueueUrl: the listing has every URL")
                .containsOnly("ListQueues", "GetQueueAttributes", "ListQueueTags")
                .filteredOn("ListQueues"::equals)
                .hasSize(1);
    }

    @Test
    void lifecycleRepairsDriftAndDeletes(Emulator emulator) {
        assertThat(handler.kind()).isEqualTo(Kinds.QUEUE);
        assertThat(SpecHashes.recordedBy(handler)).isTrue();

        QueueHandler.Live created = handler.create(spec, ctx);
        assertThat(calls.mutating()).extracting(CallLog.Call::operation).containsExactly("CreateQueue");

        calls.clear();
        QueueHandler.Live live = handler.read(spec, ctx).orElseThrow();
        assertThat(live).isEqualTo(created);
        assertThat(live.name()).isEqualTo(NAME);
        assertThat(live.arn()).isEqualTo("arn:aws:sqs:" + emulator.region() + ":" + emulator.accountId() + ":" + NAME);
        assertThat(live.url()).endsWith("/" + emulator.accountId() + "/" + NAME);
        assertThat(live.kmsKeyId()).isEqualTo(keyArn);
        assertThat(live.messageRetentionSeconds()).isEqualTo(FOURTEEN_DAYS);
        assertThat(live.messages()).isZero();
        assertThat(live.tags()).containsAllEntriesOf(spec.tags()).containsEntry(Tags.SPEC_HASH, "hash-1");
        assertThat(SpecHashes.applied(handler, live)).contains("hash-1");
        assertThat(handler.diff(spec, live)).isEmpty();
        assertThat(calls.mutating()).as("read and diff of an unchanged queue").isEmpty();
        assertThat(calls.calls())
                .extracting(CallLog.Call::operation)
                .containsExactly("GetQueueUrl", "GetQueueAttributes", "ListQueueTags");
        assertThat(handler.outputs(live).values())
                .containsOnly(Map.entry("name", NAME), Map.entry("url", live.url()), Map.entry("arn", live.arn()));

        // Someone shortens the retention and removes a tag, outside tapctl.
        sqs.setQueueAttributes(
                r -> r.queueUrl(live.url()).attributes(Map.of(QueueAttributeName.MESSAGE_RETENTION_PERIOD, "3600")));
        sqs.untagQueue(r -> r.queueUrl(live.url()).tagKeys("CostCenter"));
        QueueHandler.Live drifted = handler.read(spec, ctx).orElseThrow();
        List<AttributeChange> changes = handler.diff(spec, drifted);
        assertThat(changes)
                .containsExactlyInAnyOrder(
                        AttributeChange.of("messageRetentionSeconds", 3600, FOURTEEN_DAYS),
                        AttributeChange.of("tags.CostCenter", null, "platform"));

        calls.clear();
        QueueHandler.Live updated = handler.update(spec, drifted, changes, new TestContext(ID, "hash-2"));
        assertThat(calls.mutating())
                .extracting(CallLog.Call::operation)
                .containsExactly("SetQueueAttributes", "TagQueue");
        QueueHandler.Live repaired = handler.read(spec, ctx).orElseThrow();
        assertThat(handler.diff(spec, repaired)).isEmpty();
        assertThat(repaired.tags()).containsEntry(Tags.SPEC_HASH, "hash-2").containsEntry("CostCenter", "platform");
        assertThat(updated).isEqualTo(repaired);

        calls.clear();
        assertThat(handler.delete(repaired, DeletionPolicy.DELETE, ctx)).isEqualTo(DeleteResult.deleted());
        assertThat(calls.mutating()).extracting(CallLog.Call::operation).containsExactly("DeleteQueue");
        assertThat(handler.read(spec, ctx)).isEmpty();
        // Deleting what is already gone is the goal reached.
        assertThat(handler.delete(repaired, DeletionPolicy.DELETE, ctx)).isEqualTo(DeleteResult.deleted());
    }

    @Test
    void anotherKeyIsSetInPlace() {
        QueueHandler.Live live = handler.create(spec, ctx);
        String otherKey = HandlerFixture.kmsKeyArn(clients);
        QueueSpec rotated = new QueueSpec(NAME, otherKey, FOURTEEN_DAYS, spec.tags());

        List<AttributeChange> changes = handler.diff(rotated, live);
        assertThat(changes).containsExactly(AttributeChange.of("kmsKeyArn", keyArn, otherKey));
        calls.clear();
        handler.update(rotated, live, changes, ctx);
        assertThat(calls.mutating())
                .extracting(CallLog.Call::operation)
                .containsExactly("SetQueueAttributes", "TagQueue");
        QueueHandler.Live after = handler.read(rotated, ctx).orElseThrow();
        assertThat(after.kmsKeyId()).isEqualTo(otherKey);
        assertThat(handler.diff(rotated, after)).isEmpty();
    }

    @Test
    void removingTheKeyFromTheSpecRemovesItFromTheQueue() {
        QueueHandler.Live live = handler.create(spec, ctx);
        QueueSpec unencrypted = new QueueSpec(NAME, null, FOURTEEN_DAYS, spec.tags());

        List<AttributeChange> changes = handler.diff(unencrypted, live);
        assertThat(changes).containsExactly(AttributeChange.of("kmsKeyArn", keyArn, null));
        handler.update(unencrypted, live, changes, ctx);
        QueueHandler.Live after = handler.read(unencrypted, ctx).orElseThrow();
        assertThat(after.kmsKeyId()).isNull();
        assertThat(handler.diff(unencrypted, after)).isEmpty();
    }

    @Test
    void aDeadLetterQueueHoldingMessagesIsNotDeletedUnlessForced() {
        QueueHandler.Live live = handler.create(spec, ctx);
        for (int i = 0; i < 3; i++) {
            int n = i;
            sqs.sendMessage(r -> r.queueUrl(live.url()).messageBody("{\"failed\":" + n + "}"));
        }
        // One of them is being looked at (in flight): it is still a message the queue holds.
        assertThat(sqs.receiveMessage(r ->
                                r.queueUrl(live.url()).maxNumberOfMessages(1).visibilityTimeout(300))
                        .messages())
                .hasSize(1);

        calls.clear();
        // `live` was read before the messages arrived: delete must count afresh.
        assertThatThrownBy(() -> handler.delete(live, DeletionPolicy.DELETE, ctx))
                .isInstanceOfSatisfying(QueueNotEmptyException.class, e -> {
                    assertThat(e.messageCount()).isEqualTo(3);
                    assertThat(e.queueName()).isEqualTo(NAME);
                })
                .hasMessage("queue " + NAME + " holds 3 messages (lost events); run with --force to delete"
                        + " them anyway");
        assertThat(calls.mutating()).as("nothing deleted").isEmpty();
        assertThat(handler.read(spec, ctx)).isPresent();

        QueueHandler forced = new QueueHandler(sqs, clients.eventually(), true);
        calls.clear();
        assertThat(forced.delete(live, DeletionPolicy.DELETE, ctx)).isEqualTo(DeleteResult.deleted());
        assertThat(calls.mutating()).extracting(CallLog.Call::operation).containsExactly("DeleteQueue");
        assertThat(handler.read(spec, ctx)).isEmpty();
    }

    @Test
    void retainKeepsTheQueueWithoutACall() {
        QueueHandler.Live live = handler.create(spec, ctx);
        calls.clear();
        assertThat(Deletions.byPolicy(handler, spec, live, DeletionPolicy.RETAIN, ctx))
                .isEqualTo(DeleteResult.retained(NAME));
        assertThat(calls.calls()).isEmpty();
        assertThat(handler.read(spec, ctx)).isPresent();
    }

    @Test
    void createAdoptsAQueueThatExistsWithOtherAttributes() {
        // Left by a run that stopped, or made by hand: short retention, no key, no tags.
        sqs.createQueue(r -> r.queueName(NAME).attributes(Map.of(QueueAttributeName.MESSAGE_RETENTION_PERIOD, "3600")));
        calls.clear();

        QueueHandler.Live adopted = handler.create(spec, ctx);
        assertThat(calls.mutating())
                .extracting(CallLog.Call::operation)
                .containsExactly("CreateQueue", "SetQueueAttributes", "TagQueue");
        QueueHandler.Live live = handler.read(spec, ctx).orElseThrow();
        assertThat(handler.diff(spec, live)).isEmpty();
        assertThat(live.tags()).containsEntry(Tags.SPEC_HASH, "hash-1");
        assertThat(adopted).isEqualTo(live);
    }

    @Test
    void unknownInputsNeverReachAws() {
        QueueSpec planned = new QueueSpec(NAME, Unknown.of("kms.key", "arn"), FOURTEEN_DAYS, spec.tags());
        assertThat(handler.read(planned, ctx)).isEmpty();
        assertThatThrownBy(() -> handler.create(planned, ctx))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("kmsKeyArn not known yet");
        assertThat(calls.mutating()).isEmpty();

        QueueHandler.Live live = handler.create(spec, ctx);
        assertThat(handler.diff(planned, live))
                .containsExactly(AttributeChange.of("kmsKeyArn", keyArn, Unknown.of("kms.key", "arn")));
        calls.clear();
        assertThatThrownBy(() -> handler.update(planned, live, handler.diff(planned, live), ctx))
                .isInstanceOf(IllegalStateException.class);
        assertThat(calls.calls()).isEmpty();
    }
}

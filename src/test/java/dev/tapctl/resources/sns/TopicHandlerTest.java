package dev.tapctl.resources.sns;

import static dev.tapctl.testing.HandlerFixture.tags;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tapctl.aws.AwsClients;
import dev.tapctl.engine.spi.AttributeChange;
import dev.tapctl.engine.spi.DeleteResult;
import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.Deletions;
import dev.tapctl.engine.spi.SpecHashes;
import dev.tapctl.engine.spi.Tags;
import dev.tapctl.engine.spi.Unknown;
import dev.tapctl.stack.Kinds;
import dev.tapctl.stack.spec.TopicSpec;
import dev.tapctl.testing.CallLog;
import dev.tapctl.testing.Emulator;
import dev.tapctl.testing.EmulatorExtension;
import dev.tapctl.testing.HandlerFixture;
import dev.tapctl.testing.TestContext;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sns.SnsClient;

@ExtendWith(EmulatorExtension.class)
class TopicHandlerTest {
    private static final String NAME = "tap-test-alarms";
    private static final String ID = "alarms.topic";

    private final CallLog calls = new CallLog();
    private final TestContext ctx = new TestContext(ID, "hash-1");
    private AwsClients clients;
    private SnsClient sns;
    private TopicHandler handler;
    private String keyArn;
    private TopicSpec spec;

    @BeforeEach
    void setUp(Emulator emulator) {
        clients = HandlerFixture.clients(emulator, calls);
        sns = clients.sns();
        handler = new TopicHandler(sns);
        keyArn = HandlerFixture.kmsKeyArn(clients);
        spec = new TopicSpec(
                NAME,
                "arn:aws:sns:" + emulator.region() + ":" + emulator.accountId() + ":" + NAME,
                keyArn,
                tags(ID, NAME));
        calls.clear();
    }

    @AfterEach
    void tearDown() {
        clients.close();
    }

    @Test
    void lifecycleRepairsDriftAndDeletes() {
        assertThat(handler.kind()).isEqualTo(Kinds.TOPIC);
        assertThat(handler.read(spec, ctx)).isEmpty();

        calls.clear();
        TopicHandler.Live created = handler.create(spec, ctx);
        assertThat(calls.mutating()).extracting(CallLog.Call::operation).containsExactly("CreateTopic");
        assertThat(calls.operations())
                .as("read back")
                .containsExactly("CreateTopic", "GetTopicAttributes", "ListTagsForResource");
        assertThat(created.arn()).isEqualTo(spec.arn());

        calls.clear();
        TopicHandler.Live live = handler.read(spec, ctx).orElseThrow();
        assertThat(live).isEqualTo(created);
        assertThat(live.kmsKeyId()).isEqualTo(keyArn);
        assertThat(live.tags()).containsAllEntriesOf(spec.tags()).containsEntry(Tags.SPEC_HASH, "hash-1");
        assertThat(SpecHashes.applied(handler, live)).contains("hash-1");
        assertThat(handler.diff(spec, live)).isEmpty();
        assertThat(calls.operations())
                .as("by ARN, no ListTopics")
                .containsExactly("GetTopicAttributes", "ListTagsForResource");
        assertThat(handler.outputs(live).values()).containsOnly(Map.entry("name", NAME), Map.entry("arn", spec.arn()));

        // Someone turns encryption off and removes a tag, outside tapctl.
        sns.setTopicAttributes(
                r -> r.topicArn(spec.arn()).attributeName("KmsMasterKeyId").attributeValue(""));
        sns.untagResource(r -> r.resourceArn(spec.arn()).tagKeys("CostCenter"));
        TopicHandler.Live drifted = handler.read(spec, ctx).orElseThrow();
        List<AttributeChange> changes = handler.diff(spec, drifted);
        assertThat(changes)
                .containsExactlyInAnyOrder(
                        AttributeChange.of("kmsKeyArn", null, keyArn),
                        AttributeChange.of("tags.CostCenter", null, "platform"));

        calls.clear();
        TopicHandler.Live updated = handler.update(spec, drifted, changes, new TestContext(ID, "hash-2"));
        assertThat(calls.mutating())
                .extracting(CallLog.Call::operation)
                .containsExactly("SetTopicAttributes", "TagResource");
        TopicHandler.Live repaired = handler.read(spec, ctx).orElseThrow();
        assertThat(handler.diff(spec, repaired)).isEmpty();
        assertThat(repaired).isEqualTo(updated);
        assertThat(repaired.tags()).containsEntry(Tags.SPEC_HASH, "hash-2");

        calls.clear();
        assertThat(handler.delete(repaired, DeletionPolicy.DELETE, ctx)).isEqualTo(DeleteResult.deleted());
        assertThat(calls.mutating()).extracting(CallLog.Call::operation).containsExactly("DeleteTopic");
        assertThat(handler.read(spec, ctx)).isEmpty();
        assertThat(handler.delete(repaired, DeletionPolicy.DELETE, ctx)).isEqualTo(DeleteResult.deleted());
        assertThat(Deletions.byPolicy(handler, spec, repaired, DeletionPolicy.RETAIN, ctx)
                        .outcome())
                .isEqualTo(DeleteResult.Outcome.RETAINED);
    }

    @Test
    void aTopicSomeoneMadeWithOtherAttributesIsAdoptedAndReconciled() {
        // A topic of that name, unencrypted and untagged (a crashed run, or made by hand).
        sns.createTopic(r -> r.name(NAME));
        calls.clear();
        TopicHandler.Live adopted = handler.create(spec, ctx);
        assertThat(calls.mutating())
                .extracting(CallLog.Call::operation)
                .containsExactly("CreateTopic", "SetTopicAttributes", "TagResource");
        assertThat(adopted.kmsKeyId()).isEqualTo(keyArn);
        TopicHandler.Live live = handler.read(spec, ctx).orElseThrow();
        assertThat(handler.diff(spec, live)).isEmpty();
        assertThat(live.tags()).containsEntry(Tags.SPEC_HASH, "hash-1");
    }

    @Test
    void anOfflineSpecIsNeverSentToAws() {
        TopicSpec offline = new TopicSpec(NAME, Unknown.of("account", "id"), Unknown.of("kms.key", "arn"), spec.tags());
        assertThat(handler.read(offline, ctx)).isEmpty();
        assertThat(calls.calls()).isEmpty();
    }
}

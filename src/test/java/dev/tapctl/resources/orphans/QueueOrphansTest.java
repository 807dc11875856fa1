package dev.tapctl.resources.orphans;

import static dev.tapctl.resources.orphans.OrphanTestSupport.otherEnvTags;
import static dev.tapctl.resources.orphans.OrphanTestSupport.otherProjectTags;
import static dev.tapctl.resources.orphans.OrphanTestSupport.owner;
import static dev.tapctl.testing.CallLog.operations;
import static dev.tapctl.testing.HandlerFixture.tags;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tapctl.aws.AwsClients;
import dev.tapctl.engine.spi.DeleteResult;
import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.Deletions;
import dev.tapctl.engine.spi.Ownership;
import dev.tapctl.engine.spi.SharedReads;
import dev.tapctl.engine.spi.Tags;
import dev.tapctl.resources.sqs.QueueHandler;
import dev.tapctl.resources.sqs.QueueNotEmptyException;
import dev.tapctl.stack.spec.QueueSpec;
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
import software.amazon.awssdk.services.sqs.SqsClient;

@ExtendWith(EmulatorExtension.class)
class QueueOrphansTest {
    private static final int RETENTION = 1_209_600;
    private static final String KNOWN = "tap-test-api-dlq";
    private static final String ORPHAN = "tap-test-gone-dlq";
    private static final String OTHER_ENV = "tap-test-shadow-dlq";
    private static final String OTHER_PROJECT = "tap-test-foreign-dlq";
    private static final String UNTAGGED = "tap-test-handmade-dlq";
    private static final String PROD = "tap-prod-gone-dlq";

    private final CallLog calls = new CallLog();
    private AwsClients clients;
    private SqsClient sqs;
    private QueueHandler handler;

    @BeforeEach
    void setUp(Emulator emulator) {
        clients = HandlerFixture.clients(emulator, calls);
        sqs = clients.sqs();
        handler = new QueueHandler(sqs, clients.eventually());

        create(KNOWN, tags("fn.api.dlq", KNOWN));
        create(ORPHAN, tags("fn.gone.dlq", ORPHAN));
        create(OTHER_ENV, otherEnvTags("fn.shadow.dlq", OTHER_ENV));
        create(OTHER_PROJECT, otherProjectTags("fn.foreign.dlq", OTHER_PROJECT));
        create(PROD, otherEnvTags("fn.gone.dlq", PROD));
        sqs.createQueue(r -> r.queueName(UNTAGGED));
        calls.clear();
    }

    @AfterEach
    void tearDown() {
        clients.close();
    }

    @Test
    void listsOnlyThisEnvironmentsTaggedQueuesTheConfigurationNoLongerHas() {
        Ownership owner = owner(KNOWN);

        List<QueueHandler.Live> orphans = handler.listOrphans(owner, SharedReads.NONE);

        assertThat(orphans).extracting(QueueHandler.Live::name).containsExactly(ORPHAN);
        QueueHandler.Live orphan = orphans.get(0);
        assertThat(orphan.tags())
                .containsEntry(Tags.LOGICAL_ID, "fn.gone.dlq")
                .containsEntry(Tags.ENVIRONMENT, OrphanTestSupport.ENV)
                .containsKey(Tags.SPEC_HASH);
        assertThat(orphan.arn()).endsWith(":" + ORPHAN);
        assertThat(calls.mutating()).isEmpty();
        // One listing by prefix; the tags of each unknown queue under it; the attributes of the orphan only.
        assertThat(operations(calls.calls()))
                .startsWith("ListQueues")
                .containsExactlyInAnyOrder(
                        "ListQueues",
                        "ListQueueTags",
                        "ListQueueTags",
                        "ListQueueTags",
                        "ListQueueTags",
                        "GetQueueAttributes");

        assertThat(orphan)
                .isEqualTo(handler.read(spec(ORPHAN, tags("fn.gone.dlq", ORPHAN)), ctx())
                        .orElseThrow());
        assertThat(handler.orphanPolicy()).isEqualTo(DeletionPolicy.DELETE);
        assertThat(Deletions.byPolicy(handler, null, orphan, handler.orphanPolicy(), ctx()))
                .isEqualTo(DeleteResult.deleted());

        assertThat(names()).containsExactlyInAnyOrder(KNOWN, OTHER_ENV, OTHER_PROJECT, UNTAGGED, PROD);
        assertThat(handler.listOrphans(owner, SharedReads.NONE)).isEmpty();
    }

    @Test
    void anOrphanedQueueStillHoldingMessagesIsNotDeletedWithoutForce() {
        String url = sqs.getQueueUrl(r -> r.queueName(ORPHAN)).queueUrl();
        sqs.sendMessage(r -> r.queueUrl(url).messageBody("{\"lost\":\"event\"}"));
        QueueHandler.Live orphan =
                handler.listOrphans(owner(KNOWN), SharedReads.NONE).get(0);
        assertThat(orphan.messages()).isEqualTo(1);

        assertThatThrownBy(() -> Deletions.byPolicy(handler, null, orphan, handler.orphanPolicy(), ctx()))
                .isInstanceOf(QueueNotEmptyException.class);
        assertThat(names()).contains(ORPHAN);

        Deletions.byPolicy(
                new QueueHandler(sqs, clients.eventually(), true), null, orphan, handler.orphanPolicy(), ctx());
        assertThat(names()).doesNotContain(ORPHAN);
    }

    @Test
    void aQueueStillConfiguredIsNeverAnOrphan() {
        assertThat(handler.listOrphans(owner(KNOWN, ORPHAN), SharedReads.NONE)).isEmpty();
        assertThat(operations(calls.calls()))
                .containsExactly("ListQueues", "ListQueueTags", "ListQueueTags", "ListQueueTags");
    }

    private List<String> names() {
        return sqs.listQueues().queueUrls().stream()
                .map(url -> url.substring(url.lastIndexOf('/') + 1))
                .toList();
    }

    private void create(String name, Map<String, String> tags) {
        handler.create(spec(name, tags), new TestContext(tags.get(Tags.LOGICAL_ID)));
    }

    private static QueueSpec spec(String name, Map<String, String> tags) {
        return new QueueSpec(name, null, RETENTION, tags);
    }

    private static TestContext ctx() {
        return new TestContext("fn.gone.dlq");
    }
}

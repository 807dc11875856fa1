package dev.tapctl.resources.orphans;

import static dev.tapctl.resources.orphans.OrphanTestSupport.otherEnvTags;
import static dev.tapctl.resources.orphans.OrphanTestSupport.otherProjectTags;
import static dev.tapctl.resources.orphans.OrphanTestSupport.owner;
import static dev.tapctl.testing.CallLog.operations;
import static dev.tapctl.testing.HandlerFixture.tags;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tapctl.aws.AwsClients;
import dev.tapctl.engine.spi.DeleteResult;
import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.Deletions;
import dev.tapctl.engine.spi.Ownership;
import dev.tapctl.engine.spi.SharedReads;
import dev.tapctl.engine.spi.Tags;
import dev.tapctl.resources.logs.LogGroupHandler;
import dev.tapctl.stack.spec.LogGroupSpec;
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
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup;

@ExtendWith(EmulatorExtension.class)
class LogGroupOrphansTest {
    private static final String KNOWN = "/aws/lambda/tap-test-api";
    private static final String KNOWN_OWN = "/tap/test/vpc-flow-logs";
    private static final String ORPHAN = "/aws/lambda/tap-test-gone";
    private static final String ORPHAN_OWN = "/tap/test/retired";
    private static final String OTHER_ENV = "/aws/lambda/tap-test-shadow";
    private static final String OTHER_PROJECT = "/aws/lambda/tap-test-foreign";
    private static final String UNTAGGED = "/aws/lambda/tap-test-handmade";
    private static final String PROD = "/tap/prod/retired";
    /** Tagged as this environment's, but under neither prefix its groups have: never looked at. */
    private static final String ELSEWHERE = "/elsewhere/tap-test-gone";

    private final CallLog calls = new CallLog();
    private AwsClients clients;
    private CloudWatchLogsClient logs;
    private LogGroupHandler handler;

    @BeforeEach
    void setUp(Emulator emulator) {
        clients = HandlerFixture.clients(emulator, calls);
        logs = clients.logs();
        handler = new LogGroupHandler(logs);

        create(KNOWN, tags("fn.api.logs", KNOWN));
        create(KNOWN_OWN, tags("network.flowlogs.group", KNOWN_OWN));
        create(ORPHAN, tags("fn.gone.logs", ORPHAN));
        create(ORPHAN_OWN, tags("retired.group", ORPHAN_OWN));
        create(OTHER_ENV, otherEnvTags("fn.shadow.logs", OTHER_ENV));
        create(OTHER_PROJECT, otherProjectTags("fn.foreign.logs", OTHER_PROJECT));
        create(PROD, otherEnvTags("retired.group", PROD));
        create(ELSEWHERE, tags("elsewhere.group", ELSEWHERE));
        logs.createLogGroup(r -> r.logGroupName(UNTAGGED));
        calls.clear();
    }

    @AfterEach
    void tearDown() {
        clients.close();
    }

    @Test
    void listsOnlyThisEnvironmentsTaggedGroupsTheConfigurationNoLongerHasUnderBothPrefixes() {
        Ownership owner = owner(KNOWN, KNOWN_OWN);

        List<LogGroupHandler.Live> orphans = handler.listOrphans(owner, SharedReads.NONE);

        assertThat(orphans).extracting(LogGroupHandler.Live::name).containsExactly(ORPHAN, ORPHAN_OWN);
        assertThat(orphans.get(0).tags())
                .containsEntry(Tags.LOGICAL_ID, "fn.gone.logs")
                .containsKey(Tags.SPEC_HASH);
        assertThat(orphans.get(1).tags()).containsEntry(Tags.LOGICAL_ID, "retired.group");
        assertThat(calls.mutating()).isEmpty();
        // One listing per prefix; the tags of each unknown group under them, none for the known ones.
        assertThat(operations(calls.calls()))
                .containsExactly(
                        "DescribeLogGroups",
                        "ListTagsForResource",
                        "ListTagsForResource",
                        "ListTagsForResource",
                        "ListTagsForResource",
                        "DescribeLogGroups",
                        "ListTagsForResource");

        for (LogGroupHandler.Live orphan : orphans) {
            String logicalId = orphan.tags().get(Tags.LOGICAL_ID);
            assertThat(orphan)
                    .isEqualTo(handler.read(
                                    spec(orphan.name(), tags(logicalId, orphan.name())), new TestContext(logicalId))
                            .orElseThrow());
            assertThat(Deletions.byPolicy(handler, null, orphan, handler.orphanPolicy(), new TestContext(logicalId)))
                    .isEqualTo(DeleteResult.deleted());
        }
        assertThat(handler.orphanPolicy()).isEqualTo(DeletionPolicy.DELETE);

        assertThat(logs.describeLogGroupsPaginator().logGroups())
                .extracting(LogGroup::logGroupName)
                .containsExactlyInAnyOrder(KNOWN, KNOWN_OWN, OTHER_ENV, OTHER_PROJECT, UNTAGGED, PROD, ELSEWHERE);
        assertThat(handler.listOrphans(owner, SharedReads.NONE)).isEmpty();
    }

    @Test
    void groupsStillConfiguredAreNeverOrphans() {
        assertThat(handler.listOrphans(owner(KNOWN, KNOWN_OWN, ORPHAN, ORPHAN_OWN), SharedReads.NONE))
                .isEmpty();
    }

    private void create(String name, Map<String, String> tags) {
        handler.create(spec(name, tags), new TestContext(tags.get(Tags.LOGICAL_ID)));
    }

    private static LogGroupSpec spec(String name, Map<String, String> tags) {
        return new LogGroupSpec(name, 14, null, tags);
    }
}

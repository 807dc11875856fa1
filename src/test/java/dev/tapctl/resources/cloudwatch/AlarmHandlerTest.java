package dev.tapctl.resources.cloudwatch;

import static dev.tapctl.testing.HandlerFixture.tags;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tapctl.aws.AwsClients;
import dev.tapctl.engine.PlanReads;
import dev.tapctl.engine.spi.AttributeChange;
import dev.tapctl.engine.spi.DeleteResult;
import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.Ownership;
import dev.tapctl.engine.spi.SpecHashes;
import dev.tapctl.engine.spi.Tags;
import dev.tapctl.stack.Kinds;
import dev.tapctl.stack.spec.AlarmSpec;
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
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;

@ExtendWith(EmulatorExtension.class)
class AlarmHandlerTest {
    private static final String NAME = "tap-test-fn-api-errors";
    private static final String ID = "alarms.fn.api.errors";

    private final CallLog calls = new CallLog();
    private final TestContext ctx = new TestContext(ID, "hash-1");
    private AwsClients clients;
    private CloudWatchClient cloudwatch;
    private AlarmHandler handler;
    private String topicArn;

    @BeforeEach
    void setUp(Emulator emulator) {
        clients = HandlerFixture.clients(emulator, calls);
        cloudwatch = clients.cloudwatch();
        handler = new AlarmHandler(cloudwatch);
        topicArn = clients.sns().createTopic(r -> r.name("tap-test-alarms")).topicArn();
        calls.clear();
    }

    @AfterEach
    void tearDown() {
        clients.close();
    }

    private AlarmSpec spec(String id, String name, String function, double threshold) {
        return new AlarmSpec(
                name,
                "Invocations of tap-test-" + function + " failed",
                "AWS/Lambda",
                "Errors",
                Map.of("FunctionName", "tap-test-" + function),
                "Sum",
                300,
                1,
                threshold,
                "GreaterThanOrEqualToThreshold",
                "notBreaching",
                List.of(topicArn),
                tags(id, name));
    }

    @Test
    void lifecycleRepairsDriftAttributeByAttributeAndDeletes() {
        AlarmSpec spec = spec(ID, NAME, "api", 1);
        assertThat(handler.kind()).isEqualTo(Kinds.ALARM);
        assertThat(handler.read(spec, ctx)).isEmpty();

        calls.clear();
        AlarmHandler.Live created = handler.create(spec, ctx);
        assertThat(calls.mutating()).extracting(CallLog.Call::operation).containsExactly("PutMetricAlarm");

        calls.clear();
        AlarmHandler.Live live = handler.read(spec, ctx).orElseThrow();
        assertThat(live).isEqualTo(created);
        assertThat(live.alarmActions()).containsExactly(topicArn);
        assertThat(live.dimensions()).containsExactly(Map.entry("FunctionName", "tap-test-api"));
        assertThat(live.threshold()).isEqualTo(1.0);
        assertThat(live.treatMissingData()).isEqualTo("notBreaching");
        assertThat(live.tags()).containsAllEntriesOf(spec.tags()).containsEntry(Tags.SPEC_HASH, "hash-1");
        assertThat(SpecHashes.applied(handler, live)).contains("hash-1");
        assertThat(handler.diff(spec, live)).isEmpty();
        assertThat(calls.operations()).containsExactly("DescribeAlarms", "ListTagsForResource");
        assertThat(handler.outputs(live).values()).containsOnly(Map.entry("name", NAME), Map.entry("arn", live.arn()));

        // Someone raises the threshold, drops the action and removes a tag, outside tapctl.
        cloudwatch.putMetricAlarm(r -> r.alarmName(NAME)
                .alarmDescription(spec.description())
                .namespace("AWS/Lambda")
                .metricName("Errors")
                .dimensions(d -> d.name("FunctionName").value("tap-test-api"))
                .statistic("Sum")
                .period(300)
                .evaluationPeriods(1)
                .threshold(50.0)
                .comparisonOperator("GreaterThanOrEqualToThreshold")
                .treatMissingData("notBreaching"));
        cloudwatch.untagResource(r -> r.resourceARN(live.arn()).tagKeys("CostCenter"));
        AlarmHandler.Live drifted = handler.read(spec, ctx).orElseThrow();
        List<AttributeChange> changes = handler.diff(spec, drifted);
        assertThat(changes)
                .containsExactlyInAnyOrder(
                        AttributeChange.of("threshold", 50.0, 1.0),
                        AttributeChange.of("alarmActions", List.of(), List.of(topicArn)),
                        AttributeChange.of("tags.CostCenter", null, "platform"));

        calls.clear();
        AlarmHandler.Live updated = handler.update(spec, drifted, changes, new TestContext(ID, "hash-2"));
        assertThat(calls.mutating())
                .extracting(CallLog.Call::operation)
                .containsExactly("PutMetricAlarm", "TagResource");
        AlarmHandler.Live repaired = handler.read(spec, ctx).orElseThrow();
        assertThat(handler.diff(spec, repaired)).isEmpty();
        assertThat(repaired).isEqualTo(updated);
        assertThat(repaired.tags()).containsEntry(Tags.SPEC_HASH, "hash-2").containsEntry("CostCenter", "platform");

        calls.clear();
        handler.update(spec, repaired, List.of(), new TestContext(ID, "hash-3"));
        assertThat(calls.mutating())
                .as("only a new spec hash")
                .extracting(CallLog.Call::operation)
                .containsExactly("TagResource");

        calls.clear();
        assertThat(handler.delete(repaired, DeletionPolicy.DELETE, ctx)).isEqualTo(DeleteResult.deleted());
        assertThat(calls.mutating()).extracting(CallLog.Call::operation).containsExactly("DeleteAlarms");
        assertThat(handler.read(spec, ctx)).isEmpty();
        assertThat(handler.delete(repaired, DeletionPolicy.DELETE, ctx)).isEqualTo(DeleteResult.deleted());
    }

    @Test
    void anAlarmACrashedRunLeftUntaggedIsAdoptedWithItsTags() {
        AlarmSpec spec = spec(ID, NAME, "api", 1);
        cloudwatch.putMetricAlarm(r -> r.alarmName(NAME)
                .namespace("AWS/Lambda")
                .metricName("Errors")
                .statistic("Sum")
                .period(60)
                .evaluationPeriods(1)
                .threshold(9.0)
                .comparisonOperator("GreaterThanThreshold"));
        calls.clear();
        AlarmHandler.Live adopted = handler.create(spec, ctx);
        assertThat(calls.mutating())
                .as("PutMetricAlarm ignores Tags of an existing alarm")
                .extracting(CallLog.Call::operation)
                .containsExactly("PutMetricAlarm", "TagResource");
        AlarmHandler.Live live = handler.read(spec, ctx).orElseThrow();
        assertThat(live).isEqualTo(adopted);
        assertThat(handler.diff(spec, live)).isEmpty();
        assertThat(live.tags()).containsEntry(Tags.SPEC_HASH, "hash-1");
    }

    @Test
    void aPlanListsTheEnvironmentsAlarmsOnceAndFindsTheAlarmsOfARemovedFunction() {
        AlarmSpec api = spec(ID, NAME, "api", 1);
        AlarmSpec worker = spec("alarms.fn.worker.errors", "tap-test-fn-worker-errors", "worker", 1);
        AlarmSpec gone = spec("alarms.fn.gone.errors", "tap-test-fn-gone-errors", "gone", 1);
        handler.create(api, ctx);
        handler.create(worker, new TestContext("alarms.fn.worker.errors"));
        handler.create(gone, new TestContext("alarms.fn.gone.errors"));
        // Another environment's alarm and one nobody tagged: never orphans of this one.
        handler.create(spec(ID, "tap-other-fn-api-errors", "api", 1), ctx);
        cloudwatch.putMetricAlarm(r -> r.alarmName("tap-test-by-hand")
                .namespace("AWS/Lambda")
                .metricName("Errors")
                .statistic("Sum")
                .period(60)
                .evaluationPeriods(1)
                .threshold(1.0)
                .comparisonOperator("GreaterThanThreshold"));

        calls.clear();
        PlanReads plan = new PlanReads();
        assertThat(handler.read(api, ctx.sharing(plan))).isPresent();
        assertThat(handler.read(worker, ctx.sharing(plan))).isPresent();
        List<AlarmHandler.Live> orphans = handler.listOrphans(
                new Ownership(
                        HandlerFixture.PROJECT, HandlerFixture.ENV, "tap-test-", Set.of(api.name(), worker.name())),
                plan);
        assertThat(orphans).extracting(AlarmHandler.Live::name).containsExactly("tap-test-fn-gone-errors");
        assertThat(calls.operations())
                .as("one listing, then tags")
                .containsOnly("DescribeAlarms", "ListTagsForResource")
                .filteredOn("DescribeAlarms"::equals)
                .hasSize(1);
    }
}

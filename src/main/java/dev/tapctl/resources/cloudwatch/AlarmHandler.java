package dev.tapctl.resources.cloudwatch;

import dev.tapctl.aws.TagDiff;
import dev.tapctl.engine.spi.AttributeChange;
import dev.tapctl.engine.spi.DeleteResult;
import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.HandlerContext;
import dev.tapctl.engine.spi.ListsOrphans;
import dev.tapctl.engine.spi.Ownership;
import dev.tapctl.engine.spi.SharedReads;
import dev.tapctl.engine.spi.Tagged;
import dev.tapctl.engine.spi.Tags;
import dev.tapctl.resources.support.AwsResourceHandler;
import dev.tapctl.resources.support.Created;
import dev.tapctl.resources.support.Diff;
import dev.tapctl.resources.support.Missing;
import dev.tapctl.resources.support.NamePrefixListing;
import dev.tapctl.resources.support.SdkTags;
import dev.tapctl.stack.Kinds;
import dev.tapctl.stack.spec.AlarmSpec;
import io.soabase.recordbuilder.core.RecordBuilder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.AlarmType;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.ResourceNotFoundException;
import software.amazon.awssdk.services.cloudwatch.model.Tag;

/**
 * A CloudWatch metric alarm found by its name, compared attribute by attribute.
 *
 * <p>Plan cost: DescribeAlarms answers every attribute but no tags. A plan lists the
 * environment's alarms once (AlarmNamePrefix {@code <project>-<env>-}, paginated), shared by all
 * of them and by the orphan listing, then reads each alarm's tags with ListTagsForResource: the
 * tags hold the ownership and the spec hash, as for every other kind, so a removed tag is drift
 * and "config changed" stays distinct from "changed outside tapctl". That is one call per alarm
 * plus one listing, about 1.1 calls per alarm. Cheaper designs were weighed and refused: keeping
 * the hash in AlarmDescription would leave the tags unchecked and mix tapctl's bookkeeping into
 * what people read in the console; the Resource Groups Tagging API (GetResources) answers many
 * alarms' tags at once but is eventually consistent (a plan right after an apply could see an
 * alarm without its spec hash) and needs another service and permission.
 */
public final class AlarmHandler extends AwsResourceHandler<AlarmSpec, AlarmHandler.Live>
        implements ListsOrphans<AlarmHandler.Live> {

    /** What DescribeAlarms says of a metric alarm, and its tags; {@code withTags} is generated. */
    @RecordBuilder
    public record Live(
            String name,
            String arn,
            String description,
            String namespace,
            String metricName,
            Map<String, String> dimensions,
            String statistic,
            Integer periodSeconds,
            Integer evaluationPeriods,
            Double threshold,
            String comparisonOperator,
            String treatMissingData,
            Boolean actionsEnabled,
            List<String> alarmActions,
            Map<String, String> tags)
            implements Tagged, AlarmHandlerLiveBuilder.With {
        public Live {
            dimensions = Collections.unmodifiableMap(new TreeMap<>(dimensions));
            alarmActions = List.copyOf(alarmActions);
            tags = Map.copyOf(tags);
        }
    }

    private final CloudWatchClient cloudwatch;

    public AlarmHandler(CloudWatchClient cloudwatch) {
        super(Kinds.ALARM);
        this.cloudwatch = cloudwatch;
    }

    @Override
    public Optional<Live> read(AlarmSpec desired, HandlerContext ctx) {
        Optional<String> prefix = Tags.namePrefix(desired.tags()).filter(desired.name()::startsWith);
        MetricAlarm alarm;
        if (ctx.reads().shared() && prefix.isPresent()) {
            alarm = listed(
                            ctx.reads(),
                            desired.tags().get(Tags.PROJECT),
                            desired.tags().get(Tags.ENVIRONMENT))
                    .get(desired.name());
        } else {
            alarm = cloudwatch
                    .describeAlarms(r -> r.alarmNames(desired.name()).alarmTypes(AlarmType.METRIC_ALARM))
                    .metricAlarms()
                    .stream()
                    .filter(a -> a.alarmName().equals(desired.name()))
                    .findFirst()
                    .orElse(null);
        }
        if (alarm == null) {
            return Optional.empty();
        }
        MetricAlarm found = alarm;
        // Deleted between the two calls: empty as well.
        return Missing.orEmpty(() -> live(found, tags(found.alarmArn())), ResourceNotFoundException.class);
    }

    /**
     * DescribeAlarms of the metric alarms whose names start with the environment's prefix
     * (paginated), by name; shared within a plan (within a drift run, by every environment of the project).
     */
    private Map<String, MetricAlarm> listed(SharedReads reads, String project, String env) {
        Map<String, MetricAlarm> byName = new LinkedHashMap<>();
        NamePrefixListing.of(
                        reads,
                        "cloudwatch:DescribeAlarms:" + AlarmType.METRIC_ALARM,
                        project,
                        env,
                        prefix -> cloudwatch
                                .describeAlarmsPaginator(
                                        r -> r.alarmNamePrefix(prefix).alarmTypes(AlarmType.METRIC_ALARM))
                                .metricAlarms()
                                .stream()
                                .toList(),
                        MetricAlarm::alarmName)
                .forEach(a -> byName.put(a.alarmName(), a));
        return Collections.unmodifiableMap(byName);
    }

    private Map<String, String> tags(String arn) {
        return SdkTags.toMap(
                cloudwatch.listTagsForResource(r -> r.resourceARN(arn)).tags(), Tag::key, Tag::value);
    }

    private static Live live(MetricAlarm a, Map<String, String> tags) {
        Map<String, String> dimensions = new TreeMap<>();
        a.dimensions().forEach(d -> dimensions.put(d.name(), d.value()));
        return new Live(
                a.alarmName(),
                a.alarmArn(),
                a.alarmDescription(),
                a.namespace(),
                a.metricName(),
                dimensions,
                a.statisticAsString(),
                a.period(),
                a.evaluationPeriods(),
                a.threshold(),
                a.comparisonOperatorAsString(),
                a.treatMissingData(),
                a.actionsEnabled(),
                a.alarmActions(),
                tags);
    }

    /**
     * The listing of the environment's alarms (the plan's, when shared), names the configuration
     * still has skipped, then ListTagsForResource per candidate: only alarms tagged as this
     * environment's are orphans (an alarm of a function removed from the configuration).
     */
    @Override
    public List<Live> listOrphans(Ownership owner, SharedReads reads) {
        List<Live> orphans = new ArrayList<>();
        for (MetricAlarm alarm : listed(reads, owner.project(), owner.env()).values()) {
            if (!alarm.alarmName().startsWith(owner.namePrefix())
                    || owner.knownNames().contains(alarm.alarmName())) {
                continue;
            }
            Missing.orEmpty(() -> tags(alarm.alarmArn()), ResourceNotFoundException.class)
                    .filter(owner::owns)
                    .ifPresent(tags -> orphans.add(live(alarm, tags)));
        }
        return orphans;
    }

    @Override
    public List<AttributeChange> diff(AlarmSpec desired, Live live) {
        return Diff.of(desired, live)
                .fields("description", "namespace", "metricName", "dimensions", "statistic")
                .fields("periodSeconds", "evaluationPeriods", "threshold", "comparisonOperator")
                .fields("treatMissingData")
                // tapctl's alarms always act.
                .field("actionsEnabled", spec -> Boolean.TRUE, Live::actionsEnabled)
                .fields("alarmActions")
                .tags()
                .changes();
    }

    /**
     * PutMetricAlarm creates or replaces the alarm of that name: an alarm a crashed run left is
     * simply overwritten. "If you are using this operation to update an existing alarm, any tags
     * you specify in this parameter are ignored" (CloudWatch API Reference, PutMetricAlarm), so
     * the tags are written with TagResource when the alarm already had other ones.
     */
    @Override
    protected Live createKnown(AlarmSpec desired, HandlerContext ctx) {
        Map<String, String> tags = ctx.tagsToWrite(desired.tags());
        put(desired, tags);
        Live created = Created.readBack(this, desired, ctx, "alarm " + desired.name());
        if (!created.tags().entrySet().containsAll(tags.entrySet())) {
            cloudwatch.tagResource(r -> r.resourceARN(created.arn()).tags(cloudwatchTags(tags)));
            return created.withTags(TagDiff.afterWrite(created.tags(), tags));
        }
        return created;
    }

    /** Any attribute: the whole alarm is put again (PutMetricAlarm has no partial update); tags with TagResource. */
    @Override
    protected Live updateKnown(AlarmSpec desired, Live live, List<AttributeChange> changes, HandlerContext ctx) {
        if (changes.stream().anyMatch(c -> !c.path().startsWith("tags."))) {
            put(desired, Map.of());
        }
        Map<String, String> tags = ctx.tagsToWrite(desired.tags());
        cloudwatch.tagResource(r -> r.resourceARN(live.arn()).tags(cloudwatchTags(tags)));
        return new Live(
                live.name(),
                live.arn(),
                desired.description(),
                desired.namespace(),
                desired.metricName(),
                desired.dimensions(),
                desired.statistic(),
                desired.periodSeconds(),
                desired.evaluationPeriods(),
                desired.threshold(),
                desired.comparisonOperator(),
                desired.treatMissingData(),
                true,
                desired.alarmActions(),
                TagDiff.afterWrite(live.tags(), tags));
    }

    private void put(AlarmSpec desired, Map<String, String> tags) {
        List<Dimension> dimensions = desired.dimensions().entrySet().stream()
                .map(e ->
                        Dimension.builder().name(e.getKey()).value(e.getValue()).build())
                .toList();
        cloudwatch.putMetricAlarm(r -> {
            r.alarmName(desired.name())
                    .alarmDescription(desired.description())
                    .namespace(desired.namespace())
                    .metricName(desired.metricName())
                    .dimensions(dimensions)
                    .statistic(desired.statistic())
                    .period(desired.periodSeconds())
                    .evaluationPeriods(desired.evaluationPeriods())
                    .threshold(desired.threshold())
                    .comparisonOperator(desired.comparisonOperator())
                    .treatMissingData(desired.treatMissingData())
                    .actionsEnabled(true)
                    .alarmActions(desired.alarmActions());
            if (!tags.isEmpty()) {
                r.tags(cloudwatchTags(tags));
            }
        });
    }

    /** DeleteAlarms; an alarm already gone (ResourceNotFound) is what a delete wants. */
    @Override
    public DeleteResult delete(Live live, DeletionPolicy policy, HandlerContext ctx) {
        return Missing.deleted(
                () -> cloudwatch.deleteAlarms(r -> r.alarmNames(live.name())), ResourceNotFoundException.class);
    }

    private static List<Tag> cloudwatchTags(Map<String, String> tags) {
        return SdkTags.toList(
                tags, (key, value) -> Tag.builder().key(key).value(value).build());
    }
}

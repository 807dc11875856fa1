package dev.tapctl.resources.logs;

import dev.tapctl.aws.TagDiff;
import dev.tapctl.engine.spi.AttributeChange;
import dev.tapctl.engine.spi.DeleteResult;
import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.FindsOutputsFirst;
import dev.tapctl.engine.spi.HandlerContext;
import dev.tapctl.engine.spi.ListsOrphans;
import dev.tapctl.engine.spi.Outputs;
import dev.tapctl.engine.spi.Ownership;
import dev.tapctl.engine.spi.SharedReads;
import dev.tapctl.engine.spi.Tagged;
import dev.tapctl.engine.spi.Tags;
import dev.tapctl.resources.support.AwsResourceHandler;
import dev.tapctl.resources.support.Created;
import dev.tapctl.resources.support.Diff;
import dev.tapctl.resources.support.Missing;
import dev.tapctl.stack.Kinds;
import dev.tapctl.stack.spec.LogGroupSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;

/** A CloudWatch Logs group with retention and a KMS key, found by its name. */
public final class LogGroupHandler extends AwsResourceHandler<LogGroupSpec, LogGroupHandler.Live>
        implements ListsOrphans<LogGroupHandler.Live>,
                // Name and ARN are in the listing that finds the group, before its tags are read:
                // a stage's access logs name it.
                FindsOutputsFirst<LogGroupSpec> {

    /** {@code arn} is the group's ARN without the trailing {@code :*}. */
    public record Live(String name, String arn, Integer retentionDays, String kmsKeyId, Map<String, String> tags)
            implements Tagged {
        public Live {
            tags = Map.copyOf(tags);
        }
    }

    private final CloudWatchLogsClient logs;

    public LogGroupHandler(CloudWatchLogsClient logs) {
        super(Kinds.LOG_GROUP);
        this.logs = logs;
    }

    @Override
    public Optional<Live> read(LogGroupSpec desired, HandlerContext ctx) {
        Optional<LogGroupListing.Family> family = listedFamily(desired, ctx);
        if (family.isEmpty()) {
            return readByName(desired.name());
        }
        return listed(desired, ctx, family.get()).map(group -> live(group, tags(group)));
    }

    /** The family a plan lists the group in; empty outside a plan or for a group named otherwise. */
    private static Optional<LogGroupListing.Family> listedFamily(LogGroupSpec desired, HandlerContext ctx) {
        return ctx.reads().shared() ? familyOf(desired) : Optional.empty();
    }

    /** The group as the plan's listing of {@code family} has it; empty when the listing has none. */
    private Optional<LogGroup> listed(LogGroupSpec desired, HandlerContext ctx, LogGroupListing.Family family) {
        return Optional.ofNullable(LogGroupListing.of(
                        logs,
                        ctx.reads(),
                        family,
                        desired.tags().get(Tags.PROJECT),
                        desired.tags().get(Tags.ENVIRONMENT))
                .get(desired.name()));
    }

    /**
     * Where the group is among its environment's groups, which a plan lists once for all of them
     * and for the orphan listing; empty for a group named otherwise.
     */
    private static Optional<LogGroupListing.Family> familyOf(LogGroupSpec desired) {
        String project = desired.tags().get(Tags.PROJECT);
        String env = desired.tags().get(Tags.ENVIRONMENT);
        if (project == null || env == null) {
            return Optional.empty();
        }
        return Stream.of(LogGroupListing.Family.values())
                .filter(family -> desired.name().startsWith(family.prefix(project, env)))
                .findFirst();
    }

    /**
     * Name and ARN from the plan's listing of the group's family; empty outside a plan or for a
     * name outside the families (the engine then waits for the read, which makes no second call).
     */
    @Override
    public Optional<Outputs> outputsFound(LogGroupSpec desired, HandlerContext ctx) {
        return listedFamily(desired, ctx)
                .flatMap(family -> listed(desired, ctx, family))
                .map(group -> outputs(live(group, Map.of())));
    }

    /** DescribeLogGroups by the name as a prefix, the exact match kept, then its tags. */
    private Optional<Live> readByName(String name) {
        Optional<LogGroup> group = logs.describeLogGroupsPaginator(r -> r.logGroupNamePrefix(name)).logGroups().stream()
                .filter(g -> g.logGroupName().equals(name))
                .findFirst();
        return group.map(g -> live(g, tags(g)));
    }

    private Map<String, String> tags(LogGroup group) {
        String arn = stripWildcard(group.arn());
        return logs.listTagsForResource(r -> r.resourceArn(arn)).tags();
    }

    private static Live live(LogGroup group, Map<String, String> tags) {
        return new Live(
                group.logGroupName(), stripWildcard(group.arn()), group.retentionInDays(), group.kmsKeyId(), tags);
    }

    /**
     * DescribeLogGroups (paginated) once per prefix an environment's groups have: its functions'
     * {@code /aws/lambda/<namePrefix>} and its own {@code /<project>/<env>/}; names the
     * configuration still has skipped, then ListTagsForResource per candidate: only the groups
     * tagged as this environment's are orphans. A group elsewhere is never looked at. An orphan
     * goes (the default policy, DELETE) like the function it logged for.
     */
    @Override
    public List<Live> listOrphans(Ownership owner, SharedReads reads) {
        Map<String, Live> orphans = new LinkedHashMap<>();
        for (LogGroupListing.Family family : LogGroupListing.Family.values()) {
            String prefix = family.prefix(owner.project(), owner.env());
            for (LogGroup group : LogGroupListing.of(logs, reads, family, owner.project(), owner.env())
                    .values()) {
                String name = group.logGroupName();
                if (!name.startsWith(prefix) || owner.knownNames().contains(name) || orphans.containsKey(name)) {
                    continue;
                }
                // Deleted since the listing: nothing left to delete.
                Missing.orEmpty(() -> tags(group), ResourceNotFoundException.class)
                        .filter(owner::owns)
                        .ifPresent(tags -> orphans.put(name, live(group, tags)));
            }
        }
        return List.copyOf(orphans.values());
    }

    @Override
    public List<AttributeChange> diff(LogGroupSpec desired, Live live) {
        return Diff.of(desired, live)
                .fields("retentionDays")
                .field("kmsKeyArn", LogGroupSpec::kmsKeyArn, Live::kmsKeyId)
                .tags()
                .changes();
    }

    @Override
    protected Live createKnown(LogGroupSpec desired, HandlerContext ctx) {
        return createOrAdopt(desired, ctx, ResourceAlreadyExistsException.class, () -> {
            logs.createLogGroup(r ->
                    r.logGroupName(desired.name()).kmsKeyId(desired.kmsKeyArn()).tags(ctx.tagsToWrite(desired.tags())));
            logs.putRetentionPolicy(r -> r.logGroupName(desired.name()).retentionInDays(desired.retentionDays()));
            return Created.readBack(this, desired, ctx, "log group " + desired.name());
        });
    }

    @Override
    protected Live updateKnown(LogGroupSpec desired, Live live, List<AttributeChange> changes, HandlerContext ctx) {
        for (AttributeChange change : changes) {
            switch (change.path()) {
                case "retentionDays" ->
                    logs.putRetentionPolicy(
                            r -> r.logGroupName(desired.name()).retentionInDays(desired.retentionDays()));
                case "kmsKeyArn" -> {
                    if (desired.kmsKeyArn() == null) {
                        logs.disassociateKmsKey(r -> r.logGroupName(desired.name()));
                    } else {
                        logs.associateKmsKey(r -> r.logGroupName(desired.name()).kmsKeyId(desired.kmsKeyArn()));
                    }
                }
                default -> {
                    // Tags are written together below, with the new spec hash.
                }
            }
        }
        Map<String, String> tags = ctx.tagsToWrite(desired.tags());
        logs.tagResource(r -> r.resourceArn(live.arn()).tags(tags));
        return new Live(
                live.name(),
                live.arn(),
                desired.retentionDays(),
                desired.kmsKeyArn(),
                TagDiff.afterWrite(live.tags(), tags));
    }

    @Override
    public DeleteResult delete(Live live, DeletionPolicy policy, HandlerContext ctx) {
        return Missing.deleted(
                () -> logs.deleteLogGroup(r -> r.logGroupName(live.name())), ResourceNotFoundException.class);
    }

    private static String stripWildcard(String arn) {
        return arn.endsWith(":*") ? arn.substring(0, arn.length() - 2) : arn;
    }
}

package dev.tapctl.resources.rds;

import dev.tapctl.aws.TagDiff;
import dev.tapctl.engine.spi.AttributeChange;
import dev.tapctl.engine.spi.DeleteResult;
import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.HandlerContext;
import dev.tapctl.engine.spi.Tagged;
import dev.tapctl.resources.support.AwsResourceHandler;
import dev.tapctl.resources.support.Diff;
import dev.tapctl.resources.support.Missing;
import dev.tapctl.resources.support.Waits;
import dev.tapctl.stack.Kinds;
import dev.tapctl.stack.spec.DbSubnetGroupSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBSubnetGroup;
import software.amazon.awssdk.services.rds.model.DbInstanceNotFoundException;
import software.amazon.awssdk.services.rds.model.DbSubnetGroupAlreadyExistsException;
import software.amazon.awssdk.services.rds.model.DbSubnetGroupNotFoundException;
import software.amazon.awssdk.services.rds.model.InvalidDbSubnetGroupStateException;
import software.amazon.awssdk.services.rds.model.Subnet;

/** The DB subnet group that places the database in the private subnets, found by its name. */
public final class DbSubnetGroupHandler extends AwsResourceHandler<DbSubnetGroupSpec, DbSubnetGroupHandler.Live> {

    public record Live(String name, String arn, String description, Set<String> subnetIds, Map<String, String> tags)
            implements Tagged {
        public Live {
            subnetIds = Set.copyOf(subnetIds);
            tags = Map.copyOf(tags);
        }
    }

    /** The instance AWS names when it refuses to delete a group still in use (API_DeleteDBSubnetGroup). */
    private static final Pattern HOLDER = Pattern.compile("database instance: (\\S+) is still using it");

    private final RdsClient rds;
    private final WaiterOverrideConfiguration waits;

    public DbSubnetGroupHandler(RdsClient rds, WaiterOverrideConfiguration waits) {
        super(Kinds.DB_SUBNET_GROUP);
        this.rds = rds;
        this.waits = waits;
    }

    @Override
    public Optional<Live> read(DbSubnetGroupSpec desired, HandlerContext ctx) {
        return Missing.orEmpty(
                        () -> rds.describeDBSubnetGroups(r -> r.dbSubnetGroupName(desired.name()))
                                .dbSubnetGroups()
                                .get(0),
                        DbSubnetGroupNotFoundException.class)
                .map(group -> live(group, RdsTags.of(rds, group.dbSubnetGroupArn())));
    }

    private static Live live(DBSubnetGroup group, Map<String, String> tags) {
        return new Live(
                group.dbSubnetGroupName(),
                group.dbSubnetGroupArn(),
                group.dbSubnetGroupDescription(),
                group.subnets().stream().map(Subnet::subnetIdentifier).collect(Collectors.toSet()),
                tags);
    }

    @Override
    public List<AttributeChange> diff(DbSubnetGroupSpec desired, Live live) {
        return Diff.of(desired, live)
                // Shown sorted.
                .field("subnetIds", spec -> new TreeSet<>(spec.subnetIds()), group -> new TreeSet<>(group.subnetIds()))
                .fields("description")
                .tags()
                .changes();
    }

    @Override
    protected Live createKnown(DbSubnetGroupSpec desired, HandlerContext ctx) {
        Map<String, String> tags = ctx.tagsToWrite(desired.tags());
        return createOrAdopt(desired, ctx, DbSubnetGroupAlreadyExistsException.class, () -> {
            DBSubnetGroup group = rds.createDBSubnetGroup(r -> r.dbSubnetGroupName(desired.name())
                            .dbSubnetGroupDescription(desired.description())
                            .subnetIds(desired.subnetIds())
                            .tags(RdsTags.toTags(tags)))
                    .dbSubnetGroup();
            // Not read back: the group is on the way to the database, the longest path of an apply, and
            // CreateDBSubnetGroup answered the group as created; the tags are the ones just written.
            return live(group, tags);
        });
    }

    @Override
    protected Live updateKnown(
            DbSubnetGroupSpec desired, Live live, List<AttributeChange> changes, HandlerContext ctx) {
        if (changes.stream()
                .anyMatch(c -> c.path().equals("subnetIds") || c.path().equals("description"))) {
            rds.modifyDBSubnetGroup(r -> r.dbSubnetGroupName(desired.name())
                    .dbSubnetGroupDescription(desired.description())
                    .subnetIds(desired.subnetIds()));
        }
        Map<String, String> tags = ctx.tagsToWrite(desired.tags());
        RdsTags.write(rds, live.arn(), tags);
        return new Live(
                live.name(),
                live.arn(),
                desired.description(),
                Set.copyOf(desired.subnetIds()),
                TagDiff.afterWrite(live.tags(), tags));
    }

    /**
     * RDS refuses to delete a group a DB instance still uses: InvalidDBSubnetGroupStateFault
     * "Cannot delete the subnet group 'NAME' because at least one database instance: ID is still
     * using it." (https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DeleteDBSubnetGroup.html).
     * A destroy deletes the database first and waits until it is gone, so the group is free then,
     * or about to be: while the instance that answer names is being deleted, or gone already, the
     * delete is tried again within the configured wait (its timeout bounds it), and the status says
     * what it waits for. An instance that uses the group and is not being deleted will not let go
     * of it: that refusal stands at once.
     */
    @Override
    public DeleteResult delete(Live live, DeletionPolicy policy, HandlerContext ctx) {
        Waits.until(Waits.forStep(waits, ctx), () -> tryToDelete(live.name(), ctx));
        return DeleteResult.deleted();
    }

    /** True once the group is gone; false while an instance on its way out still holds it. */
    private boolean tryToDelete(String name, HandlerContext ctx) {
        try {
            // NotFound: already gone.
            Missing.ok(
                    () -> rds.deleteDBSubnetGroup(r -> r.dbSubnetGroupName(name)),
                    DbSubnetGroupNotFoundException.class);
            return true;
        } catch (InvalidDbSubnetGroupStateException e) {
            Matcher holder = HOLDER.matcher(String.valueOf(e.awsErrorDetails().errorMessage()));
            if (!holder.find() || !goingAway(holder.group(1))) {
                throw e;
            }
            ctx.status("waiting for DB instance " + holder.group(1) + " to let go of the subnet group");
            return false;
        }
    }

    /** Whether the instance is being deleted or is gone. */
    private boolean goingAway(String instance) {
        return Missing.orEmpty(
                        () -> rds.describeDBInstances(r -> r.dbInstanceIdentifier(instance)).dbInstances().stream()
                                .allMatch(db ->
                                        Set.of("delete-precheck", "deleting").contains(db.dbInstanceStatus())),
                        DbInstanceNotFoundException.class)
                .orElse(true);
    }
}

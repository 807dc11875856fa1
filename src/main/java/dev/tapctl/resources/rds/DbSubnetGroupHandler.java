package dev.tapctl.resources.rds;

import dev.tapctl.aws.TagDiff;
import dev.tapctl.engine.spi.AttributeChange;
import dev.tapctl.engine.spi.DeleteResult;
import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.HandlerContext;
import dev.tapctl.engine.spi.Outputs;
import dev.tapctl.engine.spi.ResourceHandler;
import dev.tapctl.engine.spi.Tagged;
import dev.tapctl.stack.Kinds;
import dev.tapctl.stack.spec.DbSubnetGroupSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBSubnetGroup;
import software.amazon.awssdk.services.rds.model.DbSubnetGroupAlreadyExistsException;
import software.amazon.awssdk.services.rds.model.DbSubnetGroupNotFoundException;
import software.amazon.awssdk.services.rds.model.Subnet;

/** The DB subnet group that places the database in the private subnets, found by its name. */
public final class DbSubnetGroupHandler implements ResourceHandler<DbSubnetGroupSpec, DbSubnetGroupHandler.Live> {

    public record Live(String name, String arn, String description, Set<String> subnetIds, Map<String, String> tags)
            implements Tagged {
        public Live {
            subnetIds = Set.copyOf(subnetIds);
            tags = Map.copyOf(tags);
        }
    }

    private final RdsClient rds;

    public DbSubnetGroupHandler(RdsClient rds) {
        this.rds = rds;
    }

    @Override
    public String kind() {
        return Kinds.DB_SUBNET_GROUP;
    }

    @Override
    public Class<DbSubnetGroupSpec> specType() {
        return DbSubnetGroupSpec.class;
    }

    @Override
    public Optional<Live> read(DbSubnetGroupSpec desired, HandlerContext ctx) {
        DBSubnetGroup group;
        try {
            group = rds.describeDBSubnetGroups(r -> r.dbSubnetGroupName(desired.name())).dbSubnetGroups().get(0);
        } catch (DbSubnetGroupNotFoundException e) {
            return Optional.empty();
        }
        Set<String> subnets = new TreeSet<>(group.subnets().stream().map(Subnet::subnetIdentifier).toList());
        return Optional.of(new Live(group.dbSubnetGroupName(), group.dbSubnetGroupArn(), group.dbSubnetGroupDescription(),
                subnets, RdsTags.of(rds, group.dbSubnetGroupArn())));
    }

    @Override
    public List<AttributeChange> diff(DbSubnetGroupSpec desired, Live live) {
        List<AttributeChange> changes = new ArrayList<>();
        Set<String> want = new TreeSet<>(desired.subnetIds());
        if (!want.equals(live.subnetIds())) {
            changes.add(AttributeChange.of("subnetIds", new TreeSet<>(live.subnetIds()), want));
        }
        if (!Objects.equals(desired.description(), live.description())) {
            changes.add(AttributeChange.of("description", live.description(), desired.description()));
        }
        changes.addAll(TagDiff.diff(desired.tags(), live.tags()));
        return changes;
    }

    @Override
    public Live create(DbSubnetGroupSpec desired, HandlerContext ctx) {
        Map<String, String> tags = ctx.tagsToWrite(desired.tags());
        DBSubnetGroup group;
        try {
            group = rds.createDBSubnetGroup(r -> r.dbSubnetGroupName(desired.name())
                    .dbSubnetGroupDescription(desired.description())
                    .subnetIds(desired.subnetIds())
                    .tags(RdsTags.toTags(tags))).dbSubnetGroup();
        } catch (DbSubnetGroupAlreadyExistsException e) {
            Live existing = read(desired, ctx).orElseThrow(() -> e);
            return update(desired, existing, diff(desired, existing), ctx);
        }
        // Not read back: the group is on the way to the database, the longest path of an apply, and
        // CreateDBSubnetGroup answered the group as created; the tags are the ones just written.
        return new Live(group.dbSubnetGroupName(), group.dbSubnetGroupArn(), group.dbSubnetGroupDescription(),
                group.subnets().stream().map(Subnet::subnetIdentifier).collect(Collectors.toSet()), tags);
    }

    @Override
    public Live update(DbSubnetGroupSpec desired, Live live, List<AttributeChange> changes, HandlerContext ctx) {
        if (changes.stream().anyMatch(c -> c.path().equals("subnetIds") || c.path().equals("description"))) {
            rds.modifyDBSubnetGroup(r -> r.dbSubnetGroupName(desired.name())
                    .dbSubnetGroupDescription(desired.description())
                    .subnetIds(desired.subnetIds()));
        }
        Map<String, String> tags = ctx.tagsToWrite(desired.tags());
        RdsTags.write(rds, live.arn(), tags);
        return new Live(live.name(), live.arn(), desired.description(), Set.copyOf(desired.subnetIds()),
                TagDiff.afterWrite(live.tags(), tags));
    }

    @Override
    public DeleteResult delete(Live live, DeletionPolicy policy, HandlerContext ctx) {
        if (policy == DeletionPolicy.RETAIN) {
            return DeleteResult.retained(live.name());
        }
        try {
            rds.deleteDBSubnetGroup(r -> r.dbSubnetGroupName(live.name()));
        } catch (DbSubnetGroupNotFoundException e) {
            // Already gone.
        }
        return DeleteResult.deleted();
    }

    @Override
    public Outputs outputs(Live live) {
        return Outputs.of("name", live.name(), "arn", live.arn());
    }
}

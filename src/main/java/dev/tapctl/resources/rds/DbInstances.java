package dev.tapctl.resources.rds;

import dev.tapctl.engine.spi.EnvironmentListing;
import dev.tapctl.engine.spi.HandlerContext;
import dev.tapctl.engine.spi.SharedReads;
import dev.tapctl.engine.spi.Tags;
import dev.tapctl.resources.support.Missing;
import dev.tapctl.resources.support.NamePrefixListing;
import dev.tapctl.resources.support.Waits;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DbInstanceNotFoundException;
import software.amazon.awssdk.services.rds.model.DescribeDbInstancesRequest;
import software.amazon.awssdk.services.rds.model.Filter;
import software.amazon.awssdk.services.rds.waiters.RdsWaiter;

/** One DB instance as RDS describes it, and the waits for it to be available or gone. */
final class DbInstances {
    /**
     * Statuses an instance leaves for "available" by itself, and in which RDS refuses to modify or
     * delete it (InvalidDBInstanceState): a step that changes it waits for available first.
     * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/accessing-monitoring.html#Overview.DBInstance.Status
     * Not "stopped", "storage-full" or "failed" and the like: they are not left by waiting.
     */
    private static final Set<String> SETTLING = Set.of(
            "creating",
            "modifying",
            "backing-up",
            "rebooting",
            "renaming",
            "resetting-master-credentials",
            "upgrading",
            "maintenance",
            "starting",
            "configuring-enhanced-monitoring",
            "configuring-iam-database-auth",
            "configuring-log-exports",
            "converting-to-vpc",
            "moving-to-vpc",
            "storage-config-upgrade");

    private final RdsClient rds;
    private final RdsWaiter waiter;
    private final WaiterOverrideConfiguration waits;

    DbInstances(RdsClient rds, WaiterOverrideConfiguration waits) {
        this.rds = rds;
        this.waits = waits;
        this.waiter =
                RdsWaiter.builder().client(rds).overrideConfiguration(waits).build();
    }

    Optional<DbInstanceHandler.Live> read(String identifier) {
        return describe(identifier).map(DbInstanceHandler.Live::of);
    }

    /**
     * The instance named {@code identifier}, read as a plan shares it: DescribeDBInstances takes a
     * {@code db-instance-id} filter of several identifiers, so a drift run over several
     * environments of the project describes the same instance of each ({@code <project>-<env>-}
     * and the same rest of the name) with one call, and each environment keeps its own. Outside
     * a plan, or for an identifier without the environment's prefix, the instance is described alone.
     */
    Optional<DbInstanceHandler.Live> read(String identifier, Map<String, String> tags, SharedReads reads) {
        String project = tags.get(Tags.PROJECT);
        String env = tags.get(Tags.ENVIRONMENT);
        if (!reads.shared()
                || project == null
                || env == null
                || !identifier.startsWith(NamePrefixListing.prefix(project, env))) {
            return read(identifier);
        }
        String rest =
                identifier.substring(NamePrefixListing.prefix(project, env).length());
        return reads
                .environment(new EnvironmentListing<DBInstance>(
                        "rds:DescribeDBInstances:" + rest,
                        project,
                        env,
                        envs -> rds
                                .describeDBInstancesPaginator(r -> r.filters(Filter.builder()
                                        .name("db-instance-id")
                                        .values(envs.stream()
                                                .sorted()
                                                .map(e -> NamePrefixListing.prefix(project, e) + rest)
                                                .toList())
                                        .build()))
                                .dbInstances()
                                .stream()
                                .toList(),
                        (db, which) ->
                                db.dbInstanceIdentifier().equals(NamePrefixListing.prefix(project, which) + rest)))
                .stream()
                .findFirst()
                .map(DbInstanceHandler.Live::of);
    }

    private Optional<DBInstance> describe(String identifier) {
        return Missing.orEmpty(
                () -> rds.describeDBInstances(r -> r.dbInstanceIdentifier(identifier)).dbInstances().stream()
                        .findFirst()
                        .orElse(null),
                DbInstanceNotFoundException.class);
    }

    /** {@code live}, or, when it was on its way to available (being created, modified...), as it is once there. */
    DbInstanceHandler.Live settled(DbInstanceHandler.Live live, HandlerContext ctx) {
        return SETTLING.contains(live.status()) ? waitAvailable(live.identifier(), ctx) : live;
    }

    DbInstanceHandler.Live waitAvailable(String identifier, HandlerContext ctx) {
        // The waiter's last answer describes the instance as it became available: no describe more.
        Optional<DBInstance> available = Waits.waitFor(
                        "available", waits, ctx, w -> waiter.waitUntilDBInstanceAvailable(byId(identifier), w))
                .matched()
                .response()
                .flatMap(response -> response.dbInstances().stream().findFirst());
        return available
                .or(() -> describe(identifier))
                .map(DbInstanceHandler.Live::of)
                .orElseThrow(
                        () -> new IllegalStateException("DB instance " + identifier + " disappeared while waiting"));
    }

    /** Waits until the instance is gone; {@code forWhat} says so in the progress lines. */
    void waitDeleted(String identifier, String forWhat, HandlerContext ctx) {
        Waits.waitFor(forWhat, waits, ctx, w -> waiter.waitUntilDBInstanceDeleted(byId(identifier), w));
    }

    private static DescribeDbInstancesRequest byId(String identifier) {
        return DescribeDbInstancesRequest.builder()
                .dbInstanceIdentifier(identifier)
                .build();
    }
}

package dev.tapctl.resources.rds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.tapctl.aws.TagDiff;
import dev.tapctl.engine.spi.AttributeChange;
import dev.tapctl.engine.spi.CreationRefusal;
import dev.tapctl.engine.spi.DeleteResult;
import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.HandlerContext;
import dev.tapctl.engine.spi.KeepsFinalSnapshots;
import dev.tapctl.engine.spi.Kind;
import dev.tapctl.engine.spi.Outputs;
import dev.tapctl.engine.spi.RefusesCreation;
import dev.tapctl.engine.spi.ResourceHandler;
import dev.tapctl.engine.spi.Tagged;
import dev.tapctl.stack.Kinds;
import dev.tapctl.stack.spec.DbInstanceSpec;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBEngineVersion;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DBSnapshot;
import software.amazon.awssdk.services.rds.model.DbInstanceAlreadyExistsException;
import software.amazon.awssdk.services.rds.model.DbInstanceNotFoundException;
import software.amazon.awssdk.services.rds.model.ModifyDbInstanceRequest;
import software.amazon.awssdk.services.rds.model.VpcSecurityGroupMembership;
import software.amazon.awssdk.services.rds.waiters.RdsWaiter;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * An RDS instance found by its identifier. Storage encryption, engine, master user and database
 * name cannot change in place: a change there is a replacement, which the engine allows only when
 * the user names it, and which takes a final snapshot first. Destroy never deletes without one.
 */
public final class DbInstanceHandler implements ResourceHandler<DbInstanceSpec, DbInstanceHandler.Live>,
        KeepsFinalSnapshots<DbInstanceSpec>,
        RefusesCreation<DbInstanceSpec> {
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final DateTimeFormatter SNAPSHOT_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    /** What {@link #SNAPSHOT_TIME} writes, to tell this tool's final snapshots from snapshots taken by hand. */
    private static final String SNAPSHOT_TIME_PATTERN = "\\d{8}-\\d{6}";

    public record Live(String identifier, String arn, String status, String engine, String engineVersion,
                       String instanceClass, int allocatedStorageGb, String storageType, boolean storageEncrypted,
                       String kmsKeyId, boolean multiAz, boolean publiclyAccessible, int backupRetentionDays,
                       boolean deletionProtection, String subnetGroupName, Set<String> securityGroupIds,
                       String masterUsername, String databaseName, String endpoint, int port,
                       Map<String, String> tags) implements Tagged {
        public Live {
            securityGroupIds = Set.copyOf(securityGroupIds);
            tags = Map.copyOf(tags);
        }
    }

    /**
     * Statuses an instance leaves for "available" by itself, and in which RDS refuses to modify or
     * delete it (InvalidDBInstanceState): a step that changes it waits for available first.
     * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/accessing-monitoring.html#Overview.DBInstance.Status
     * Not "stopped", "storage-full" or "failed" and the like: they are not left by waiting.
     */
    private static final Set<String> SETTLING = Set.of("creating", "modifying", "backing-up", "rebooting", "renaming",
            "resetting-master-credentials", "upgrading", "maintenance", "starting", "configuring-enhanced-monitoring",
            "configuring-iam-database-auth", "configuring-log-exports", "converting-to-vpc", "moving-to-vpc",
            "storage-config-upgrade");
    /** Statuses of an instance whose deletion is already under way. */
    private static final Set<String> BEING_DELETED = Set.of("delete-precheck", "deleting");

    private final RdsClient rds;
    private final SecretsManagerClient secrets;
    private final RdsWaiter waiter;
    private final Clock clock;

    public DbInstanceHandler(RdsClient rds, SecretsManagerClient secrets, WaiterOverrideConfiguration waits, Clock clock) {
        this.rds = rds;
        this.secrets = secrets;
        this.waiter = RdsWaiter.builder().client(rds).overrideConfiguration(waits).build();
        this.clock = clock;
    }

    @Override
    public Kind<DbInstanceSpec> kind() {
        return Kinds.DB_INSTANCE;
    }

    @Override
    public Optional<Live> read(DbInstanceSpec desired, HandlerContext ctx) {
        return describe(desired.identifier()).map(DbInstanceHandler::live);
    }

    /**
     * Final snapshots are manual snapshots: they stay until someone deletes them. DescribeDBSnapshots
     * still finds them by the instance identifier once the instance is gone; of those, only the
     * ones named as {@link #delete} names them count, not snapshots someone took by hand.
     */
    @Override
    public List<String> finalSnapshots(DbInstanceSpec desired, HandlerContext ctx) {
        return finalSnapshotsOf(desired.identifier());
    }

    private List<String> finalSnapshotsOf(String identifier) {
        Pattern ours = Pattern.compile(Pattern.quote(finalSnapshotPrefix(identifier)) + SNAPSHOT_TIME_PATTERN);
        return rds.describeDBSnapshotsPaginator(r -> r.dbInstanceIdentifier(identifier).snapshotType("manual"))
                .dbSnapshots().stream()
                .map(DBSnapshot::dbSnapshotIdentifier)
                .filter(id -> ours.matcher(id).matches())
                .sorted()
                .toList();
    }

    /** RDS stores snapshot identifiers in lower case. */
    private static String finalSnapshotPrefix(String identifier) {
        return identifier.toLowerCase(Locale.ROOT) + "-final-";
    }

    /**
     * RDS creates only the engine versions it offers in the region now: it retires minor versions
     * (of PostgreSQL, 16.1 to 16.8 and their 14, 15 and 17 peers by May 2026) and answers a
     * CreateDBInstance of one with InvalidParameterCombination "Cannot find version 16.4 for
     * postgres", after the key, the secret and the network were made for it. One question tells
     * beforehand: DescribeDBEngineVersions of the engine and the major version (RDS matches "16"
     * to every 16.x; only available versions unless IncludeAll), paged as AWS pages it. A
     * major-only version is met by any minor offered (RDS creates its newest), a full version only
     * by itself. Only when no minor of that major is offered is the engine's whole list asked
     * for, to name the majors there are.
     *
     * <p>AWS: https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DescribeDBEngineVersions.html,
     * https://docs.aws.amazon.com/AmazonRDS/latest/PostgreSQLReleaseNotes/postgresql-release-calendar.html
     * and .../PostgreSQLReleaseNotes/postgresql-versions.html.
     */
    @Override
    public Optional<CreationRefusal> creationRefusal(DbInstanceSpec desired, HandlerContext ctx) {
        String version = desired.engineVersion();
        String major = major(version);
        boolean majorOnly = version.equals(major);
        List<String> offered = offeredVersions(desired.engine(), major);
        if (majorOnly ? !offered.isEmpty() : offered.contains(version)) {
            return Optional.empty();
        }
        String refused = engineName(desired.engine()) + " " + version + " is not offered by RDS in "
                + rds.serviceClientConfiguration().region().id() + (majorOnly ? "" : " (retired?)");
        if (offered.isEmpty()) {
            List<String> majors = offeredVersions(desired.engine(), null).stream().map(DbInstanceHandler::major)
                    .distinct().toList();
            return Optional.of(new CreationRefusal("engineVersion", refused + "; offered major versions: "
                    + (majors.isEmpty() ? "none" : String.join(", ", majors))));
        }
        return Optional.of(new CreationRefusal("engineVersion", refused + "; offered: " + String.join(", ", offered)
                + "; or give the major version \"" + major + "\""));
    }

    /** The versions of {@code engine} RDS offers, all or those of one major version, oldest first. */
    private List<String> offeredVersions(String engine, String major) {
        return rds.describeDBEngineVersionsPaginator(r -> r.engine(engine).engineVersion(major))
                .dbEngineVersions().stream()
                .map(DBEngineVersion::engineVersion)
                .filter(v -> major == null || isPrefix(major, v))
                .distinct()
                .sorted(DbInstanceHandler::compareVersions)
                .toList();
    }

    private static String engineName(String engine) {
        return engine.equals("postgres") ? "PostgreSQL" : engine;
    }

    private Optional<DBInstance> describe(String identifier) {
        try {
            return rds.describeDBInstances(r -> r.dbInstanceIdentifier(identifier)).dbInstances().stream().findFirst();
        } catch (DbInstanceNotFoundException e) {
            return Optional.empty();
        }
    }

    private static Live live(DBInstance db) {
        Set<String> groups = new TreeSet<>(db.vpcSecurityGroups().stream().map(VpcSecurityGroupMembership::vpcSecurityGroupId).toList());
        return new Live(db.dbInstanceIdentifier(), db.dbInstanceArn(), db.dbInstanceStatus(), db.engine(),
                db.engineVersion(), db.dbInstanceClass(), orZero(db.allocatedStorage()), db.storageType(),
                Boolean.TRUE.equals(db.storageEncrypted()), db.kmsKeyId(), Boolean.TRUE.equals(db.multiAZ()),
                Boolean.TRUE.equals(db.publiclyAccessible()), orZero(db.backupRetentionPeriod()),
                Boolean.TRUE.equals(db.deletionProtection()),
                db.dbSubnetGroup() == null ? null : db.dbSubnetGroup().dbSubnetGroupName(), groups,
                db.masterUsername(), db.dbName(), db.endpoint() == null ? null : db.endpoint().address(),
                db.endpoint() == null ? orZero(db.dbInstancePort()) : orZero(db.endpoint().port()),
                RdsTags.toMap(db.tagList()));
    }

    @Override
    public List<AttributeChange> diff(DbInstanceSpec desired, Live live) {
        List<AttributeChange> changes = new ArrayList<>();
        replacing(changes, "engine", live.engine(), desired.engine());
        replacing(changes, "storageEncrypted", live.storageEncrypted(), true);
        replacing(changes, "kmsKeyArn", live.kmsKeyId(), desired.kmsKeyArn());
        replacing(changes, "masterUsername", live.masterUsername(), desired.masterUsername());
        replacing(changes, "databaseName", live.databaseName(), desired.databaseName());
        engineVersionChange(desired.engineVersion(), live.engineVersion()).ifPresent(changes::add);
        if (live.allocatedStorageGb() != desired.allocatedStorageGb()) {
            // Storage grows in place; it can never shrink.
            changes.add(new AttributeChange("allocatedStorageGb", live.allocatedStorageGb(), desired.allocatedStorageGb(),
                    desired.allocatedStorageGb() < live.allocatedStorageGb()));
        }
        updating(changes, "instanceClass", live.instanceClass(), desired.instanceClass());
        updating(changes, "storageType", live.storageType(), desired.storageType());
        updating(changes, "multiAz", live.multiAz(), desired.multiAz());
        updating(changes, "publiclyAccessible", live.publiclyAccessible(), desired.publiclyAccessible());
        updating(changes, "backupRetentionDays", live.backupRetentionDays(), desired.backupRetentionDays());
        updating(changes, "deletionProtection", live.deletionProtection(), desired.deletionProtection());
        updating(changes, "subnetGroupName", live.subnetGroupName(), desired.subnetGroupName());
        updating(changes, "securityGroupIds", new TreeSet<>(live.securityGroupIds()), new TreeSet<>(desired.securityGroupIds()));
        updating(changes, "port", live.port(), desired.port());
        changes.addAll(TagDiff.diff(desired.tags(), live.tags()));
        return changes;
    }

    @Override
    public Live create(DbInstanceSpec desired, HandlerContext ctx) {
        try {
            rds.createDBInstance(r -> r.dbInstanceIdentifier(desired.identifier())
                    .engine(desired.engine())
                    .engineVersion(desired.engineVersion())
                    .dbInstanceClass(desired.instanceClass())
                    .allocatedStorage(desired.allocatedStorageGb())
                    .storageType(desired.storageType())
                    .storageEncrypted(true)
                    .kmsKeyId(desired.kmsKeyArn())
                    .multiAZ(desired.multiAz())
                    .publiclyAccessible(desired.publiclyAccessible())
                    .backupRetentionPeriod(desired.backupRetentionDays())
                    .deletionProtection(desired.deletionProtection())
                    .dbSubnetGroupName(desired.subnetGroupName())
                    .vpcSecurityGroupIds(desired.securityGroupIds())
                    .masterUsername(desired.masterUsername())
                    .masterUserPassword(masterPassword(desired.masterSecretArn()))
                    .dbName(desired.databaseName())
                    .port(desired.port())
                    .copyTagsToSnapshot(true)
                    .tags(RdsTags.toTags(ctx.tagsToWrite(desired.tags()))));
        } catch (DbInstanceAlreadyExistsException e) {
            // A previous run created it and stopped, perhaps before it was available: adopt and reconcile.
            Live existing = settled(read(desired, ctx).orElseThrow(() -> e), ctx);
            return update(desired, existing, diff(desired, existing), ctx);
        }
        return waitAvailable(desired.identifier(), ctx);
    }

    /** The password lives only in the secret; it is read here for this one call and never kept. */
    private String masterPassword(String secretArn) {
        String value = secrets.getSecretValue(r -> r.secretId(secretArn)).secretString();
        try {
            JsonNode credentials = JSON.readTree(value);
            return credentials.path("password").asText();
        } catch (Exception e) {
            // Never include the cause: its message could quote the secret value.
            throw new IllegalStateException("secret " + secretArn + " does not hold {\"username\", \"password\"} JSON");
        }
    }

    /** {@code live}, or, when it was on its way to available (being created, modified...), as it is once there. */
    private Live settled(Live live, HandlerContext ctx) {
        return SETTLING.contains(live.status()) ? waitAvailable(live.identifier(), ctx) : live;
    }

    private Live waitAvailable(String identifier, HandlerContext ctx) {
        ctx.status("waiting for available");
        // The waiter's last answer describes the instance as it became available: no describe more.
        Optional<DBInstance> available = waiter.waitUntilDBInstanceAvailable(r -> r.dbInstanceIdentifier(identifier))
                .matched().response()
                .flatMap(response -> response.dbInstances().stream().findFirst());
        return available.or(() -> describe(identifier)).map(DbInstanceHandler::live)
                .orElseThrow(() -> new IllegalStateException("DB instance " + identifier + " disappeared while waiting"));
    }

    @Override
    public Live update(DbInstanceSpec desired, Live live, List<AttributeChange> changes, HandlerContext ctx) {
        ModifyDbInstanceRequest.Builder modify = ModifyDbInstanceRequest.builder()
                .dbInstanceIdentifier(live.identifier())
                .applyImmediately(true);
        boolean modified = false;
        for (AttributeChange change : changes) {
            modified |= switch (change.path()) {
                case "engineVersion" -> {
                    modify.engineVersion(desired.engineVersion())
                            .allowMajorVersionUpgrade(!major(desired.engineVersion()).equals(major(live.engineVersion())));
                    yield true;
                }
                case "allocatedStorageGb" -> set(() -> modify.allocatedStorage(desired.allocatedStorageGb()));
                case "instanceClass" -> set(() -> modify.dbInstanceClass(desired.instanceClass()));
                case "storageType" -> set(() -> modify.storageType(desired.storageType()));
                case "multiAz" -> set(() -> modify.multiAZ(desired.multiAz()));
                case "publiclyAccessible" -> set(() -> modify.publiclyAccessible(desired.publiclyAccessible()));
                case "backupRetentionDays" -> set(() -> modify.backupRetentionPeriod(desired.backupRetentionDays()));
                case "deletionProtection" -> set(() -> modify.deletionProtection(desired.deletionProtection()));
                case "subnetGroupName" -> set(() -> modify.dbSubnetGroupName(desired.subnetGroupName()));
                case "securityGroupIds" -> set(() -> modify.vpcSecurityGroupIds(desired.securityGroupIds()));
                case "port" -> set(() -> modify.dbPortNumber(desired.port()));
                default -> false;
            };
        }
        Map<String, String> tags = ctx.tagsToWrite(desired.tags());
        RdsTags.write(rds, live.arn(), tags);
        if (!modified) {
            return withTags(live, TagDiff.afterWrite(live.tags(), tags));
        }
        settled(live, ctx);
        rds.modifyDBInstance(modify.build());
        return waitAvailable(live.identifier(), ctx);
    }

    /**
     * SNAPSHOT: deletion protection is lifted (RDS refuses to delete a protected instance), the
     * instance is deleted with a final snapshot, and the snapshot is confirmed to exist before
     * the result says so. DELETE (only on an allowed replacement without snapshot policy) skips it.
     * Each step waits for the one before: RDS refuses to delete an instance that is not available
     * yet (being created, or modified to lift its protection), and the result waits with the SDK's
     * DBInstanceDeleted waiter until the instance is gone, which is when its subnet group and
     * security groups are free. An instance whose deletion is already under way (a run that
     * stopped after its DeleteDBInstance) is only waited for.
     */
    @Override
    public DeleteResult delete(Live live, DeletionPolicy policy, HandlerContext ctx) {
        if (policy == DeletionPolicy.RETAIN) {
            return DeleteResult.retained(live.identifier());
        }
        boolean keepSnapshot = policy == DeletionPolicy.SNAPSHOT;
        if (BEING_DELETED.contains(live.status())) {
            return deletionUnderWay(live.identifier(), keepSnapshot, ctx);
        }
        Live current = settled(live, ctx);
        if (current.deletionProtection()) {
            ctx.status("lifting deletion protection");
            rds.modifyDBInstance(r -> r.dbInstanceIdentifier(live.identifier()).deletionProtection(false).applyImmediately(true));
            // "modifying" until the protection is off; RDS refuses DeleteDBInstance meanwhile.
            waitAvailable(live.identifier(), ctx);
        }
        String snapshot = finalSnapshotPrefix(live.identifier()) + SNAPSHOT_TIME.format(clock.instant());
        try {
            rds.deleteDBInstance(r -> {
                r.dbInstanceIdentifier(live.identifier()).deleteAutomatedBackups(false);
                if (keepSnapshot) {
                    r.skipFinalSnapshot(false).finalDBSnapshotIdentifier(snapshot);
                } else {
                    r.skipFinalSnapshot(true);
                }
            });
        } catch (DbInstanceNotFoundException e) {
            return DeleteResult.deleted();
        }
        ctx.status("waiting for deleted");
        waiter.waitUntilDBInstanceDeleted(r -> r.dbInstanceIdentifier(live.identifier()));
        if (!keepSnapshot) {
            return DeleteResult.deleted();
        }
        var snapshots = rds.describeDBSnapshots(r -> r.dbSnapshotIdentifier(snapshot)).dbSnapshots();
        if (snapshots.isEmpty()) {
            throw new IllegalStateException("DB instance " + live.identifier() + " was deleted but its final snapshot "
                    + snapshot + " cannot be found");
        }
        return new DeleteResult(DeleteResult.Outcome.SNAPSHOTTED, snapshot);
    }

    /**
     * A deletion someone already asked for (a run that stopped after its DeleteDBInstance) goes on
     * by itself: waited for. The final snapshot reported is the newest of the ones named as this
     * handler names them; none means the deletion skipped one, which SNAPSHOT cannot accept.
     */
    private DeleteResult deletionUnderWay(String identifier, boolean keepSnapshot, HandlerContext ctx) {
        ctx.status("waiting for deleted (its deletion was under way)");
        waiter.waitUntilDBInstanceDeleted(r -> r.dbInstanceIdentifier(identifier));
        if (!keepSnapshot) {
            return DeleteResult.deleted();
        }
        List<String> snapshots = finalSnapshotsOf(identifier);
        if (snapshots.isEmpty()) {
            throw new IllegalStateException("DB instance " + identifier + " was already being deleted, and no final "
                    + "snapshot " + finalSnapshotPrefix(identifier) + "<UTC time> of it is found");
        }
        return new DeleteResult(DeleteResult.Outcome.SNAPSHOTTED, snapshots.get(snapshots.size() - 1));
    }

    @Override
    public Outputs outputs(Live live) {
        return Outputs.of(DbInstanceSpec.IDENTIFIER, live.identifier(), DbInstanceSpec.ARN, live.arn(),
                DbInstanceSpec.ENDPOINT, live.endpoint() == null ? "" : live.endpoint(), DbInstanceSpec.PORT, Integer.toString(live.port()));
    }

    private static Live withTags(Live live, Map<String, String> tags) {
        return new Live(live.identifier(), live.arn(), live.status(), live.engine(), live.engineVersion(),
                live.instanceClass(), live.allocatedStorageGb(), live.storageType(), live.storageEncrypted(),
                live.kmsKeyId(), live.multiAz(), live.publiclyAccessible(), live.backupRetentionDays(),
                live.deletionProtection(), live.subnetGroupName(), live.securityGroupIds(), live.masterUsername(),
                live.databaseName(), live.endpoint(), live.port(), tags);
    }

    private static boolean set(Runnable setter) {
        setter.run();
        return true;
    }

    private static void replacing(List<AttributeChange> changes, String path, Object before, Object after) {
        if (!Objects.equals(before, after)) {
            changes.add(AttributeChange.replacing(path, before, after));
        }
    }

    private static void updating(List<AttributeChange> changes, String path, Object before, Object after) {
        if (!Objects.equals(before, after)) {
            changes.add(AttributeChange.of(path, before, after));
        }
    }

    private static String major(String version) {
        return version == null ? "" : version.split("\\.")[0];
    }

    /**
     * The configured version is what the instance must at least run, like Terraform's
     * {@code engine_version}: "16" is met by any 16.x, "16.4" by 16.4 and by the minor upgrades
     * RDS applies on its own (AutoMinorVersionUpgrade is on by default, and RDS never goes back).
     * A higher version is an in-place upgrade; only a lower major version cannot be had without a
     * new instance, and a replacement of the database is refused unless the user names it.
     */
    static Optional<AttributeChange> engineVersionChange(String desired, String live) {
        if (live == null || desired == null || Objects.equals(desired, live) || isPrefix(desired, live)) {
            return Optional.empty();
        }
        if (compareVersions(desired, live) > 0) {
            return Optional.of(AttributeChange.of("engineVersion", live, desired));
        }
        if (major(desired).equals(major(live))) {
            return Optional.empty();
        }
        return Optional.of(AttributeChange.replacing("engineVersion", live, desired));
    }

    /** Whether every component of {@code version} is the same component of {@code of}: "16" of "16.4". */
    private static boolean isPrefix(String version, String of) {
        String[] parts = version.split("\\.");
        String[] whole = of.split("\\.");
        if (parts.length > whole.length) {
            return false;
        }
        for (int i = 0; i < parts.length; i++) {
            if (!parts[i].equals(whole[i])) {
                return false;
            }
        }
        return true;
    }

    static int compareVersions(String a, String b) {
        String[] left = a.split("\\.");
        String[] right = b.split("\\.");
        for (int i = 0; i < Math.max(left.length, right.length); i++) {
            int l = i < left.length ? parse(left[i]) : 0;
            int r = i < right.length ? parse(right[i]) : 0;
            if (l != r) {
                return Integer.compare(l, r);
            }
        }
        return 0;
    }

    private static int parse(String part) {
        try {
            return Integer.parseInt(part.replaceAll("\\D.*", ""));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }
}

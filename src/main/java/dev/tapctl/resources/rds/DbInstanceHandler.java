package dev.tapctl.resources.rds;

import dev.tapctl.aws.TagDiff;
import dev.tapctl.engine.spi.AttributeChange;
import dev.tapctl.engine.spi.CreationRefusal;
import dev.tapctl.engine.spi.DeleteResult;
import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.DescribesHoldings;
import dev.tapctl.engine.spi.HandlerContext;
import dev.tapctl.engine.spi.Holdings;
import dev.tapctl.engine.spi.KeepsFinalSnapshots;
import dev.tapctl.engine.spi.RefusesCreation;
import dev.tapctl.engine.spi.Tagged;
import dev.tapctl.engine.spi.TransientState;
import dev.tapctl.engine.spi.WriteOnlyAttributes;
import dev.tapctl.resources.secrets.Credentials;
import dev.tapctl.resources.support.AwsResourceHandler;
import dev.tapctl.resources.support.Diff;
import dev.tapctl.stack.Kinds;
import dev.tapctl.stack.spec.DbInstanceSpec;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DbInstanceAlreadyExistsException;
import software.amazon.awssdk.services.rds.model.ModifyDbInstanceRequest;
import software.amazon.awssdk.services.rds.model.VpcSecurityGroupMembership;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * An RDS instance found by its identifier. Storage encryption, engine, master user and database
 * name cannot change in place: a change there is a replacement, which the engine allows only when
 * the user names it, and which takes a final snapshot first. Destroy never deletes without one.
 */
public final class DbInstanceHandler extends AwsResourceHandler<DbInstanceSpec, DbInstanceHandler.Live>
        implements KeepsFinalSnapshots<DbInstanceSpec>,
                RefusesCreation<DbInstanceSpec>,
                WriteOnlyAttributes,
                DescribesHoldings<DbInstanceHandler.Live> {
    @Override
    public Map<String, String> writeOnly() {
        return Map.of(
                "masterUserPassword", "RDS never returns it; it is set from the secret at create and lives only there");
    }

    public record Live(
            String identifier,
            String arn,
            @TransientState String status,
            String engine,
            String engineVersion,
            String instanceClass,
            int allocatedStorageGb,
            String storageType,
            boolean storageEncrypted,
            String kmsKeyId,
            boolean multiAz,
            boolean publiclyAccessible,
            int backupRetentionDays,
            boolean deletionProtection,
            String subnetGroupName,
            Set<String> securityGroupIds,
            String masterUsername,
            String databaseName,
            String endpoint,
            int port,
            Map<String, String> tags)
            implements Tagged {
        public Live {
            securityGroupIds = Set.copyOf(securityGroupIds);
            tags = Map.copyOf(tags);
        }

        static Live of(DBInstance db) {
            Set<String> groups = new TreeSet<>(db.vpcSecurityGroups().stream()
                    .map(VpcSecurityGroupMembership::vpcSecurityGroupId)
                    .toList());
            return new Live(
                    db.dbInstanceIdentifier(),
                    db.dbInstanceArn(),
                    db.dbInstanceStatus(),
                    db.engine(),
                    db.engineVersion(),
                    db.dbInstanceClass(),
                    orZero(db.allocatedStorage()),
                    db.storageType(),
                    Boolean.TRUE.equals(db.storageEncrypted()),
                    db.kmsKeyId(),
                    Boolean.TRUE.equals(db.multiAZ()),
                    Boolean.TRUE.equals(db.publiclyAccessible()),
                    orZero(db.backupRetentionPeriod()),
                    Boolean.TRUE.equals(db.deletionProtection()),
                    db.dbSubnetGroup() == null ? null : db.dbSubnetGroup().dbSubnetGroupName(),
                    groups,
                    db.masterUsername(),
                    db.dbName(),
                    db.endpoint() == null ? null : db.endpoint().address(),
                    db.endpoint() == null
                            ? orZero(db.dbInstancePort())
                            : orZero(db.endpoint().port()),
                    RdsTags.toMap(db.tagList()));
        }

        Live withTags(Map<String, String> tags) {
            return new Live(
                    identifier,
                    arn,
                    status,
                    engine,
                    engineVersion,
                    instanceClass,
                    allocatedStorageGb,
                    storageType,
                    storageEncrypted,
                    kmsKeyId,
                    multiAz,
                    publiclyAccessible,
                    backupRetentionDays,
                    deletionProtection,
                    subnetGroupName,
                    securityGroupIds,
                    masterUsername,
                    databaseName,
                    endpoint,
                    port,
                    tags);
        }

        private static int orZero(Integer value) {
            return value == null ? 0 : value;
        }
    }

    private final RdsClient rds;
    private final SecretsManagerClient secrets;
    private final DbInstances instances;
    private final FinalSnapshots snapshots;
    private final DbHoldings holdings;
    private final EngineVersions versions;
    private final DbInstanceDeletion deletion;

    public DbInstanceHandler(
            RdsClient rds, SecretsManagerClient secrets, WaiterOverrideConfiguration waits, Clock clock) {
        super(Kinds.DB_INSTANCE);
        this.rds = rds;
        this.secrets = secrets;
        this.instances = new DbInstances(rds, waits);
        this.snapshots = new FinalSnapshots(rds, clock);
        this.holdings = new DbHoldings(rds);
        this.versions = new EngineVersions(rds);
        this.deletion = new DbInstanceDeletion(rds, instances, snapshots);
    }

    @Override
    public Optional<Live> read(DbInstanceSpec desired, HandlerContext ctx) {
        return instances.read(desired.identifier(), desired.tags(), ctx.reads());
    }

    /** The final snapshots earlier destroys took, not snapshots someone took by hand. */
    /** Its latest restorable time and its newest snapshot: what is left to restore from once it goes. */
    @Override
    public Holdings holdings(Live live, List<String> keptData, HandlerContext ctx) {
        return holdings.of(live.identifier());
    }

    @Override
    public List<String> finalSnapshots(DbInstanceSpec desired, HandlerContext ctx) {
        return snapshots.of(desired.identifier());
    }

    /** An engine version RDS no longer offers (see {@link EngineVersions#refusal}). */
    @Override
    public Optional<CreationRefusal> creationRefusal(DbInstanceSpec desired, HandlerContext ctx) {
        return versions.refusal(desired);
    }

    @Override
    public List<AttributeChange> diff(DbInstanceSpec desired, Live live) {
        return Diff.of(desired, live)
                .replacingFields("engine")
                .replacing("storageEncrypted", spec -> true, Live::storageEncrypted)
                .replacing("kmsKeyArn", DbInstanceSpec::kmsKeyArn, Live::kmsKeyId)
                .replacingFields("masterUsername", "databaseName")
                .with(EngineVersions.change(desired.engineVersion(), live.engineVersion())
                        .orElse(null))
                .with(storageChange(desired, live))
                .fields("instanceClass", "storageType", "multiAz", "publiclyAccessible")
                .fields("backupRetentionDays", "deletionProtection", "subnetGroupName")
                .field(
                        "securityGroupIds",
                        spec -> new TreeSet<>(spec.securityGroupIds()),
                        db -> new TreeSet<>(db.securityGroupIds()))
                .fields("port")
                .tags()
                .changes();
    }

    /** Storage grows in place; it can never shrink. Null when it stays. */
    private static AttributeChange storageChange(DbInstanceSpec desired, Live live) {
        if (live.allocatedStorageGb() == desired.allocatedStorageGb()) {
            return null;
        }
        return new AttributeChange(
                "allocatedStorageGb",
                live.allocatedStorageGb(),
                desired.allocatedStorageGb(),
                desired.allocatedStorageGb() < live.allocatedStorageGb());
    }

    @Override
    protected Live createKnown(DbInstanceSpec desired, HandlerContext ctx) {
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
            // A previous run created it and stopped, perhaps before it was available: adopted once
            // available, and reconciled.
            Live existing = instances.settled(read(desired, ctx).orElseThrow(() -> e), ctx);
            return update(desired, existing, diff(desired, existing), ctx);
        }
        return instances.waitAvailable(desired.identifier(), ctx);
    }

    /** The password lives only in the secret; it is read here for this one call and never kept. */
    private String masterPassword(String secretArn) {
        return Credentials.password(
                secretArn, secrets.getSecretValue(r -> r.secretId(secretArn)).secretString());
    }

    @Override
    protected Live updateKnown(DbInstanceSpec desired, Live live, List<AttributeChange> changes, HandlerContext ctx) {
        Optional<ModifyDbInstanceRequest> modify = modification(desired, live, changes);
        Map<String, String> tags = ctx.tagsToWrite(desired.tags());
        RdsTags.write(rds, live.arn(), tags);
        if (modify.isEmpty()) {
            return live.withTags(TagDiff.afterWrite(live.tags(), tags));
        }
        instances.settled(live, ctx);
        rds.modifyDBInstance(modify.get());
        return instances.waitAvailable(live.identifier(), ctx);
    }

    /** One ModifyDBInstance, applied at once, of every changed setting; empty when only tags change. */
    private static Optional<ModifyDbInstanceRequest> modification(
            DbInstanceSpec desired, Live live, List<AttributeChange> changes) {
        ModifyDbInstanceRequest.Builder modify = ModifyDbInstanceRequest.builder()
                .dbInstanceIdentifier(live.identifier())
                .applyImmediately(true);
        boolean modified = false;
        for (AttributeChange change : changes) {
            modified |= switch (change.path()) {
                case "engineVersion" ->
                    set(() -> modify.engineVersion(desired.engineVersion())
                            .allowMajorVersionUpgrade(!EngineVersions.major(desired.engineVersion())
                                    .equals(EngineVersions.major(live.engineVersion()))));
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
        return modified ? Optional.of(modify.build()) : Optional.empty();
    }

    private static boolean set(Runnable setter) {
        setter.run();
        return true;
    }

    /**
     * SNAPSHOT: deleted with a final snapshot ({@link DbInstanceDeletion}). DELETE (only on an
     * allowed replacement without snapshot policy) skips it.
     */
    @Override
    public DeleteResult delete(Live live, DeletionPolicy policy, HandlerContext ctx) {
        return deletion.delete(live, policy == DeletionPolicy.SNAPSHOT, ctx);
    }
}

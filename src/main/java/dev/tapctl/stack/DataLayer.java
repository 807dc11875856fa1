package dev.tapctl.stack;

import static dev.tapctl.stack.Policies.document;
import static dev.tapctl.stack.Policies.withCondition;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tapctl.config.TapConfig;
import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.Ref;
import dev.tapctl.stack.spec.BucketSpec;
import dev.tapctl.stack.spec.DbInstanceSpec;
import dev.tapctl.stack.spec.DbSubnetGroupSpec;
import dev.tapctl.stack.spec.KmsKeySpec;
import dev.tapctl.stack.spec.SecretSpec;
import dev.tapctl.stack.spec.SecurityGroupSpec;
import dev.tapctl.stack.spec.SubnetSpec;
import dev.tapctl.stack.spec.TableSpec;
import java.util.List;
import java.util.Map;

/** The database with its secret and subnet group, the items table and the bucket. */
final class DataLayer {
    private static final int PASSWORD_LENGTH = 32;
    /** Days a deleted secret can still be restored: Secrets Manager's longest window. */
    private static final int SECRET_RECOVERY_WINDOW_DAYS = 30;
    /** General-purpose SSD of the current generation. */
    private static final String STORAGE_TYPE = "gp3";

    /** What later layers use of the data. */
    record Refs(Ref<SecretSpec> dbSecret, Ref<DbInstanceSpec> db, Ref<TableSpec> table) {}

    private DataLayer() {}

    static Refs declare(LayerContext context, Ref<KmsKeySpec> key, NetworkLayer.Refs network) {
        TapConfig config = context.config();
        Names names = context.names();
        ResourceTags tags = context.tags();
        StackBuilder stack = context.stack();
        TapConfig.DatabaseConfig db = config.database();

        String secretName = names.dbSecret();
        Ref<SecretSpec> secret = stack.declare("data.dbsecret", Kinds.SECRET, secretName)
                .keptForRetainedData()
                .spec(in -> SecretSpec.builder()
                        .name(secretName)
                        .description("Master credentials of " + names.db() + " (generated, never printed)")
                        .kmsKeyArn(in.get(key, KmsKeySpec.ARN))
                        .username(db.masterUsername())
                        .passwordLength(PASSWORD_LENGTH)
                        .excludeCharacters(TapStack.RDS_EXCLUDED_PASSWORD_CHARACTERS)
                        .recoveryWindowDays(SECRET_RECOVERY_WINDOW_DAYS)
                        .tags(tags.of("data.dbsecret", secretName))
                        .build());

        String subnetGroup = names.dbSubnetGroup();
        Ref<DbSubnetGroupSpec> subnets = stack.add(
                "data.db.subnets",
                Kinds.DB_SUBNET_GROUP,
                subnetGroup,
                in -> new DbSubnetGroupSpec(
                        subnetGroup,
                        "Private subnets of " + config.prefix(),
                        network.privateSubnets().stream()
                                .map(subnet -> in.get(subnet, SubnetSpec.SUBNET_ID))
                                .toList(),
                        tags.of("data.db.subnets", subnetGroup)));

        String dbName = names.db();
        // Steps in the order plans list the dependencies: the key, the secret, the subnets, the group.
        Ref<DbInstanceSpec> instance = stack.declare("data.db", Kinds.DB_INSTANCE, dbName)
                .policy(DeletionPolicy.SNAPSHOT)
                .spec(in -> DbInstanceSpec.builder()
                        .identifier(dbName)
                        .kmsKeyArn(in.get(key, KmsKeySpec.ARN))
                        .masterSecretArn(in.get(secret, SecretSpec.ARN))
                        .subnetGroupName(in.get(subnets, DbSubnetGroupSpec.NAME))
                        .securityGroupIds(List.of(in.get(network.dbGroup(), SecurityGroupSpec.GROUP_ID)))
                        .engine("postgres")
                        .engineVersion(db.engineVersion())
                        .instanceClass(db.instanceClass())
                        .allocatedStorageGb(db.allocatedStorageGb())
                        .storageType(STORAGE_TYPE)
                        .multiAz(db.multiAz())
                        .publiclyAccessible(false)
                        .backupRetentionDays(db.backupRetentionDays())
                        .deletionProtection(db.deletionProtection())
                        .masterUsername(db.masterUsername())
                        .databaseName(db.databaseName())
                        .port(TapStack.DB_PORT)
                        .finalSnapshotPrefix(names.dbFinalSnapshotPrefix())
                        .tags(tags.of("data.db", dbName))
                        .build());

        String tableName = names.table();
        TapConfig.TableConfig table = config.table();
        Ref<TableSpec> items = stack.declare("data.table", Kinds.TABLE, tableName)
                .policy(DeletionPolicy.RETAIN)
                .spec(in -> TableSpec.builder()
                        .name(tableName)
                        .partitionKey(new TableSpec.KeyAttribute(
                                table.partitionKey().name(),
                                table.partitionKey().type()))
                        .sortKey(new TableSpec.KeyAttribute(
                                table.sortKey().name(), table.sortKey().type()))
                        .billingMode(table.billingMode())
                        .kmsKeyArn(in.get(key, KmsKeySpec.ARN))
                        .pointInTimeRecovery(table.pointInTimeRecovery())
                        .deletionProtection(table.deletionProtection())
                        .tags(tags.of("data.table", tableName))
                        .build());

        stack.declare("data.bucket", Kinds.BUCKET, names.bucketDisplay())
                .policy(DeletionPolicy.RETAIN)
                .spec(in -> {
                    String bucket = names.bucket(in.accountId(), in.region());
                    String arn = Arns.of(in).bucket(bucket);
                    // A deny must cover every action, present and future, so it names s3:* on purpose;
                    // grants elsewhere never use wildcards.
                    ObjectNode tlsOnly = Policies.denyAll("DenyInsecureTransport", "s3:*", List.of(arn, arn + "/*"));
                    withCondition(tlsOnly, "Bool", Map.of("aws:SecureTransport", List.of("false")));
                    return BucketSpec.builder()
                            .name(bucket)
                            .kmsKeyArn(in.get(key, KmsKeySpec.ARN))
                            .versioning(true)
                            .blockPublicAccess(true)
                            .policy(document(tlsOnly))
                            .tags(tags.of("data.bucket", bucket))
                            .build();
                });
        return new Refs(secret, instance, items);
    }
}

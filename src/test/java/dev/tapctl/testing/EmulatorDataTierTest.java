package dev.tapctl.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.retry.backoff.FixedDelayBackoffStrategy;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryStatus;
import software.amazon.awssdk.services.dynamodb.model.SSEStatus;
import software.amazon.awssdk.services.dynamodb.model.SSEType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.waiters.DynamoDbWaiter;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.CreateDbInstanceRequest;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DBSnapshot;
import software.amazon.awssdk.services.rds.waiters.RdsWaiter;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionRule;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;

/**
 * The data tier (Secrets Manager, RDS, DynamoDB, S3) against the emulator: the AWS behaviour
 * tapctl relies on, including each data-tier patch in scripts/emulation/patches/.
 */
@ExtendWith(EmulatorExtension.class)
class EmulatorDataTierTest {

    private static final String RDS_PASSWORD_CHARACTERS_MESSAGE = "The parameter MasterUserPassword is not a valid "
            + "password. Only printable ASCII characters besides '/', '@', '\"', ' ' may be used.";

    private final PlainClients clients = new PlainClients();
    private Emulator emulator;
    private SecretsManagerClient secrets;
    private RdsClient rds;
    private DynamoDbClient dynamo;
    private S3Client s3;
    private KmsClient kms;
    private Ec2Client ec2;

    @BeforeEach
    void clients(Emulator emulator) {
        this.emulator = emulator;
        secrets = clients.build(SecretsManagerClient.builder(), emulator);
        rds = clients.build(RdsClient.builder(), emulator);
        dynamo = clients.build(DynamoDbClient.builder(), emulator);
        s3 = clients.build(S3Client.builder().forcePathStyle(true), emulator);
        kms = clients.build(KmsClient.builder(), emulator);
        ec2 = clients.build(Ec2Client.builder(), emulator);
    }

    @AfterEach
    void closeClients() throws Exception {
        clients.close();
    }

    // ---- Secrets Manager --------------------------------------------------------------------

    @Test
    void randomPasswordWithoutTheExcludedCharactersIsAcceptedByRds() {
        for (int i = 0; i < 20; i++) {
            String password = secrets.getRandomPassword(
                            r -> r.passwordLength(32L).excludeCharacters("/@\" "))
                    .randomPassword();
            assertThat(password).hasSize(32).doesNotContain("/", "@", "\"", " ");
        }
        String password = secrets.getRandomPassword(r -> r.passwordLength(32L).excludeCharacters("/@\" "))
                .randomPassword();
        String subnetGroup = subnetGroup("tap-dev-db", 2);
        rds.createDBInstance(
                postgres("tap-dev-db", subnetGroup).masterUserPassword(password).build());
    }

    @Test
    void secretIsEncryptedTaggedAndCreatedIdempotently() {
        String key = key();
        String token = "00000000-0000-4000-8000-000000000001";
        var first = secrets.createSecret(r -> r.name("tap/dev/rds/master")
                .secretString("{\"password\":\"a\"}")
                .kmsKeyId(key)
                .tags(t -> t.key("env").value("dev"))
                .clientRequestToken(token));
        // Same token and same value: AWS treats the retry as the same request.
        var again = secrets.createSecret(r -> r.name("tap/dev/rds/master")
                .secretString("{\"password\":\"a\"}")
                .kmsKeyId(key)
                .tags(t -> t.key("env").value("dev"))
                .clientRequestToken(token));
        assertThat(again.arn()).isEqualTo(first.arn());
        assertThat(again.versionId()).isEqualTo(token);
        // Same token, other value: a version cannot change.
        assertThat(errorCode(() -> secrets.createSecret(r -> r.name("tap/dev/rds/master")
                        .secretString("{\"password\":\"b\"}")
                        .kmsKeyId(key)
                        .clientRequestToken(token))))
                .isEqualTo("ResourceExistsException");
        // Another token: the name is taken.
        assertThat(errorCode(() ->
                        secrets.createSecret(r -> r.name("tap/dev/rds/master").secretString("x"))))
                .isEqualTo("ResourceExistsException");

        DescribeSecretResponse described = secrets.describeSecret(r -> r.secretId("tap/dev/rds/master"));
        assertThat(described.kmsKeyId()).isEqualTo(key);
        assertThat(described.tags()).extracting(t -> t.key() + "=" + t.value()).containsExactly("env=dev");
        assertThat(described.deletedDate()).isNull();
        assertThat(errorCode(() -> secrets.describeSecret(r -> r.secretId("tap/dev/missing"))))
                .isEqualTo("ResourceNotFoundException");
    }

    @Test
    void secretKmsKeyMustBeUsable() {
        String missing = "arn:aws:kms:us-east-1:123456789012:key/00000000-0000-0000-0000-000000000000";
        String disabled = key();
        kms.disableKey(r -> r.keyId(disabled));

        assertThat(errorCode(() ->
                        secrets.createSecret(r -> r.name("s1").secretString("x").kmsKeyId(missing))))
                .isEqualTo("EncryptionFailure");
        assertThat(errorCode(() ->
                        secrets.createSecret(r -> r.name("s1").secretString("x").kmsKeyId(disabled))))
                .isEqualTo("EncryptionFailure");
        assertThat(errorCode(() -> secrets.describeSecret(r -> r.secretId("s1"))))
                .isEqualTo("ResourceNotFoundException");
    }

    @Test
    void nameScheduledForDeletionIsRestoredNotRecreated() {
        secrets.createSecret(r -> r.name("tap/dev/rds/master").secretString("x"));
        secrets.deleteSecret(r -> r.secretId("tap/dev/rds/master").recoveryWindowInDays(7L));
        assertThat(secrets.describeSecret(r -> r.secretId("tap/dev/rds/master")).deletedDate())
                .isNotNull();

        AwsServiceException refused = error(
                () -> secrets.createSecret(r -> r.name("tap/dev/rds/master").secretString("x")));
        assertThat(refused.awsErrorDetails().errorCode()).isEqualTo("InvalidRequestException");
        assertThat(refused.awsErrorDetails().errorMessage())
                .isEqualTo(
                        "You can't create this secret because a secret with this name is already scheduled for deletion.");
        assertThat(errorCode(() -> secrets.putSecretValue(
                        r -> r.secretId("tap/dev/rds/master").secretString("y"))))
                .isEqualTo("InvalidRequestException");
        assertThat(errorCode(() -> secrets.getSecretValue(r -> r.secretId("tap/dev/rds/master"))))
                .isEqualTo("InvalidRequestException");

        secrets.restoreSecret(r -> r.secretId("tap/dev/rds/master"));
        assertThat(secrets.describeSecret(r -> r.secretId("tap/dev/rds/master")).deletedDate())
                .isNull();
        assertThat(secrets.getSecretValue(r -> r.secretId("tap/dev/rds/master")).secretString())
                .isEqualTo("x");
    }

    @Test
    void kmsKeyArnIsAcceptedWhereverAKeyIdIs() {
        String key = key();
        kms.disableKey(r -> r.keyId(key));
        assertThat(kms.describeKey(r -> r.keyId(key)).keyMetadata().keyStateAsString())
                .isEqualTo("Disabled");
        kms.enableKey(r -> r.keyId(key));
        kms.scheduleKeyDeletion(r -> r.keyId(key).pendingWindowInDays(7));
        assertThat(kms.cancelKeyDeletion(r -> r.keyId(key)).keyId()).isEqualTo(key);
        assertThat(kms.describeKey(r -> r.keyId(key)).keyMetadata().keyStateAsString())
                .isEqualTo("Disabled");
    }

    // ---- RDS --------------------------------------------------------------------------------

    @Test
    void dbInstanceReportsWhatItWasCreatedWith() {
        String key = key();
        String subnetGroup = subnetGroup("tap-dev-db", 2);
        String vpc = rds.describeDBSubnetGroups(r -> r.dbSubnetGroupName(subnetGroup))
                .dbSubnetGroups()
                .get(0)
                .vpcId();
        String sg = ec2.createSecurityGroup(
                        r -> r.groupName("tap-dev-db").description("db").vpcId(vpc))
                .groupId();
        rds.createDBInstance(postgres("tap-dev-db", subnetGroup)
                .kmsKeyId(key)
                .deletionProtection(true)
                .vpcSecurityGroupIds(sg)
                .build());

        DBInstance db = rdsWaiter()
                .waitUntilDBInstanceAvailable(r -> r.dbInstanceIdentifier("tap-dev-db"))
                .matched()
                .response()
                .orElseThrow()
                .dbInstances()
                .get(0);
        assertThat(db.engine()).isEqualTo("postgres");
        assertThat(db.storageEncrypted()).isTrue();
        assertThat(db.kmsKeyId()).isEqualTo(key);
        assertThat(db.deletionProtection()).isTrue();
        assertThat(db.multiAZ()).isFalse();
        assertThat(db.publiclyAccessible()).isFalse();
        assertThat(db.backupRetentionPeriod()).isEqualTo(7);
        assertThat(db.dbSubnetGroup().dbSubnetGroupName()).isEqualTo(subnetGroup);
        assertThat(db.vpcSecurityGroups())
                .extracting(g -> g.vpcSecurityGroupId())
                .containsExactly(sg);
        assertThat(db.masterUsername()).isEqualTo("tapadmin");
        assertThat(db.tagList()).extracting(t -> t.key() + "=" + t.value()).containsExactly("env=dev");
        assertThat(db.endpoint().port()).isEqualTo(5432);

        String arn = db.dbInstanceArn();
        rds.addTagsToResource(r -> r.resourceName(arn).tags(t -> t.key("owner").value("tap")));
        rds.removeTagsFromResource(r -> r.resourceName(arn).tagKeys("env"));
        assertThat(rds.listTagsForResource(r -> r.resourceName(arn)).tagList())
                .extracting(t -> t.key() + "=" + t.value())
                .containsExactly("owner=tap");

        AwsServiceException missing = error(() -> rds.describeDBInstances(r -> r.dbInstanceIdentifier("tap-dev-nope")));
        assertThat(missing.awsErrorDetails().errorCode()).isEqualTo("DBInstanceNotFound");
        assertThat(missing.statusCode()).isEqualTo(404);
    }

    @Test
    void masterUserPasswordFollowsTheRdsRules() {
        String subnetGroup = subnetGroup("tap-dev-db", 2);
        for (String bad : List.of("has/slash1", "has@sign12", "has\"quote1", "has space1")) {
            AwsServiceException refused = error(() -> rds.createDBInstance(
                    postgres("tap-dev-db", subnetGroup).masterUserPassword(bad).build()));
            assertThat(refused.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue");
            assertThat(refused.awsErrorDetails().errorMessage()).isEqualTo(RDS_PASSWORD_CHARACTERS_MESSAGE);
        }
        AwsServiceException tooShort = error(() -> rds.createDBInstance(
                postgres("tap-dev-db", subnetGroup).masterUserPassword("Ab1!x").build()));
        assertThat(tooShort.awsErrorDetails().errorMessage())
                .isEqualTo(
                        "The parameter MasterUserPassword is not a valid password because it is shorter than 8 characters.");
        assertThat(errorCode(() -> rds.createDBInstance(postgres("tap-dev-db", subnetGroup)
                        .masterUserPassword("x".repeat(129))
                        .build())))
                .isEqualTo("InvalidParameterValue");
        assertThat(errorCode(() -> rds.createDBInstance(postgres("tap-dev-db", subnetGroup)
                        .masterUserPassword(null)
                        .build())))
                .isEqualTo("InvalidParameterValue");
        assertThat(errorCode(() -> rds.describeDBInstances(r -> r.dbInstanceIdentifier("tap-dev-db"))))
                .isEqualTo("DBInstanceNotFound");

        rds.createDBInstance(postgres("tap-dev-db", subnetGroup)
                .masterUserPassword("Ok!#$%^&*()_+-=")
                .build());
        assertThat(errorCode(() -> rds.modifyDBInstance(r -> r.dbInstanceIdentifier("tap-dev-db")
                        .masterUserPassword("new/password")
                        .applyImmediately(true))))
                .isEqualTo("InvalidParameterValue");
    }

    @Test
    void onlyThePostgresVersionsRdsOffersCanBeCreatedAndAMajorVersionGetsItsNewestMinor() {
        String subnetGroup = subnetGroup("tap-dev-db", 2);

        AwsServiceException retired = error(() -> rds.createDBInstance(
                postgres("tap-dev-db", subnetGroup).engineVersion("16.4").build()));
        assertThat(retired.statusCode()).isEqualTo(400);
        assertThat(retired.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterCombination");
        assertThat(retired.awsErrorDetails().errorMessage()).isEqualTo("Cannot find version 16.4 for postgres");
        assertThat(errorCode(() -> rds.createDBInstance(postgres("tap-dev-db", subnetGroup)
                        .engineVersion("16.99")
                        .build())))
                .isEqualTo("InvalidParameterCombination");
        assertThat(errorCode(() -> rds.describeDBInstances(r -> r.dbInstanceIdentifier("tap-dev-db"))))
                .as("nothing was created")
                .isEqualTo("DBInstanceNotFound");

        DBInstance major = rds.createDBInstance(
                        postgres("tap-dev-db", subnetGroup).engineVersion("16").build())
                .dbInstance();
        assertThat(major.engineVersion()).as("the minor RDS chose").isEqualTo("16.11");
        assertThat(major.dbParameterGroups())
                .extracting(g -> g.dbParameterGroupName())
                .containsExactly("default.postgres16");
        assertThat(rds.describeDBInstances(r -> r.dbInstanceIdentifier("tap-dev-db"))
                        .dbInstances()
                        .get(0)
                        .engineVersion())
                .isEqualTo("16.11");
        assertThat(rds.createDBInstance(postgres("tap-dev-db2", subnetGroup)
                                .engineVersion("16.9")
                                .build())
                        .dbInstance()
                        .engineVersion())
                .isEqualTo("16.9");
    }

    @Test
    void describeDbEngineVersionsListsWhatRdsOffersByMajorVersionAndPages() {
        assertThat(versions(r -> r.engine("postgres").engineVersion("16"))).containsExactly("16.9", "16.10", "16.11");
        assertThat(versions(r -> r.engine("postgres").dbParameterGroupFamily("postgres16")))
                .containsExactly("16.9", "16.10", "16.11");
        assertThat(versions(r -> r.engine("postgres").engineVersion("16.11"))).containsExactly("16.11");
        assertThat(versions(r -> r.engine("postgres").engineVersion("16.4")))
                .as("retired: not listed")
                .isEmpty();
        assertThat(versions(r -> r.engine("postgres").engineVersion("16.4").includeAll(true)))
                .containsExactly("16.4");
        assertThat(versions(r -> r.engine("postgres").engineVersion("16").defaultOnly(true)))
                .containsExactly("16.11");
        assertThat(versions(r -> r.engine("postgres")))
                .contains("14.20", "15.15", "16.11", "17.7", "18.1")
                .doesNotContain("16.8", "17.4", "15.12", "14.17");

        var family = rds.describeDBEngineVersions(r -> r.engine("postgres").engineVersion("16.11"))
                .dbEngineVersions()
                .get(0);
        assertThat(family.dbParameterGroupFamily()).isEqualTo("postgres16");
        assertThat(family.majorEngineVersion()).isEqualTo("16");
        assertThat(family.status()).isEqualTo("available");

        var firstPage = rds.describeDBEngineVersions(r -> r.engine("postgres").maxRecords(5));
        assertThat(firstPage.dbEngineVersions()).hasSize(5);
        assertThat(firstPage.marker()).isNotBlank();
        assertThat(
                        rds
                                .describeDBEngineVersionsPaginator(
                                        r -> r.engine("postgres").maxRecords(5))
                                .dbEngineVersions()
                                .stream()
                                .map(v -> v.engineVersion())
                                .toList())
                .isEqualTo(versions(r -> r.engine("postgres")));
    }

    private List<String> versions(
            java.util.function.Consumer<
                            software.amazon.awssdk.services.rds.model.DescribeDbEngineVersionsRequest.Builder>
                    request) {
        return rds.describeDBEngineVersions(request).dbEngineVersions().stream()
                .map(v -> v.engineVersion())
                .toList();
    }

    @Test
    void storageKeyMustExistAndIsReportedAsItsArn() {
        String key = key();
        kms.createAlias(r -> r.aliasName("alias/tap-dev").targetKeyId(key));
        String subnetGroup = subnetGroup("tap-dev-db", 2);

        assertThat(errorCode(() -> rds.createDBInstance(postgres("tap-dev-db", subnetGroup)
                        .kmsKeyId("arn:aws:kms:us-east-1:123456789012:key/00000000-0000-0000-0000-000000000000")
                        .build())))
                .isEqualTo("KMSKeyNotAccessibleFault");

        DBInstance db = rds.createDBInstance(postgres("tap-dev-db", subnetGroup)
                        .kmsKeyId("alias/tap-dev")
                        .build())
                .dbInstance();
        assertThat(db.kmsKeyId()).isEqualTo(key);
        DBInstance defaultKey = rds.createDBInstance(
                        postgres("tap-dev-db2", subnetGroup).build())
                .dbInstance();
        assertThat(defaultKey.kmsKeyId())
                .startsWith("arn:aws:kms:us-east-1:123456789012:key/")
                .isNotEqualTo(key);
    }

    @Test
    void protectedInstanceIsUnprotectedThenDeletedWithAFinalSnapshot() {
        String key = key();
        String subnetGroup = subnetGroup("tap-dev-db", 2);
        rds.createDBInstance(postgres("tap-dev-db", subnetGroup)
                .kmsKeyId(key)
                .deletionProtection(true)
                .build());

        AwsServiceException protectedDelete = error(() -> rds.deleteDBInstance(r ->
                r.dbInstanceIdentifier("tap-dev-db").finalDBSnapshotIdentifier("tap-dev-db-final-20250101t000000")));
        assertThat(protectedDelete.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterCombination");
        assertThat(protectedDelete.awsErrorDetails().errorMessage())
                .isEqualTo("Cannot delete protected DB Instance, please disable deletion protection and try again.");

        rds.modifyDBInstance(r ->
                r.dbInstanceIdentifier("tap-dev-db").deletionProtection(false).applyImmediately(true));
        assertThat(rds.describeDBInstances(r -> r.dbInstanceIdentifier("tap-dev-db"))
                        .dbInstances()
                        .get(0)
                        .deletionProtection())
                .isFalse();

        AwsServiceException noDecision = error(() ->
                rds.deleteDBInstance(r -> r.dbInstanceIdentifier("tap-dev-db").skipFinalSnapshot(false)));
        assertThat(noDecision.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterCombination");
        assertThat(noDecision.awsErrorDetails().errorMessage())
                .isEqualTo("FinalDBSnapshotIdentifier is required unless SkipFinalSnapshot is specified.");
        assertThat(errorCode(() -> rds.deleteDBInstance(r -> r.dbInstanceIdentifier("tap-dev-db")
                        .finalDBSnapshotIdentifier("tap-dev-db-final-x")
                        .skipFinalSnapshot(true))))
                .isEqualTo("InvalidParameterCombination");
        assertThat(rds.describeDBInstances(r -> r.dbInstanceIdentifier("tap-dev-db"))
                        .dbInstances())
                .hasSize(1);

        rds.deleteDBInstance(r ->
                r.dbInstanceIdentifier("tap-dev-db").finalDBSnapshotIdentifier("tap-dev-db-final-20250101t000000"));
        rdsWaiter().waitUntilDBInstanceDeleted(r -> r.dbInstanceIdentifier("tap-dev-db"));
        assertThat(errorCode(() -> rds.describeDBInstances(r -> r.dbInstanceIdentifier("tap-dev-db"))))
                .isEqualTo("DBInstanceNotFound");

        DBSnapshot snapshot = rds.describeDBSnapshots(r -> r.dbInstanceIdentifier("tap-dev-db"))
                .dbSnapshots()
                .get(0);
        assertThat(snapshot.dbSnapshotIdentifier()).isEqualTo("tap-dev-db-final-20250101t000000");
        assertThat(snapshot.status()).isEqualTo("available");
        assertThat(snapshot.encrypted()).isTrue();
        assertThat(snapshot.kmsKeyId()).isEqualTo(key);
        assertThat(errorCode(() -> rds.describeDBSnapshots(r -> r.dbSnapshotIdentifier("tap-dev-db-other"))))
                .isEqualTo("DBSnapshotNotFound");
    }

    @Test
    void retainedAutomatedBackupsNeverBlockANewInstanceOfTheSameName() {
        String subnetGroup = subnetGroup("tap-dev-db", 2);
        rds.createDBInstance(postgres("tap-dev-db", subnetGroup).build());
        rds.deleteDBInstance(r -> r.dbInstanceIdentifier("tap-dev-db")
                .finalDBSnapshotIdentifier("tap-dev-db-final-1")
                .deleteAutomatedBackups(false));

        // The final snapshot outlives the instance and is found by the instance's identifier.
        assertThat(rds.describeDBSnapshots(
                                r -> r.dbInstanceIdentifier("tap-dev-db").snapshotType("manual"))
                        .dbSnapshots())
                .extracting(DBSnapshot::dbSnapshotIdentifier)
                .containsExactly("tap-dev-db-final-1");

        // Within the same minute: the retained automated backup does not get in the way.
        rds.createDBInstance(postgres("tap-dev-db", subnetGroup).build());
        assertThat(rds.describeDBInstances(r -> r.dbInstanceIdentifier("tap-dev-db"))
                        .dbInstances())
                .hasSize(1);
        rds.deleteDBInstance(r -> r.dbInstanceIdentifier("tap-dev-db")
                .finalDBSnapshotIdentifier("tap-dev-db-final-2")
                .deleteAutomatedBackups(true));
        rds.createDBInstance(postgres("tap-dev-db", subnetGroup).build());

        List<DBSnapshot> snapshots = rds.describeDBSnapshots(r -> r.dbInstanceIdentifier("tap-dev-db"))
                .dbSnapshots();
        assertThat(snapshots)
                .filteredOn(s -> "manual".equals(s.snapshotType()))
                .extracting(DBSnapshot::dbSnapshotIdentifier)
                .containsExactlyInAnyOrder("tap-dev-db-final-1", "tap-dev-db-final-2");
        // The first instance's retained backup and the live instance's own; the second
        // instance's backups went with it (DeleteAutomatedBackups=true).
        assertThat(snapshots)
                .filteredOn(s -> "automated".equals(s.snapshotType()))
                .hasSize(2)
                .allSatisfy(s -> assertThat(s.dbSnapshotIdentifier()).startsWith("rds:tap-dev-db-"));
    }

    @Test
    void snapshotsAreDescribedPageByPage() {
        String subnetGroup = subnetGroup("tap-dev-db", 2);
        rds.createDBInstance(postgres("tap-dev-db", subnetGroup).build());
        for (int i = 0; i < 25; i++) {
            String id = String.format("tap-dev-db-manual-%02d", i);
            rds.createDBSnapshot(r -> r.dbInstanceIdentifier("tap-dev-db").dbSnapshotIdentifier(id));
        }
        rds.deleteDBInstance(r -> r.dbInstanceIdentifier("tap-dev-db").finalDBSnapshotIdentifier("tap-dev-db-final-1"));

        var first = rds.describeDBSnapshots(
                r -> r.dbInstanceIdentifier("tap-dev-db").snapshotType("manual").maxRecords(20));
        assertThat(first.dbSnapshots()).hasSize(20);
        assertThat(first.marker()).isNotBlank();
        var second = rds.describeDBSnapshots(r -> r.dbInstanceIdentifier("tap-dev-db")
                .snapshotType("manual")
                .maxRecords(20)
                .marker(first.marker()));
        assertThat(second.dbSnapshots()).hasSize(6);
        assertThat(second.marker()).isNull();
        assertThat(errorCode(() -> rds.describeDBSnapshots(r -> r.dbInstanceIdentifier("tap-dev-other")
                        .snapshotType("manual")
                        .maxRecords(20)
                        .marker(first.marker()))))
                .isEqualTo("InvalidParameterValue");
        assertThat(rds
                        .describeDBSnapshotsPaginator(r -> r.dbInstanceIdentifier("tap-dev-db")
                                .snapshotType("manual")
                                .maxRecords(20))
                        .dbSnapshots()
                        .stream()
                        .map(DBSnapshot::dbSnapshotIdentifier)
                        .toList())
                .hasSize(26)
                .doesNotHaveDuplicates()
                .contains("tap-dev-db-final-1");
        assertThat(rds.describeDBSnapshots(
                                r -> r.dbInstanceIdentifier("tap-dev-nope").snapshotType("manual"))
                        .dbSnapshots())
                .as("an identifier nothing matches")
                .isEmpty();
    }

    @Test
    void subnetGroupLifecycle() {
        String vpc = ec2.createVpc(r -> r.cidrBlock("10.0.0.0/16")).vpc().vpcId();
        String a = subnet(vpc, "10.0.1.0/24", "us-east-1a");
        String b = subnet(vpc, "10.0.2.0/24", "us-east-1b");
        String c = subnet(vpc, "10.0.3.0/24", "us-east-1c");
        String a2 = subnet(vpc, "10.0.4.0/24", "us-east-1a");

        AwsServiceException oneZone = error(() -> rds.createDBSubnetGroup(r ->
                r.dbSubnetGroupName("tap-dev-db").dbSubnetGroupDescription("d").subnetIds(a, a2)));
        assertThat(oneZone.awsErrorDetails().errorCode()).isEqualTo("DBSubnetGroupDoesNotCoverEnoughAZs");

        rds.createDBSubnetGroup(r -> r.dbSubnetGroupName("tap-dev-db")
                .dbSubnetGroupDescription("d")
                .subnetIds(a, b)
                .tags(t -> t.key("env").value("dev")));
        assertThat(errorCode(() -> rds.createDBSubnetGroup(r -> r.dbSubnetGroupName("tap-dev-db")
                        .dbSubnetGroupDescription("d")
                        .subnetIds(a, b))))
                .isEqualTo("DBSubnetGroupAlreadyExists");

        rds.modifyDBSubnetGroup(r -> r.dbSubnetGroupName("tap-dev-db").subnetIds(a, b, c));
        var group = rds.describeDBSubnetGroups(r -> r.dbSubnetGroupName("tap-dev-db"))
                .dbSubnetGroups()
                .get(0);
        assertThat(group.subnets()).extracting(s -> s.subnetIdentifier()).containsExactlyInAnyOrder(a, b, c);
        assertThat(rds.listTagsForResource(r -> r.resourceName(group.dbSubnetGroupArn()))
                        .tagList())
                .extracting(t -> t.key())
                .containsExactly("env");
        assertThat(errorCode(() -> rds.modifyDBSubnetGroup(
                        r -> r.dbSubnetGroupName("tap-dev-nope").subnetIds(a, b))))
                .isEqualTo("DBSubnetGroupNotFoundFault");

        rds.createDBInstance(postgres("tap-dev-db", "tap-dev-db").build());
        AwsServiceException inUse = error(() -> rds.deleteDBSubnetGroup(r -> r.dbSubnetGroupName("tap-dev-db")));
        assertThat(inUse.awsErrorDetails().errorCode()).isEqualTo("InvalidDBSubnetGroupStateFault");
        assertThat(inUse.awsErrorDetails().errorMessage())
                .isEqualTo("Cannot delete the subnet group 'tap-dev-db' "
                        + "because at least one database instance: tap-dev-db is still using it.");

        rds.deleteDBInstance(r -> r.dbInstanceIdentifier("tap-dev-db").skipFinalSnapshot(true));
        rds.deleteDBSubnetGroup(r -> r.dbSubnetGroupName("tap-dev-db"));
        assertThat(errorCode(() -> rds.describeDBSubnetGroups(r -> r.dbSubnetGroupName("tap-dev-db"))))
                .isEqualTo("DBSubnetGroupNotFoundFault");
        assertThat(errorCode(() -> rds.listTagsForResource(r -> r.resourceName(group.dbSubnetGroupArn()))))
                .isEqualTo("DBSubnetGroupNotFoundFault");
        assertThat(errorCode(() -> rds.listTagsForResource(
                        r -> r.resourceName("arn:aws:rds:us-east-1:123456789012:db:tap-dev-db"))))
                .isEqualTo("DBInstanceNotFound");
    }

    // ---- DynamoDB ---------------------------------------------------------------------------

    @Test
    void tableWithKeyProtectionAndRecovery() {
        String key = key();
        kms.createAlias(r -> r.aliasName("alias/tap-dev").targetKeyId(key));
        dynamo.createTable(table("tap-dev-items", "alias/tap-dev", true));

        TableDescription table = DynamoDbWaiter.builder()
                .client(dynamo)
                .build()
                .waitUntilTableExists(r -> r.tableName("tap-dev-items"))
                .matched()
                .response()
                .orElseThrow()
                .table();
        assertThat(table.sseDescription().status()).isEqualTo(SSEStatus.ENABLED);
        assertThat(table.sseDescription().sseType()).isEqualTo(SSEType.KMS);
        assertThat(table.sseDescription().kmsMasterKeyArn()).isEqualTo(key);
        assertThat(table.deletionProtectionEnabled()).isTrue();
        assertThat(table.billingModeSummary().billingMode()).isEqualTo(BillingMode.PAY_PER_REQUEST);
        assertThat(dynamo.listTagsOfResource(r -> r.resourceArn(table.tableArn()))
                        .tags())
                .extracting(t -> t.key() + "=" + t.value())
                .containsExactly("env=dev");

        dynamo.updateContinuousBackups(r ->
                r.tableName("tap-dev-items").pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(true)));
        assertThat(dynamo.describeContinuousBackups(r -> r.tableName("tap-dev-items"))
                        .continuousBackupsDescription()
                        .pointInTimeRecoveryDescription()
                        .pointInTimeRecoveryStatus())
                .isEqualTo(PointInTimeRecoveryStatus.ENABLED);

        AwsServiceException protectedDelete = error(() -> dynamo.deleteTable(r -> r.tableName("tap-dev-items")));
        assertThat(protectedDelete.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
        assertThat(protectedDelete.awsErrorDetails().errorMessage())
                .isEqualTo(
                        "Resource cannot be deleted as it is currently protected against deletion. Disable deletion protection first.");

        dynamo.updateTable(r -> r.tableName("tap-dev-items").deletionProtectionEnabled(false));
        dynamo.deleteTable(r -> r.tableName("tap-dev-items"));
        assertThat(errorCode(() -> dynamo.describeTable(r -> r.tableName("tap-dev-items"))))
                .isEqualTo("ResourceNotFoundException");
    }

    @Test
    void tableKeyMustExistAndUpdateTableChangesIt() {
        String first = key();
        String second = key();
        assertThat(errorCode(() -> dynamo.createTable(table(
                        "tap-dev-items",
                        "arn:aws:kms:us-east-1:123456789012:key/00000000-0000-0000-0000-000000000000",
                        false))))
                .isEqualTo("ValidationException");

        dynamo.createTable(table("tap-dev-items", first, false));
        dynamo.updateTable(r -> r.tableName("tap-dev-items")
                .sseSpecification(s -> s.enabled(true).sseType(SSEType.KMS).kmsMasterKeyId(second)));
        assertThat(describeTable("tap-dev-items").sseDescription().kmsMasterKeyArn())
                .isEqualTo(second);

        // Enabled=false goes back to the AWS owned key: no SSEDescription at all.
        dynamo.updateTable(r -> r.tableName("tap-dev-items").sseSpecification(s -> s.enabled(false)));
        assertThat(describeTable("tap-dev-items").sseDescription()).isNull();

        dynamo.updateTable(r -> r.tableName("tap-dev-items")
                .sseSpecification(s -> s.enabled(true).sseType(SSEType.KMS).kmsMasterKeyId(first)));
        assertThat(describeTable("tap-dev-items").sseDescription().kmsMasterKeyArn())
                .isEqualTo(first);
    }

    @Test
    void tagResourceReplacesTheValueOfAnExistingKey() {
        dynamo.createTable(table("tap-dev-items", key(), false));
        String arn = describeTable("tap-dev-items").tableArn();
        List<software.amazon.awssdk.services.dynamodb.model.Tag> many = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            many.add(software.amazon.awssdk.services.dynamodb.model.Tag.builder()
                    .key("k" + i)
                    .value("v" + i)
                    .build());
        }
        dynamo.tagResource(r -> r.resourceArn(arn).tags(many));
        dynamo.tagResource(r -> r.resourceArn(arn)
                .tags(t -> t.key("env").value("prod"), t -> t.key("k3").value("new")));

        // More than one page (the emulator pages by 10): paging ends and every key is there once.
        List<String> tags = new ArrayList<>();
        String next = null;
        int pages = 0;
        do {
            String token = next;
            var page = dynamo.listTagsOfResource(r -> r.resourceArn(arn).nextToken(token));
            page.tags().forEach(t -> tags.add(t.key() + "=" + t.value()));
            next = page.nextToken();
        } while (next != null && ++pages < 10);
        assertThat(pages).as("pages after the first").isEqualTo(1);
        assertThat(tags).hasSize(13).contains("env=prod", "k3=new", "k11=v11").doesNotContain("env=dev", "k3=v3");

        String missing = arn.replace("tap-dev-items", "tap-dev-missing");
        assertThat(errorCode(() -> dynamo.tagResource(
                        r -> r.resourceArn(missing).tags(t -> t.key("a").value("b")))))
                .isEqualTo("ResourceNotFoundException");
    }

    // ---- S3 ---------------------------------------------------------------------------------

    @Test
    void bucketConfigurationRoundTrips() {
        String key = key();
        String bucket = "tap-dev-123456789012-us-east-1";
        s3.createBucket(r -> r.bucket(bucket));
        // us-east-1 keeps its legacy answer: re-creating a bucket you own there is 200 OK.
        s3.createBucket(r -> r.bucket(bucket));

        assertThat(errorCode(() -> s3.getBucketEncryption(r -> r.bucket(bucket))))
                .isEqualTo("ServerSideEncryptionConfigurationNotFoundError");
        assertThat(errorCode(() -> s3.getPublicAccessBlock(r -> r.bucket(bucket))))
                .isEqualTo("NoSuchPublicAccessBlockConfiguration");
        assertThat(errorCode(() -> s3.getBucketPolicy(r -> r.bucket(bucket)))).isEqualTo("NoSuchBucketPolicy");
        assertThat(errorCode(() -> s3.getBucketTagging(r -> r.bucket(bucket)))).isEqualTo("NoSuchTagSet");
        assertThat(s3.getBucketVersioning(r -> r.bucket(bucket)).status()).isNull();

        s3.putBucketEncryption(r -> r.bucket(bucket)
                .serverSideEncryptionConfiguration(c -> c.rules(ServerSideEncryptionRule.builder()
                        .bucketKeyEnabled(true)
                        .applyServerSideEncryptionByDefault(d ->
                                d.sseAlgorithm(ServerSideEncryption.AWS_KMS).kmsMasterKeyID(key))
                        .build())));
        s3.putBucketVersioning(
                r -> r.bucket(bucket).versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
        s3.putPublicAccessBlock(r -> r.bucket(bucket).publicAccessBlockConfiguration(p -> p.blockPublicAcls(true)
                .ignorePublicAcls(true)
                .blockPublicPolicy(true)
                .restrictPublicBuckets(true)));
        s3.putBucketTagging(
                r -> r.bucket(bucket).tagging(t -> t.tagSet(s -> s.key("env").value("dev"))));
        String policy = tlsOnlyPolicy(bucket);
        s3.putBucketPolicy(r -> r.bucket(bucket).policy(policy));

        ServerSideEncryptionRule rule = s3.getBucketEncryption(r -> r.bucket(bucket))
                .serverSideEncryptionConfiguration()
                .rules()
                .get(0);
        assertThat(rule.applyServerSideEncryptionByDefault().sseAlgorithm()).isEqualTo(ServerSideEncryption.AWS_KMS);
        assertThat(rule.applyServerSideEncryptionByDefault().kmsMasterKeyID()).isEqualTo(key);
        assertThat(rule.bucketKeyEnabled()).isTrue();
        assertThat(s3.getBucketVersioning(r -> r.bucket(bucket)).status()).isEqualTo(BucketVersioningStatus.ENABLED);
        var block = s3.getPublicAccessBlock(r -> r.bucket(bucket)).publicAccessBlockConfiguration();
        assertThat(List.of(
                        block.blockPublicAcls(),
                        block.ignorePublicAcls(),
                        block.blockPublicPolicy(),
                        block.restrictPublicBuckets()))
                .containsOnly(true);
        assertThat(s3.getBucketTagging(r -> r.bucket(bucket)).tagSet())
                .extracting(t -> t.key() + "=" + t.value())
                .containsExactly("env=dev");
        assertThat(s3.getBucketPolicy(r -> r.bucket(bucket)).policy()).contains("aws:SecureTransport");

        assertThat(errorCode(() -> s3.getBucketTagging(r -> r.bucket("tap-dev-missing"))))
                .isEqualTo("NoSuchBucket");
    }

    @Test
    void bucketOwnedOutsideUsEast1IsAlreadyOwnedByYou() {
        S3Client euWest = clients.build(S3Client.builder().forcePathStyle(true), emulator.endpoint(), "eu-west-1");
        euWest.createBucket(r -> r.bucket("tap-dev-123456789012-eu-west-1")
                .createBucketConfiguration(c -> c.locationConstraint("eu-west-1")));
        AwsServiceException again = error(() -> euWest.createBucket(r -> r.bucket("tap-dev-123456789012-eu-west-1")
                .createBucketConfiguration(c -> c.locationConstraint("eu-west-1"))));
        assertThat(again.awsErrorDetails().errorCode()).isEqualTo("BucketAlreadyOwnedByYou");
        assertThat(again.statusCode()).isEqualTo(409);
    }

    @Test
    void nonEmptyBucketCannotBeDeleted() {
        s3.createBucket(r -> r.bucket("tap-dev-full"));
        s3.putObject(r -> r.bucket("tap-dev-full").key("k"), RequestBody.fromString("x"));
        assertThat(errorCode(() -> s3.deleteBucket(r -> r.bucket("tap-dev-full"))))
                .isEqualTo("BucketNotEmpty");
        s3.deleteObject(r -> r.bucket("tap-dev-full").key("k"));
        s3.deleteBucket(r -> r.bucket("tap-dev-full"));
        assertThat(error(() -> s3.headBucket(r -> r.bucket("tap-dev-full"))).statusCode())
                .isEqualTo(404);
    }

    @Test
    void bucketPolicyMustBeJsonAboutThisBucket() {
        s3.createBucket(r -> r.bucket("tap-dev-policy"));
        AwsServiceException notJson =
                error(() -> s3.putBucketPolicy(r -> r.bucket("tap-dev-policy").policy("{not json")));
        assertThat(notJson.awsErrorDetails().errorCode()).isEqualTo("MalformedPolicy");
        assertThat(notJson.statusCode()).isEqualTo(400);
        AwsServiceException otherBucket =
                error(() -> s3.putBucketPolicy(r -> r.bucket("tap-dev-policy").policy(tlsOnlyPolicy("tap-dev-other"))));
        assertThat(otherBucket.awsErrorDetails().errorCode()).isEqualTo("MalformedPolicy");
        assertThat(otherBucket.awsErrorDetails().errorMessage()).isEqualTo("Policy has invalid resource");
        assertThat(errorCode(() -> s3.getBucketPolicy(r -> r.bucket("tap-dev-policy"))))
                .isEqualTo("NoSuchBucketPolicy");
    }

    @Test
    void badBucketNamesAreRefusedByTheSdkBeforeAnyCall() {
        // Not the emulator: SDK 2.57.8 checks the naming rules itself (no HTTP request is sent).
        for (String bad : List.of("Tap-Dev", "tap_dev", "tap..dev", "192.168.5.4")) {
            assertThat(catchThrowableOfType(IllegalArgumentException.class, () -> s3.createBucket(r -> r.bucket(bad))))
                    .as(bad)
                    .isNotNull();
        }
    }

    @Test
    void s3ClientNeedsPathStyleForAHostNameEndpoint() {
        // 127.0.0.1 works either way (the SDK never puts a bucket in front of an IP address);
        // a host name such as localhost needs forcePathStyle(true), or the SDK asks for
        // BUCKET.localhost, which does not resolve.
        URI localhost = URI.create("http://localhost:" + emulator.endpoint().getPort());
        S3Client byName = clients.build(S3Client.builder().forcePathStyle(true), localhost, emulator.region());
        S3Client byIp = clients.build(S3Client.builder(), emulator.endpoint(), emulator.region());

        byName.createBucket(r -> r.bucket("tap-dev-path-style"));
        byName.putObject(r -> r.bucket("tap-dev-path-style").key("k"), RequestBody.fromString("hello"));
        assertThat(byIp.getObjectAsBytes(r -> r.bucket("tap-dev-path-style").key("k"))
                        .asUtf8String())
                .isEqualTo("hello");
    }

    // ---- helpers ----------------------------------------------------------------------------

    private String key() {
        return kms.createKey(r -> r.description("tap")).keyMetadata().arn();
    }

    private String subnet(String vpc, String cidr, String zone) {
        return ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock(cidr).availabilityZone(zone))
                .subnet()
                .subnetId();
    }

    /** A subnet group over {@code zones} Availability Zones of a new VPC. */
    private String subnetGroup(String name, int zones) {
        String vpc = ec2.createVpc(r -> r.cidrBlock("10.0.0.0/16")).vpc().vpcId();
        List<String> subnets = new ArrayList<>();
        for (int i = 0; i < zones; i++) {
            subnets.add(subnet(vpc, "10.0." + i + ".0/24", "us-east-1" + (char) ('a' + i)));
        }
        rds.createDBSubnetGroup(
                r -> r.dbSubnetGroupName(name).dbSubnetGroupDescription("tap").subnetIds(subnets));
        return name;
    }

    private static CreateDbInstanceRequest.Builder postgres(String id, String subnetGroup) {
        return CreateDbInstanceRequest.builder()
                .dbInstanceIdentifier(id)
                .engine("postgres")
                .engineVersion("16.11")
                .dbInstanceClass("db.t4g.micro")
                .allocatedStorage(20)
                .storageEncrypted(true)
                .multiAZ(false)
                .publiclyAccessible(false)
                .backupRetentionPeriod(7)
                .dbSubnetGroupName(subnetGroup)
                .tags(software.amazon.awssdk.services.rds.model.Tag.builder()
                        .key("env")
                        .value("dev")
                        .build())
                .masterUsername("tapadmin")
                .masterUserPassword("Valid-Passw0rd!");
    }

    private RdsWaiter rdsWaiter() {
        RdsWaiter waiter = RdsWaiter.builder()
                .client(rds)
                .overrideConfiguration(
                        o -> o.maxAttempts(3).backoffStrategy(FixedDelayBackoffStrategy.create(Duration.ofMillis(10))))
                .build();
        clients.add(waiter);
        return waiter;
    }

    private static CreateTableRequest table(String name, String kmsKey, boolean deletionProtection) {
        return CreateTableRequest.builder()
                .tableName(name)
                .attributeDefinitions(AttributeDefinition.builder()
                        .attributeName("pk")
                        .attributeType(ScalarAttributeType.S)
                        .build())
                .keySchema(KeySchemaElement.builder()
                        .attributeName("pk")
                        .keyType(KeyType.HASH)
                        .build())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .sseSpecification(s -> s.enabled(true).sseType(SSEType.KMS).kmsMasterKeyId(kmsKey))
                .deletionProtectionEnabled(deletionProtection)
                .tags(software.amazon.awssdk.services.dynamodb.model.Tag.builder()
                        .key("env")
                        .value("dev")
                        .build())
                .build();
    }

    private TableDescription describeTable(String name) {
        return dynamo.describeTable(r -> r.tableName(name)).table();
    }

    private static String tlsOnlyPolicy(String bucket) {
        return """
                {"Version":"2012-10-17","Statement":[{"Sid":"TlsOnly","Effect":"Deny","Principal":"*",
                  "Action":"s3:*","Resource":["arn:aws:s3:::%1$s","arn:aws:s3:::%1$s/*"],
                  "Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}""".formatted(bucket);
    }

    private static AwsServiceException error(ThrowingCallable call) {
        AwsServiceException e = catchThrowableOfType(AwsServiceException.class, call);
        assertThat(e).as("expected the emulator to refuse the call").isNotNull();
        return e;
    }

    private static String errorCode(ThrowingCallable call) {
        return error(call).awsErrorDetails().errorCode();
    }
}

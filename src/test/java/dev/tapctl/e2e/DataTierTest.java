package dev.tapctl.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tapctl.testing.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionRule;

/** The data tier (secret, RDS, DynamoDB, S3) with its safeguards, on the emulator. */
class DataTierTest extends StackFixture {
    @Test
    void applyCreatesEveryDataResourceWithItsSafeguardsAndASecondApplyChangesNothing() {
        CliRun.Result apply = tapctl.run("apply", "--env", "dev", "--auto-approve");
        assertThat(apply.exitCode()).as(apply.all()).isZero();
        String keyArn = aws.kms()
                .describeKey(r -> r.keyId("alias/tap-dev"))
                .keyMetadata()
                .arn();

        var secret = aws.secrets().describeSecret(r -> r.secretId("tap/dev/rds/master"));
        assertThat(secret.kmsKeyId()).isEqualTo(keyArn);
        assertThat(secret.tags())
                .anyMatch(t -> t.key().equals("Environment") && t.value().equals("dev"));

        DBInstance db = aws.rds()
                .describeDBInstances(r -> r.dbInstanceIdentifier("tap-dev-db"))
                .dbInstances()
                .get(0);
        assertThat(db.engine()).isEqualTo("postgres");
        assertThat(db.storageEncrypted()).isTrue();
        assertThat(db.kmsKeyId()).isEqualTo(keyArn);
        assertThat(db.publiclyAccessible()).isFalse();
        assertThat(db.backupRetentionPeriod()).isEqualTo(7);
        assertThat(db.deletionProtection()).isFalse();
        assertThat(db.dbSubnetGroup().dbSubnetGroupName()).isEqualTo("tap-dev-db");
        String dbGroup = aws.ec2()
                .describeSecurityGroups(r -> r.filters(software.amazon.awssdk.services.ec2.model.Filter.builder()
                        .name("group-name")
                        .values("tap-dev-db")
                        .build()))
                .securityGroups()
                .get(0)
                .groupId();
        assertThat(db.vpcSecurityGroups())
                .extracting(g -> g.vpcSecurityGroupId())
                .containsExactly(dbGroup);

        TableDescription table =
                aws.dynamodb().describeTable(r -> r.tableName("tap-dev-items")).table();
        assertThat(table.sseDescription().kmsMasterKeyArn()).isEqualTo(keyArn);
        assertThat(table.billingModeSummary().billingModeAsString()).isEqualTo("PAY_PER_REQUEST");
        assertThat(aws.dynamodb()
                        .describeContinuousBackups(r -> r.tableName("tap-dev-items"))
                        .continuousBackupsDescription()
                        .pointInTimeRecoveryDescription()
                        .pointInTimeRecoveryStatusAsString())
                .isEqualTo("ENABLED");

        String bucket = bucket("dev");
        ServerSideEncryptionRule rule = aws.s3()
                .getBucketEncryption(r -> r.bucket(bucket))
                .serverSideEncryptionConfiguration()
                .rules()
                .get(0);
        assertThat(rule.applyServerSideEncryptionByDefault().sseAlgorithmAsString())
                .isEqualTo("aws:kms");
        assertThat(rule.applyServerSideEncryptionByDefault().kmsMasterKeyID()).isEqualTo(keyArn);
        assertThat(aws.s3().getBucketVersioning(r -> r.bucket(bucket)).status())
                .isEqualTo(BucketVersioningStatus.ENABLED);
        var block = aws.s3().getPublicAccessBlock(r -> r.bucket(bucket)).publicAccessBlockConfiguration();
        assertThat(List.of(
                        block.blockPublicAcls(),
                        block.blockPublicPolicy(),
                        block.ignorePublicAcls(),
                        block.restrictPublicBuckets()))
                .containsOnly(true);
        assertThat(aws.s3().getBucketPolicy(r -> r.bucket(bucket)).policy()).contains("aws:SecureTransport");

        log.clear();
        CliRun.Result again = tapctl.run("apply", "--env", "dev", "--auto-approve");
        assertThat(again.exitCode()).as(again.all()).isZero();
        assertThat(log.mutating()).as("mutating calls of a second apply").isEmpty();
        assertThat(tapctl.run("plan", "--env", "dev", "--detailed-exitcode").exitCode())
                .isZero();
    }

    @Test
    void driftOnTheTableAndTheBucketIsShownAndRepaired() throws IOException {
        assertThat(tapctl.run("apply", "--env", "dev", "--auto-approve").exitCode())
                .isZero();
        String bucket = bucket("dev");
        aws.dynamodb().updateContinuousBackups(r -> r.tableName("tap-dev-items")
                .pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(false)));
        aws.s3().putBucketVersioning(r -> r.bucket(bucket).versioningConfiguration(v -> v.status("Suspended")));
        String tableArn = aws.dynamodb()
                .describeTable(r -> r.tableName("tap-dev-items"))
                .table()
                .tableArn();
        aws.dynamodb().untagResource(r -> r.resourceArn(tableArn).tagKeys("Owner"));

        CliRun.Result plan = tapctl.run("plan", "--env", "dev", "--json", "--detailed-exitcode");
        assertThat(plan.exitCode()).as(plan.all()).isEqualTo(2);
        JsonNode table = change(plan, "data.table");
        assertThat(table.path("reason").asText()).isEqualTo("drift");
        assertThat(paths(table)).contains("pointInTimeRecovery", "tags.Owner");
        JsonNode bucketChange = change(plan, "data.bucket");
        assertThat(bucketChange.path("reason").asText()).isEqualTo("drift");
        assertThat(paths(bucketChange)).contains("versioning");

        assertThat(tapctl.run("apply", "--env", "dev", "--auto-approve").exitCode())
                .isZero();
        assertThat(tapctl.run("plan", "--env", "dev", "--detailed-exitcode").exitCode())
                .isZero();
        assertThat(aws.s3().getBucketVersioning(r -> r.bucket(bucket)).status())
                .isEqualTo(BucketVersioningStatus.ENABLED);
    }

    @Test
    void replacingTheDatabaseIsRefusedUnlessNamedAndThenTakesAFinalSnapshot(@TempDir Path dir) throws IOException {
        assertThat(tapctl.run("apply", "--env", "dev", "--auto-approve").exitCode())
                .isZero();
        Path config = copyConfig(dir);
        Files.writeString(
                config.resolve("dev.yaml"),
                Files.readString(config.resolve("dev.yaml")) + "database:\n  databaseName: orders\n");
        CliRun changed = tapctl.configDir(config);

        CliRun.Result plan = changed.run("plan", "--env", "dev", "--json");
        JsonNode db = change(plan, "data.db");
        assertThat(db.path("action").asText()).isEqualTo("replace");
        assertThat(db.path("reason").asText()).isEqualTo("config");
        JsonNode attribute = StreamSupport.stream(db.path("attributes").spliterator(), false)
                .filter(a -> a.path("path").asText().equals("databaseName"))
                .findFirst()
                .orElseThrow();
        assertThat(attribute.path("forcesReplace").asBoolean()).isTrue();

        log.clear();
        CliRun.Result refused = changed.run("apply", "--env", "dev", "--auto-approve");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("data.db would be replaced", "--allow-replace data.db");
        assertThat(log.mutating()).isEmpty();

        CliRun.Result allowed = changed.run("apply", "--env", "dev", "--auto-approve", "--allow-replace", "data.db");
        assertThat(allowed.exitCode()).as(allowed.all()).isZero();
        assertThat(aws.rds()
                        .describeDBSnapshots(r -> r.dbInstanceIdentifier("tap-dev-db"))
                        .dbSnapshots())
                .anyMatch(s -> s.dbSnapshotIdentifier().startsWith("tap-dev-db-final-"));
        assertThat(aws.rds()
                        .describeDBInstances(r -> r.dbInstanceIdentifier("tap-dev-db"))
                        .dbInstances()
                        .get(0)
                        .dbName())
                .isEqualTo("orders");
    }

    @Test
    void theGeneratedPasswordAppearsNowhereInWhatTapctlWrites() throws IOException {
        List<CliRun.Result> outputs = new ArrayList<>();
        outputs.add(tapctl.run("apply", "--env", "dev", "--auto-approve", "-v"));
        outputs.add(tapctl.run("plan", "--env", "dev", "-v"));
        outputs.add(tapctl.run("plan", "--env", "dev", "--json", "-v"));
        outputs.add(tapctl.run("plan", "--env", "dev", "--destroy", "--json", "-v"));
        aws.rds().modifyDBInstance(r -> r.dbInstanceIdentifier("tap-dev-db")
                .backupRetentionPeriod(3)
                .applyImmediately(true));
        outputs.add(tapctl.run("apply", "--env", "dev", "--auto-approve", "-v"));
        outputs.add(
                tapctl.run("apply", "--env", "dev", "--auto-approve", "--region", "us-east-1", "--parallelism", "1"));

        JsonNode secret = JSON.readTree(aws.secrets()
                .getSecretValue(r -> r.secretId("tap/dev/rds/master"))
                .secretString());
        String password = secret.path("password").asText();
        assertThat(password).hasSize(32).doesNotContain("/", "@", "\"", " ");
        assertThat(outputs.get(0).exitCode()).as(outputs.get(0).all()).isZero();
        for (CliRun.Result result : outputs) {
            assertThat(result.all()).isNotBlank().doesNotContain(password);
        }
        assertThat(Files.readString(Path.of("target", "emulator.log")))
                .as("sanity: the emulator saw traffic")
                .isNotEmpty();
    }

    @Test
    void prodPlanShowsProtectionAndPoliciesAndNoSecret() throws IOException {
        CliRun.Result result = CliRun.offline().run("plan", "--env", "prod", "--offline", "--json");
        assertThat(result.exitCode()).as(result.all()).isZero();
        JsonNode db = change(result, "data.db");
        assertThat(db.path("deletionPolicy").asText()).isEqualTo("SNAPSHOT");
        assertThat(db.path("desired").path("deletionProtection").asBoolean()).isTrue();
        assertThat(db.path("desired").path("multiAz").asBoolean()).isTrue();
        assertThat(db.path("desired").path("kmsKeyArn").asText()).isEqualTo("(known after apply)");
        JsonNode table = change(result, "data.table");
        assertThat(table.path("deletionPolicy").asText()).isEqualTo("RETAIN");
        assertThat(table.path("desired").path("deletionProtection").asBoolean()).isTrue();
        assertThat(change(result, "data.bucket").path("deletionPolicy").asText())
                .isEqualTo("RETAIN");
        JsonNode secret = change(result, "data.dbsecret");
        assertThat(secret.path("name").asText()).isEqualTo("tap/prod/rds/master");
        assertThat(result.out().toLowerCase()).doesNotContain("\"password\"");
    }

    private static List<String> paths(JsonNode change) {
        return StreamSupport.stream(change.path("attributes").spliterator(), false)
                .map(a -> a.path("path").asText())
                .toList();
    }
}

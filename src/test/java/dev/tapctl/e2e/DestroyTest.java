package dev.tapctl.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tapctl.testing.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.kms.model.KeyState;

/** destroy's safeguards, the report, apply after destroy, orphans and outputs, on the emulator. */
class DestroyTest extends StackFixture {
    @Test
    void aProtectedEnvironmentIsNeverDestroyedWithoutItsName() {
        assertThat(tapctl.run("apply", "--env", "prod", "--auto-approve").exitCode())
                .isZero();

        CliRun.Result unconfirmed = tapctl.input("").run("destroy", "--env", "prod", "--auto-approve");
        assertThat(unconfirmed.exitCode()).isNotZero();
        assertThat(unconfirmed.err()).contains("prod was not confirmed", "Nothing was changed");
        CliRun.Result typedWrong = tapctl.input("dev\n").run("destroy", "--env", "prod");
        assertThat(typedWrong.exitCode()).isNotZero();
        log.clear();
        CliRun.Result wrongFlag = tapctl.run("destroy", "--env", "prod", "--confirm", "dev");
        assertThat(wrongFlag.exitCode()).isNotZero();
        assertThat(log.mutating()).isEmpty();

        assertThat(tapctl.run("plan", "--env", "prod", "--detailed-exitcode").exitCode())
                .as("every prod resource is still there and unchanged")
                .isZero();
    }

    @Test
    void destroyDevSnapshotsTheDatabaseKeepsDataAndRemovesTheRestThenApplyBringsItBack() throws IOException {
        assertThat(tapctl.run("apply", "--env", "prod", "--auto-approve").exitCode())
                .isZero();
        assertThat(tapctl.run("apply", "--env", "dev", "--auto-approve").exitCode())
                .isZero();

        CliRun.Result destroy = tapctl.run("destroy", "--env", "dev", "--confirm", "dev");
        assertThat(destroy.exitCode()).as(destroy.all()).isZero();
        assertThat(destroy.out())
                .containsPattern("snapshotted +data\\.db +tap-dev-db-final-\\d{8}-\\d{6}")
                .containsPattern("retained +data\\.table")
                .containsPattern("retained +data\\.bucket")
                .containsPattern("retained +kms\\.key .*data\\.")
                .containsPattern("(?m)deleted +fn\\.api$")
                .containsPattern("deleted +network\\.vpc");

        assertThat(aws.rds()
                        .describeDBSnapshots(r -> r.dbInstanceIdentifier("tap-dev-db"))
                        .dbSnapshots())
                .anyMatch(s -> s.dbSnapshotIdentifier().startsWith("tap-dev-db-final-"));
        assertThat(aws.rds().describeDBInstances().dbInstances())
                .noneMatch(db -> db.dbInstanceIdentifier().equals("tap-dev-db"));
        assertThat(aws.dynamodb()
                        .describeTable(r -> r.tableName("tap-dev-items"))
                        .table())
                .isNotNull();
        aws.s3().headBucket(r -> r.bucket(bucket("dev")));
        assertThat(aws.kms()
                        .describeKey(r -> r.keyId("alias/tap-dev"))
                        .keyMetadata()
                        .keyState())
                .as("the key stays while retained data needs it")
                .isEqualTo(KeyState.ENABLED);
        assertThat(aws.lambda().listFunctions().functions())
                .noneMatch(f -> f.functionName().startsWith("tap-dev-"));
        assertThat(aws.sqs().listQueues(r -> r.queueNamePrefix("tap-dev-")).queueUrls())
                .isEmpty();
        assertThat(aws.apigateway().getRestApis().items())
                .noneMatch(a -> a.name().equals("tap-dev-api"));
        assertThat(aws.iam().listRoles().roles()).noneMatch(r -> r.roleName().startsWith("tap-dev-"));
        assertThat(aws.ec2()
                        .describeVpcs(r -> r.filters(Filter.builder()
                                .name("tag:Environment")
                                .values("dev")
                                .build()))
                        .vpcs())
                .isEmpty();
        assertThat(tapctl.run("plan", "--env", "prod", "--detailed-exitcode").exitCode())
                .as("prod untouched")
                .isZero();
        CliRun.Result nothingLeft = tapctl.run("plan", "--env", "dev", "--destroy", "--detailed-exitcode");
        assertThat(nothingLeft.exitCode())
                .as("a second destroy would only keep what is kept: %s", nothingLeft.all())
                .isZero();
        assertThat(nothingLeft.out()).containsPattern("!\\s+data\\.table").contains("0 to delete");

        CliRun.Result again = tapctl.run("apply", "--env", "dev", "--auto-approve");
        assertThat(again.exitCode()).as(again.all()).isZero();
        assertThat(aws.dynamodb().listTables().tableNames())
                .filteredOn(n -> n.equals("tap-dev-items"))
                .hasSize(1);
        assertThat(aws.s3().listBuckets().buckets())
                .filteredOn(b -> b.name().equals(bucket("dev")))
                .hasSize(1);
        assertThat(tapctl.run("plan", "--env", "dev", "--detailed-exitcode").exitCode())
                .isZero();
    }

    @Test
    void theKeyAndSecretOutliveTheDatabaseWhileItsFinalSnapshotExists() throws IOException {
        assertThat(tapctl.run("apply", "--env", "dev", "--auto-approve").exitCode())
                .isZero();
        CliRun.Result first = tapctl.run("destroy", "--env", "dev", "--confirm", "dev");
        assertThat(first.exitCode()).as(first.all()).isZero();
        String snapshot = finalSnapshots("tap-dev-db").get(0);
        String key = aws.kms()
                .describeKey(r -> r.keyId("alias/tap-dev"))
                .keyMetadata()
                .keyId();
        // Only the final snapshot is left to need them: the retained table and bucket go by hand.
        aws.dynamodb().deleteTable(r -> r.tableName("tap-dev-items"));
        aws.s3().deleteBucket(r -> r.bucket(bucket("dev")));

        CliRun.Result plan = tapctl.run("plan", "--env", "dev", "--destroy", "--json");
        assertThat(plan.exitCode()).as(plan.all()).isZero();
        String why = "kept: final snapshot " + snapshot + " needs it";
        for (String id : List.of("kms.key", "data.dbsecret")) {
            assertThat(change(plan, id).path("action").asText()).as(id).isEqualTo("retain");
            assertThat(change(plan, id).path("note").asText()).as(id).isEqualTo(why);
        }
        CliRun.Result second = tapctl.run("destroy", "--env", "dev", "--confirm", "dev");
        assertThat(second.exitCode()).as(second.all()).isZero();
        assertThat(second.out()).containsPattern("kms\\.key .*" + why).containsPattern("data\\.dbsecret .*" + why);
        assertThat(aws.kms().describeKey(r -> r.keyId(key)).keyMetadata().keyState())
                .as("the key that encrypts the snapshot")
                .isEqualTo(KeyState.ENABLED);
        assertThat(aws.secrets()
                        .describeSecret(r -> r.secretId("tap/dev/rds/master"))
                        .deletedDate())
                .as("the only copy of the snapshot's master password")
                .isNull();

        aws.rds().deleteDBSnapshot(r -> r.dbSnapshotIdentifier(snapshot));
        CliRun.Result third = tapctl.run("destroy", "--env", "dev", "--confirm", "dev");
        assertThat(third.exitCode()).as(third.all()).isZero();
        assertThat(third.out()).containsPattern("scheduled +kms\\.key").containsPattern("scheduled +data\\.dbsecret");
        assertThat(aws.kms().describeKey(r -> r.keyId(key)).keyMetadata().keyState())
                .isEqualTo(KeyState.PENDING_DELETION);
        assertThat(aws.secrets()
                        .describeSecret(r -> r.secretId("tap/dev/rds/master"))
                        .deletedDate())
                .isNotNull();
    }

    /** The final snapshots tapctl took of {@code instance}, found as the handler finds them. */
    private List<String> finalSnapshots(String instance) {
        return aws
                .rds()
                .describeDBSnapshotsPaginator(
                        r -> r.dbInstanceIdentifier(instance).snapshotType("manual"))
                .dbSnapshots()
                .stream()
                .map(s -> s.dbSnapshotIdentifier())
                .filter(id -> id.matches(instance + "-final-\\d{8}-\\d{6}"))
                .toList();
    }

    @Test
    void aDeadLetterQueueHoldingMessagesBlocksDestroyUnlessForced() {
        assertThat(tapctl.run("apply", "--env", "dev", "--auto-approve").exitCode())
                .isZero();
        String url =
                aws.sqs().getQueueUrl(r -> r.queueName("tap-dev-worker-dlq")).queueUrl();
        for (int i = 0; i < 3; i++) {
            int n = i;
            aws.sqs().sendMessage(r -> r.queueUrl(url).messageBody("{\"lost\": " + n + "}"));
        }

        CliRun.Result plan = tapctl.run("plan", "--env", "dev", "--destroy");
        assertThat(plan.out())
                .containsPattern("fn\\.worker\\.dlq .*refused: queue tap-dev-worker-dlq holds 3 messages");

        CliRun.Result blocked = tapctl.run("destroy", "--env", "dev", "--confirm", "dev");
        assertThat(blocked.exitCode()).isEqualTo(1);
        assertThat(blocked.err())
                .contains("refused  fn.worker.dlq: queue tap-dev-worker-dlq holds 3 messages", "--force");
        assertThat(aws.sqs().getQueueUrl(r -> r.queueName("tap-dev-worker-dlq")).queueUrl())
                .isEqualTo(url);
        // Refused before anything was torn down: not the function, not the database, not the network.
        assertThat(aws.lambda().listFunctions().functions())
                .anyMatch(f -> f.functionName().equals("tap-dev-worker"));
        assertThat(aws.rds().describeDBInstances().dbInstances())
                .anyMatch(db -> db.dbInstanceIdentifier().equals("tap-dev-db"));
        assertThat(tapctl.run("plan", "--env", "dev", "--detailed-exitcode").exitCode())
                .as("nothing changed")
                .isZero();

        CliRun.Result forced = tapctl.run("destroy", "--env", "dev", "--confirm", "dev", "--force");
        assertThat(forced.exitCode()).as(forced.all()).isZero();
        assertThat(aws.sqs().listQueues(r -> r.queueNamePrefix("tap-dev-")).queueUrls())
                .isEmpty();
    }

    @Test
    void aFunctionRemovedFromTheConfigurationIsAnOrphanAndApplyRemovesItAndWhatItHad(@TempDir Path dir)
            throws IOException {
        Path config = copyConfig(Files.createDirectories(dir.resolve("config")));
        Path functions = dir.resolve("functions");
        Files.createDirectories(functions.resolve("audit"));
        Files.writeString(
                functions.resolve("audit").resolve("handler.py"),
                "def lambda_handler(event, context):\n    return None\n");
        for (String fn : List.of("api", "worker")) {
            Files.createDirectories(functions.resolve(fn));
            Files.copy(
                    Path.of("functions", fn, "handler.py"),
                    functions.resolve(fn).resolve("handler.py"));
        }
        Files.createDirectories(functions.resolve("_shared"));
        Files.copy(
                Path.of("functions", "_shared", "jsonlog.py"),
                functions.resolve("_shared").resolve("jsonlog.py"));
        String defaults = Files.readString(config.resolve("defaults.yaml"));
        Files.writeString(config.resolve("dev.yaml"), Files.readString(config.resolve("dev.yaml")) + """
                functions:
                  audit:
                    runtime: python3.12
                    handler: handler.lambda_handler
                    memoryMb: 128
                    timeoutSeconds: 10
                    logLevel: INFO
                    tableActions: []
                    invokes: []
                    environment: {}
                """);
        CliRun withAudit = tapctl.configDir(config);
        assertThat(withAudit
                        .run("apply", "--env", "dev", "--auto-approve", "--functions-dir", functions.toString())
                        .exitCode())
                .isZero();
        assertThat(aws.lambda()
                        .getFunction(r -> r.functionName("tap-dev-audit"))
                        .configuration())
                .isNotNull();

        Files.writeString(config.resolve("defaults.yaml"), defaults);
        Files.writeString(config.resolve("dev.yaml"), Files.readString(Path.of("config", "dev.yaml")));
        CliRun.Result plan = withAudit.run(
                "plan", "--env", "dev", "--json", "--detailed-exitcode", "--functions-dir", functions.toString());
        assertThat(plan.exitCode()).as(plan.all()).isEqualTo(2);
        List<JsonNode> orphans = changes(plan).stream()
                .filter(c -> c.path("reason").asText().equals("orphan"))
                .toList();
        assertThat(orphans)
                .extracting(c -> c.path("id").asText())
                .containsExactlyInAnyOrder(
                        "fn.audit",
                        "fn.audit.dlq",
                        "fn.audit.logs",
                        "fn.audit.role",
                        "alarms.fn.audit.dlq",
                        "alarms.fn.audit.errors",
                        "alarms.fn.audit.throttles");
        assertThat(orphans).allMatch(c -> c.path("action").asText().equals("delete"));

        CliRun.Result apply =
                withAudit.run("apply", "--env", "dev", "--auto-approve", "--functions-dir", functions.toString());
        assertThat(apply.exitCode()).as(apply.all()).isZero();
        assertThat(aws.lambda().listFunctions().functions())
                .noneMatch(f -> f.functionName().equals("tap-dev-audit"));
        assertThat(aws.sqs().listQueues(r -> r.queueNamePrefix("tap-dev-audit")).queueUrls())
                .isEmpty();
        assertThat(aws.iam().listRoles().roles()).noneMatch(r -> r.roleName().equals("tap-dev-audit-fn"));
        assertThat(aws.cloudwatch()
                        .describeAlarms(r -> r.alarmNamePrefix("tap-dev-fn-audit-"))
                        .metricAlarms())
                .as("the removed function's alarms went with it")
                .isEmpty();
        assertThat(withAudit
                        .run("plan", "--env", "dev", "--detailed-exitcode", "--functions-dir", functions.toString())
                        .exitCode())
                .isZero();
    }

    @Test
    void outputsVerifyPassesAfterApplyAndNamesWhatIsMissingAfterAnOutOfBandDelete() throws IOException {
        assertThat(tapctl.run("apply", "--env", "dev", "--auto-approve").exitCode())
                .isZero();
        CliRun.Result ok = tapctl.run("outputs", "--env", "dev", "--verify", "--json");
        assertThat(ok.exitCode()).as(ok.all()).isZero();
        JsonNode outputs = JSON.readTree(ok.out());
        assertThat(outputs.path("apiUrl").asText()).startsWith("https://").endsWith("/v1");
        assertThat(outputs.path("functionArns").path("api").asText())
                .startsWith("arn:aws:lambda:us-east-1:" + emulator.accountId());
        assertThat(outputs.path("tableName").asText()).isEqualTo("tap-dev-items");
        assertThat(outputs.path("kmsKeyArn").asText()).startsWith("arn:aws:kms:us-east-1:");
        assertThat(outputs.path("vpcId").asText()).startsWith("vpc-");

        aws.lambda().deleteFunction(r -> r.functionName("tap-dev-worker"));
        CliRun.Result broken = tapctl.run("outputs", "--env", "dev", "--verify");
        assertThat(broken.exitCode()).isEqualTo(1);
        assertThat(broken.err()).contains("functionArn.worker", "fn.worker was not found");
    }
}

package dev.tapctl.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tapctl.testing.CallLog;
import dev.tapctl.testing.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --target} and {@code --exclude} against the emulator: a partial apply changes the
 * selection and nothing else, and what it leaves out is still pending for the next plan.
 */
class PartialRunTest extends StackFixture {

    /** Mutating calls other than the environment lock's (DynamoDB UpdateItem on tapctl-locks). */
    private List<CallLog.Call> mutatingBesidesTheLock() {
        return log.mutating().stream()
                .filter(c -> !(c.service().equals("DynamoDb") && c.operation().equals("UpdateItem")))
                .toList();
    }

    private String codeSha(String function) {
        return aws.lambda()
                .getFunctionConfiguration(r -> r.functionName(function))
                .codeSha256();
    }

    private Map<String, String> tags(String function) {
        String arn = aws.lambda()
                .getFunctionConfiguration(r -> r.functionName(function))
                .functionArn();
        return aws.lambda().listTags(r -> r.resource(arn)).tags();
    }

    @Test
    void aTargetedApplyUpdatesOnlyTheTargetedFunctionThoughBothChanged(@TempDir Path dir) throws IOException {
        CliRun.Result first = tapctl.run("apply", "--env", "dev", "--auto-approve");
        assertThat(first.exitCode()).as(first.all()).isZero();
        String workerBefore = codeSha("tap-dev-worker");
        Map<String, String> workerTags = tags("tap-dev-worker");
        String apiBefore = codeSha("tap-dev-api");
        Path functions = changedFunctions(dir, "api", "worker");
        CliRun.Result whole = tapctl.run("plan", "--env", "dev", "--json", "--functions-dir", functions.toString());
        assertThat(changedIds(whole)).as("sanity: both functions changed").containsExactly("fn.api", "fn.worker");

        log.clear();
        CliRun.Result apply = tapctl.run(
                "apply",
                "--env",
                "dev",
                "--auto-approve",
                "--target",
                "fn.api",
                "--functions-dir",
                functions.toString());

        assertThat(apply.exitCode()).as(apply.all()).isZero();
        assertThat(apply.out())
                .contains("Warning: partial run (--target fn.api): only 6 of 55 resources are read and changed;"
                        + " orphans not removed.")
                .contains("fn.api pulls in: kms.key, data.table, fn.api.dlq, fn.api.logs, fn.api.role");
        // The function's code, then its spec-hash tag: the update of one function, and nothing else.
        assertThat(mutatingBesidesTheLock()).allMatch(c -> c.service().equals("Lambda"));
        assertThat(CallLog.operations(mutatingBesidesTheLock())).containsExactly("UpdateFunctionCode", "TagResource");
        assertThat(codeSha("tap-dev-api")).isNotEqualTo(apiBefore);
        assertThat(codeSha("tap-dev-worker")).as("fn.worker left as it was").isEqualTo(workerBefore);
        assertThat(tags("tap-dev-worker"))
                .as("fn.worker's tags left as they were")
                .isEqualTo(workerTags);
        // What the selection does not hold is not read: no network, database or API call.
        assertThat(log.operations()).doesNotContain("DescribeVpcs", "DescribeDBInstances", "GetRestApis");

        CliRun.Result after = tapctl.run("plan", "--env", "dev", "--json", "--functions-dir", functions.toString());
        assertThat(changedIds(after)).as("the worker's change is still pending").containsExactly("fn.worker");

        // A partial destroy finds what it would delete even where that needs a dependency's
        // output it leaves alone: the app security group is looked up in its VPC.
        log.clear();
        CliRun.Result destroyPlan =
                tapctl.run("plan", "--env", "dev", "--destroy", "--json", "--target", "network.sg.app");
        assertThat(destroyPlan.exitCode()).as(destroyPlan.all()).isZero();
        assertThat(change(destroyPlan, "network.sg.app").path("action").asText())
                .isEqualTo("delete");
        assertThat(change(destroyPlan, "compute.app-1").path("action").asText()).isEqualTo("delete");
        assertThat(changes(destroyPlan))
                .extracting(c -> c.path("id").asText())
                .doesNotContain("network.vpc", "kms.key", "fn.api");
        assertThat(log.mutating()).as("a plan changes nothing").isEmpty();
    }

    @Test
    void anExcludedDatabaseKeepsItsPendingChangeWhileEverythingElseIsApplied(@TempDir Path dir) throws IOException {
        CliRun.Result first = tapctl.run("apply", "--env", "dev", "--auto-approve");
        assertThat(first.exitCode()).as(first.all()).isZero();
        Path config = copyConfig(Files.createDirectories(dir.resolve("config")));
        Path defaults = config.resolve("defaults.yaml");
        String yaml = Files.readString(defaults);
        assertThat(yaml).contains("backupRetentionDays: 7");
        Files.writeString(defaults, yaml.replace("backupRetentionDays: 7", "backupRetentionDays: 3"));
        Path functions = changedFunctions(Files.createDirectories(dir.resolve("functions")), "api");
        CliRun changed = tapctl.configDir(config);
        String[] where = {"--env", "dev", "--functions-dir", functions.toString()};
        CliRun.Result pending = changed.run(concat(new String[] {"plan", "--json"}, where));
        assertThat(changedIds(pending)).as("sanity").containsExactly("data.db", "fn.api");

        log.clear();
        CliRun.Result apply =
                changed.run(concat(new String[] {"apply", "--auto-approve", "--exclude", "data.db"}, where));

        assertThat(apply.exitCode()).as(apply.all()).isZero();
        assertThat(apply.out())
                .contains("Warning: partial run (--exclude data.db): only 52 of 55 resources are read and changed;"
                        + " orphans not removed.")
                .contains("excluding data.db drops: alarms.db.storage, alarms.db.cpu (they depend on it)");
        assertThat(mutatingBesidesTheLock()).allMatch(c -> c.service().equals("Lambda"));
        assertThat(CallLog.operations(mutatingBesidesTheLock())).containsExactly("UpdateFunctionCode", "TagResource");
        assertThat(aws.rds()
                        .describeDBInstances(r -> r.dbInstanceIdentifier("tap-dev-db"))
                        .dbInstances()
                        .get(0)
                        .backupRetentionPeriod())
                .isEqualTo(7);

        CliRun.Result next = changed.run(concat(new String[] {"plan", "--json", "--detailed-exitcode"}, where));
        assertThat(next.exitCode()).as(next.all()).isEqualTo(2);
        assertThat(changedIds(next)).as("the database change is still pending").containsExactly("data.db");
        assertThat(change(next, "data.db").path("reason").asText()).isEqualTo("config");
    }

    private static String[] concat(String[] first, String[] second) {
        return Stream.concat(Stream.of(first), Stream.of(second)).toArray(String[]::new);
    }

    /** The project's functions copied into {@code dir}, with a real code change to each of {@code changed}. */
    private static Path changedFunctions(Path dir, String... changed) throws IOException {
        Path source = Path.of("functions");
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.toList()) {
                Path target = dir.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
        for (String function : changed) {
            Path handler = dir.resolve(function).resolve("handler.py");
            Files.writeString(handler, Files.readString(handler) + "\n# a real code change\n");
        }
        return dir;
    }
}

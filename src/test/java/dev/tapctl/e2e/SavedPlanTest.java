package dev.tapctl.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tapctl.cli.ExitCodes;
import dev.tapctl.engine.LiveFingerprint;
import dev.tapctl.testing.CallLog;
import dev.tapctl.testing.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.apigateway.model.ApiKey;

/**
 * Saved plans (issue 14): {@code plan --out FILE}, then {@code apply FILE} carries out exactly that
 * plan, or refuses before any change when the account, the configuration or the file moved on.
 */
class SavedPlanTest extends StackFixture {
    @TempDir
    Path tmp;

    private Path config;

    private Path config() throws IOException {
        if (config == null) {
            config = copyConfig(Files.createDirectories(tmp.resolve("config")));
        }
        return config;
    }

    private CliRun.Result run(String... args) throws IOException {
        List<String> all = new java.util.ArrayList<>(List.of(args));
        all.addAll(List.of("--config-dir", config().toString()));
        return tapctl.run(all.toArray(String[]::new));
    }

    private void setRetention(int days) throws IOException {
        Path dev = config().resolve("dev.yaml");
        String text = Files.readString(dev);
        String changed = text.replaceFirst("retentionDays: \\d+", "retentionDays: " + days);
        assertThat(changed).as("dev.yaml sets logs.retentionDays").isNotEqualTo(text);
        Files.writeString(dev, changed);
    }

    private List<CallLog.Call> mutatingOutsideTheLock() {
        // The lock is tapctl's own record of a run, not part of the stack.
        return log.mutating().stream()
                .filter(c -> !c.service().equals("DynamoDb") || !c.operation().endsWith("Item"))
                .toList();
    }

    @Test
    void applyingASavedPlanMakesExactlyItsChangesWithoutAskingAndTheNextPlanIsClean() throws IOException {
        assertThat(run("apply", "--env", "dev", "--auto-approve").exitCode()).isZero();
        setRetention(30);
        Path file = tmp.resolve("p.tfplan");

        CliRun.Result plan = run("plan", "--env", "dev", "--out", file.toString(), "--json");
        assertThat(plan.exitCode()).as(plan.all()).isZero();
        assertThat(plan.err())
                .contains("Saved the plan to " + file + ". To carry out exactly this plan: tapctl apply " + file);
        List<String> planned = changedIds(plan);
        assertThat(planned).as("the log groups' retention").isNotEmpty();
        for (String id : planned) {
            assertThat(change(plan, id).path("kind").asText()).as(id).isEqualTo("aws.logs.log-group");
        }

        CliRun.Result shown = run("show", file.toString(), "--json");
        assertThat(shown.exitCode()).as(shown.all()).isZero();
        assertThat(JSON.readTree(shown.out())).isEqualTo(JSON.readTree(plan.out()));

        log.clear();
        // No --env and nothing typed at the prompt: the file names the environment and is the approval.
        CliRun.Result apply = run("apply", file.toString());
        assertThat(apply.exitCode()).as(apply.all()).isZero();
        assertThat(apply.out()).contains("Apply complete: " + planned.size() + " changed");
        List<CallLog.Call> mutating = mutatingOutsideTheLock();
        assertThat(mutating)
                .as("only the planned log groups' retention (and their spec-hash tags)")
                .isNotEmpty()
                .allMatch(c -> c.service().equals("CloudWatchLogs"));
        assertThat(CallLog.operations(mutating).stream().filter("PutRetentionPolicy"::equals))
                .hasSize(planned.size());

        CliRun.Result next = run("plan", "--env", "dev", "--detailed-exitcode");
        assertThat(next.exitCode()).as(next.all()).isZero();
    }

    @Test
    void anOutOfBandChangeToAPlannedResourceMakesThePlanStaleAndNothingChanges() throws IOException {
        assertThat(run("apply", "--env", "dev", "--auto-approve").exitCode()).isZero();
        setRetention(30);
        Path file = tmp.resolve("p.tfplan");
        assertThat(run("plan", "--env", "dev", "--out", file.toString()).exitCode())
                .isZero();
        aws.logs().putRetentionPolicy(r -> r.logGroupName("/tap/dev/vpc-flow-logs")
                .retentionInDays(60));

        log.clear();
        CliRun.Result apply = run("apply", file.toString());

        assertThat(apply.exitCode()).as(apply.all()).isEqualTo(ExitCodes.FAILURE);
        assertThat(apply.err())
                .contains("error: plan is stale: network.flowlogs.group changed since the plan was made")
                .contains("Nothing was changed");
        assertThat(apply.err()).as("only the resource that moved").doesNotContain("fn.api.logs changed");
        assertThat(log.mutating()).as("no mutating call, the lock's included").isEmpty();
        assertThat(log.operations()).as("the plan was made again").contains("DescribeLogGroups");
    }

    @Test
    void aPlanFileHoldsNoSecretValue() throws IOException {
        assertThat(run("apply", "--env", "dev", "--auto-approve").exitCode()).isZero();
        setRetention(30);
        Path file = tmp.resolve("p.tfplan");
        assertThat(run("plan", "--env", "dev", "--out", file.toString()).exitCode())
                .isZero();

        String password = JSON.readTree(aws.secrets()
                        .getSecretValue(r -> r.secretId("tap/dev/rds/master"))
                        .secretString())
                .path("password")
                .asText();
        List<String> keyValues = aws
                .apigateway()
                .getApiKeys(r -> r.includeValues(true).limit(500))
                .items()
                .stream()
                .map(ApiKey::value)
                .toList();
        assertThat(password).hasSize(32);
        assertThat(keyValues).isNotEmpty().allMatch(v -> v != null && v.length() >= 20);
        String saved = Files.readString(file);
        assertThat(saved).contains("\"fingerprints\"").doesNotContain(password);
        keyValues.forEach(value -> assertThat(saved).doesNotContain(value));
    }

    @Test
    void aConfigurationChangeAfterThePlanMakesItStaleNamingTheFileAndTheResources() throws IOException {
        Path file = tmp.resolve("p.tfplan");
        assertThat(run("plan", "--env", "dev", "--out", file.toString()).exitCode())
                .isZero();
        setRetention(30);

        log.clear();
        CliRun.Result apply = run("apply", file.toString());

        assertThat(apply.exitCode()).as(apply.all()).isEqualTo(ExitCodes.FAILURE);
        assertThat(apply.err())
                .contains("error: plan is stale: the configuration changed since the plan was made (dev.yaml)")
                .contains("error: plan is stale: network.flowlogs.group changed since the plan was made");
        assertThat(log.mutating()).isEmpty();
    }

    @Test
    void aDamagedFileOneForAnotherRegionOrAccountOrEnvIsRefusedBeforeAnyChange() throws IOException {
        Path file = tmp.resolve("p.tfplan");
        assertThat(run("plan", "--env", "dev", "--out", file.toString()).exitCode())
                .isZero();
        String text = Files.readString(file);

        Path truncated = Files.writeString(tmp.resolve("truncated.tfplan"), text.substring(0, text.length() - 40));
        Path edited = Files.writeString(
                tmp.resolve("edited.tfplan"), text.replaceFirst("\"retentionDays\" : 14", "\"retentionDays\" : 1"));
        assertThat(Files.readString(edited)).isNotEqualTo(text);
        Path otherRegion = tmp.resolve("west.tfplan");
        assertThat(run("plan", "--env", "dev", "--region", "us-west-2", "--out", otherRegion.toString())
                        .exitCode())
                .isZero();
        Path otherAccount = resealed(file, "account", "999999999999");

        log.clear();
        assertRefused(run("apply", truncated.toString()), "not a tapctl plan file: truncated or not JSON");
        assertRefused(run("apply", edited.toString()), "its checksum does not match its content");
        assertThat(log.calls())
                .as("a damaged file is refused before any AWS call")
                .isEmpty();
        assertRefused(
                run("apply", otherRegion.toString()),
                "the plan was made for region us-west-2, but this run is for region " + emulator.region());
        assertThat(log.calls()).as("the region is known without asking AWS").isEmpty();
        assertRefused(
                run("apply", otherAccount.toString()),
                "the plan was made in account 999999999999, but the credentials are for account "
                        + emulator.accountId());
        assertThat(log.mutating()).isEmpty();

        CliRun.Result otherEnv = run("apply", file.toString(), "--env", "prod");
        assertThat(otherEnv.exitCode()).as(otherEnv.all()).isEqualTo(ExitCodes.USAGE);
        assertThat(otherEnv.err()).contains("--env prod: " + file + " is a plan of dev; leave --env out");
        CliRun.Result missing = run("apply", tmp.resolve("none.tfplan").toString());
        assertThat(missing.exitCode()).as(missing.all()).isEqualTo(ExitCodes.USAGE);
        CliRun.Result showDamaged = run("show", edited.toString());
        assertThat(showDamaged.exitCode()).as(showDamaged.all()).isEqualTo(ExitCodes.CONFIG);
        assertThat(log.mutating()).isEmpty();
    }

    private static void assertRefused(CliRun.Result result, String why) {
        assertThat(result.exitCode()).as(result.all()).isEqualTo(ExitCodes.CONFIG);
        assertThat(result.err()).contains(why).contains("nothing was changed");
    }

    /** A copy of {@code file} with {@code field} set and a checksum that matches, as only a deliberate edit makes. */
    private Path resealed(Path file, String field, String value) throws IOException {
        ObjectNode tree = (ObjectNode) JSON.readTree(file.toFile());
        tree.remove("checksum");
        tree.put(field, value);
        JsonNode canonical = LiveFingerprint.canonical(tree);
        tree.put("checksum", LiveFingerprint.sha256(canonical.toString()));
        Path copy = tmp.resolve(field + ".tfplan");
        Files.writeString(copy, JSON.writeValueAsString(tree));
        return copy;
    }

    @Test
    void planOutIsRefusedOfflineAndForADestroy() throws IOException {
        CliRun.Result offline = CliRun.offline()
                .run("plan", "--offline", "--out", tmp.resolve("x").toString());
        assertThat(offline.exitCode()).as(offline.all()).isEqualTo(ExitCodes.USAGE);
        assertThat(offline.err()).contains("--out: a saved plan is of an apply, made online; not with --offline");
        CliRun.Result destroy = run(
                "plan", "--env", "dev", "--destroy", "--out", tmp.resolve("y").toString());
        assertThat(destroy.exitCode()).as(destroy.all()).isEqualTo(ExitCodes.USAGE);
        assertThat(Files.exists(tmp.resolve("x"))).isFalse();
        assertThat(Files.exists(tmp.resolve("y"))).isFalse();
    }
}

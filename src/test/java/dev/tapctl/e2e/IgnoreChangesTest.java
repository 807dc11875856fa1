package dev.tapctl.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tapctl.testing.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.lambda.model.GetFunctionConfigurationResponse;

/**
 * {@code ignoreChanges} on the emulator: an ignored difference, whether someone changed the
 * object or the configuration changed, is shown and marked but is no change (exit 0 with
 * {@code --detailed-exitcode}, no mutating call on apply); an update for another difference leaves
 * it as AWS has it; without the rule it is drift as before; a protected environment refuses to
 * ignore a safeguard before any call.
 */
class IgnoreChangesTest extends StackFixture {
    private static final String RULE = "ignoreChanges:\n  fn.worker: [memoryMb]\n";

    @TempDir
    Path tmp;

    private Path dev;
    private String shippedDev;

    private GetFunctionConfigurationResponse worker() {
        return aws.lambda().getFunctionConfiguration(r -> r.functionName("tap-dev-worker"));
    }

    /** dev.yaml as shipped, then {@code yaml}. */
    private void devYaml(String yaml) throws IOException {
        Files.writeString(dev, shippedDev + "\n" + yaml);
    }

    private static JsonNode attribute(JsonNode change, String path) {
        for (JsonNode attribute : change.path("attributes")) {
            if (attribute.path("path").asText().equals(path)) {
                return attribute;
            }
        }
        throw new AssertionError("no attribute " + path + " in " + change);
    }

    @Test
    void anIgnoredMemoryIsShownButNeverChangedAndWithoutTheRuleItIsDrift() throws IOException {
        Path config = copyConfig(tmp);
        dev = config.resolve("dev.yaml");
        shippedDev = Files.readString(dev);
        CliRun run = tapctl.configDir(config);
        CliRun.Result created = run.run("apply", "--env", "dev", "--auto-approve");
        assertThat(created.exitCode()).as(created.all()).isZero();
        assertThat(worker().memorySize()).isEqualTo(128);

        // The configuration asks for more memory; the rule keeps what the function has.
        devYaml(RULE + "functions:\n  worker:\n    memoryMb: 512\n");
        CliRun.Result configured = run.run("plan", "--env", "dev", "--json", "--detailed-exitcode");
        assertThat(configured.exitCode()).as(configured.all()).isZero();
        JsonNode fromConfig = change(configured, "fn.worker");
        assertThat(fromConfig.path("action").asText()).isEqualTo("no-op");
        JsonNode memory = attribute(fromConfig, "memoryMb");
        assertThat(memory.path("ignored").asBoolean()).isTrue();
        assertThat(memory.path("ignoredBecause").asText()).isEqualTo("config");
        assertThat(memory.path("before").asInt()).isEqualTo(128);
        assertThat(memory.path("after").asInt()).isEqualTo(512);
        assertThat(run.run("plan", "--env", "dev").out()).contains("memoryMb: 128 -> 512  config (ignored)");
        log.clear();
        CliRun.Result notApplied = run.run("apply", "--env", "dev", "--auto-approve");
        assertThat(notApplied.exitCode()).as(notApplied.all()).isZero();
        assertThat(log.mutating())
                .as("mutating calls of an apply with only ignored differences")
                .isEmpty();
        assertThat(worker().memorySize()).isEqualTo(128);

        // Someone tunes the memory outside tapctl: drift, but ignored.
        devYaml(RULE);
        aws.lambda().updateFunctionConfiguration(r -> r.functionName("tap-dev-worker")
                .memorySize(256));
        CliRun.Result drifted = run.run("plan", "--env", "dev", "--json", "--detailed-exitcode");
        assertThat(drifted.exitCode()).as(drifted.all()).isZero();
        assertThat(changedIds(drifted)).isEmpty();
        JsonNode ignored = attribute(change(drifted, "fn.worker"), "memoryMb");
        assertThat(ignored.path("ignored").asBoolean()).isTrue();
        assertThat(ignored.path("ignoredBecause").asText()).isEqualTo("drift");
        assertThat(ignored.path("before").asInt()).isEqualTo(256);
        CliRun.Result text = run.run("plan", "--env", "dev", "--detailed-exitcode");
        assertThat(text.exitCode()).as(text.all()).isZero();
        assertThat(text.out()).contains("fn.worker", "memoryMb: 256 -> 128  drift (ignored)", "No changes");
        log.clear();
        CliRun.Result kept = run.run("apply", "--env", "dev", "--auto-approve");
        assertThat(kept.exitCode()).as(kept.all()).isZero();
        assertThat(log.mutating())
                .as("mutating calls of an apply with only ignored differences")
                .isEmpty();
        assertThat(worker().memorySize()).isEqualTo(256);

        // Without the rule, the same difference is drift, as it always was.
        devYaml("");
        CliRun.Result plain = run.run("plan", "--env", "dev", "--json", "--detailed-exitcode");
        assertThat(plain.exitCode()).as(plain.all()).isEqualTo(2);
        assertThat(changedIds(plain)).containsExactly("fn.worker");
        assertThat(change(plain, "fn.worker").path("reason").asText()).isEqualTo("drift");
        assertThat(attribute(change(plain, "fn.worker"), "memoryMb").has("ignored"))
                .isFalse();

        // With the rule and a real change beside it: the update writes the timeout, not the memory.
        devYaml(RULE + "functions:\n  worker:\n    timeoutSeconds: 45\n");
        CliRun.Result mixed = run.run("plan", "--env", "dev", "--json", "--detailed-exitcode");
        assertThat(mixed.exitCode()).as(mixed.all()).isEqualTo(2);
        assertThat(changedIds(mixed)).containsExactly("fn.worker");
        assertThat(attribute(change(mixed, "fn.worker"), "memoryMb")
                        .path("ignored")
                        .asBoolean())
                .isTrue();
        assertThat(attribute(change(mixed, "fn.worker"), "timeoutSeconds").has("ignored"))
                .isFalse();
        log.clear();
        CliRun.Result updated = run.run("apply", "--env", "dev", "--auto-approve");
        assertThat(updated.exitCode()).as(updated.all()).isZero();
        assertThat(log.matching(c -> c.operation().equals("UpdateFunctionConfiguration")))
                .hasSize(1);
        assertThat(worker().timeout()).isEqualTo(45);
        assertThat(worker().memorySize())
                .as("the ignored memory, as AWS had it")
                .isEqualTo(256);
        CliRun.Result after = run.run("plan", "--env", "dev", "--detailed-exitcode");
        assertThat(after.exitCode())
                .as("no hash-only update after writing around the ignored memory:%n%s", after.all())
                .isZero();
    }

    @Test
    void ignoringTheTablesKeyInProdIsRefusedBeforeAnyCall() throws IOException {
        Path config = copyConfig(tmp);
        Path prod = config.resolve("prod.yaml");
        Files.writeString(prod, Files.readString(prod) + "\nignoreChanges:\n  data.table: [kmsKeyArn]\n");

        CliRun.Result refused = tapctl.configDir(config).run("plan", "--env", "prod");

        assertThat(refused.exitCode()).as(refused.all()).isEqualTo(65);
        assertThat(refused.err())
                .contains("prod.yaml: ignoreChanges.data.table: prod is protected: kmsKeyArn of data.table");
        assertThat(log.calls()).as("AWS calls").isEmpty();
    }
}

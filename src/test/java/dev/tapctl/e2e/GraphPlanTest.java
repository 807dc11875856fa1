package dev.tapctl.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tapctl.testing.CliRun;
import dev.tapctl.testing.GraphReading;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code graph --plan}: each node is coloured by the action plan JSON gives it, in DOT and Mermaid. */
class GraphPlanTest extends StackFixture {
    /** The legend the README gives, written out here so the test does not read it from the code. */
    private static final Map<String, String> FILL = Map.of(
            "create", "#b7e4c7",
            "update", "#ffe8a3",
            "replace", "#ffc48c",
            "delete", "#f4a6a6",
            "retain", "#a9cce3",
            "no-op", "#e5e5e5");

    @Test
    void coloursMatchThePlansActionsForACreateAnUpdateAReplaceAndADelete(@TempDir Path dir) throws IOException {
        Path config = copyConfig(dir);
        String dev = Files.readString(config.resolve("dev.yaml"));
        Files.writeString(config.resolve("dev.yaml"), dev + "compute:\n  instanceCount: 2\n");
        CliRun run = tapctl.configDir(config);
        CliRun.Result applied = run.run("apply", "--env", "dev", "--auto-approve");
        assertThat(applied.exitCode()).as(applied.all()).isZero();

        // One instance fewer (a delete), a new database name (a replace), a shorter retention
        // (updates) and an email subscription (a create).
        Files.writeString(
                config.resolve("dev.yaml"),
                dev.replace("retentionDays: 14", "retentionDays: 7")
                        + "compute:\n  instanceCount: 1\n"
                        + "database:\n  databaseName: orders\n"
                        + "alarms:\n  email: [ops@example.com]\n");
        CliRun.Result plan = run.run("plan", "--env", "dev", "--json");
        assertThat(plan.exitCode()).as(plan.all()).isZero();
        Map<String, String> actions = new LinkedHashMap<>();
        for (JsonNode change : changes(plan)) {
            actions.put(change.path("id").asText(), change.path("action").asText());
        }
        assertThat(actions)
                .containsEntry("compute.app-2", "delete")
                .containsEntry("data.db", "replace")
                .containsEntry("network.flowlogs.group", "update")
                .containsEntry("alarms.email.1", "create");
        Map<String, String> expected = new LinkedHashMap<>();
        actions.forEach((id, action) -> expected.put(id, FILL.get(action)));

        CliRun.Result dot = run.run("graph", "--env", "dev", "--plan");
        assertThat(dot.exitCode()).as(dot.all()).isZero();
        assertThat(GraphReading.dotFills(dot.out())).isEqualTo(expected);

        CliRun.Result mermaid = run.run("graph", "--env", "dev", "--plan", "--format", "mermaid");
        assertThat(mermaid.exitCode()).as(mermaid.all()).isZero();
        assertThat(GraphReading.mermaid(mermaid.out()).fills()).isEqualTo(expected);
    }
}

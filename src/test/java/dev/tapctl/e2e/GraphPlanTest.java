package dev.tapctl.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tapctl.testing.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

    private static final Pattern DOT_NODE =
            Pattern.compile("^\\s*\"([^\"]+)\" \\[label=\"[^\\]]*\", fillcolor=\"([^\"]+)\"\\];$", Pattern.MULTILINE);
    private static final Pattern MERMAID_NODE =
            Pattern.compile("^\\s*n\\d+\\[\"(?:\\S+ )?([a-z0-9.-]+)<br/>[^\"]*\"\\]:::(\\w+)$", Pattern.MULTILINE);
    private static final Pattern MERMAID_CLASS =
            Pattern.compile("^\\s*classDef (\\w+) fill:(#[0-9a-f]{6})$", Pattern.MULTILINE);

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
        assertThat(dotFills(dot.out())).isEqualTo(expected);

        CliRun.Result mermaid = run.run("graph", "--env", "dev", "--plan", "--format", "mermaid");
        assertThat(mermaid.exitCode()).as(mermaid.all()).isZero();
        assertThat(mermaidFills(mermaid.out())).isEqualTo(expected);
    }

    private static Map<String, String> dotFills(String dot) {
        Map<String, String> fills = new LinkedHashMap<>();
        Matcher m = DOT_NODE.matcher(dot);
        while (m.find()) {
            fills.put(m.group(1), m.group(2));
        }
        return fills;
    }

    private static Map<String, String> mermaidFills(String mermaid) {
        Map<String, String> classFills = new LinkedHashMap<>();
        Matcher classes = MERMAID_CLASS.matcher(mermaid);
        while (classes.find()) {
            classFills.put(classes.group(1), classes.group(2));
        }
        Map<String, String> fills = new LinkedHashMap<>();
        Matcher m = MERMAID_NODE.matcher(mermaid);
        while (m.find()) {
            fills.put(m.group(1), classFills.get(m.group(2)));
        }
        return fills;
    }
}

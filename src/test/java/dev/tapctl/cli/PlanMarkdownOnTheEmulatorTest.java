package dev.tapctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tapctl.testing.CallLog;
import dev.tapctl.testing.CliRun;
import dev.tapctl.testing.Emulator;
import dev.tapctl.testing.EmulatorExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code plan --format markdown} of a real plan that replaces and deletes: after an apply of dev,
 * the database is renamed (a replacement) and the API's client renamed (its key and usage-plan
 * membership become orphans to delete). Every replacement and deletion the JSON plan has is in the
 * table above the fold, and nothing else is.
 */
@ExtendWith(EmulatorExtension.class)
class PlanMarkdownOnTheEmulatorTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyReplaceAndDeleteOfARealPlanIsAboveTheFold(Emulator emulator, @TempDir Path dir) throws Exception {
        CliRun tapctl = CliRun.against(emulator, new CallLog());
        CliRun.Result apply = tapctl.run("apply", "--env", "dev", "--auto-approve");
        assertThat(apply.exitCode()).as(apply.all()).isZero();
        Path config = copyConfig(dir);
        Files.writeString(
                config.resolve("dev.yaml"),
                Files.readString(config.resolve("dev.yaml"))
                        + "database:\n  databaseName: orders\napi:\n  apiKeys: [web]\n");
        CliRun changed = tapctl.configDir(config);

        CliRun.Result json = changed.run("plan", "--env", "dev", "--json");
        CliRun.Result markdown = changed.run("plan", "--env", "dev", "--format", "markdown");

        assertThat(markdown.exitCode()).as(markdown.all()).isZero();
        JsonNode plan = JSON.readTree(json.out());
        List<String> destructive = new ArrayList<>();
        List<String> others = new ArrayList<>();
        for (JsonNode change : plan.path("changes")) {
            String action = change.path("action").asText();
            if (action.equals("replace") || action.equals("delete")) {
                destructive.add(change.path("id").asText());
            } else if (!action.equals("no-op")) {
                others.add(change.path("id").asText());
            }
        }
        assertThat(destructive).contains("data.db", "api.key.default");
        JsonNode summary = plan.path("summary");
        String out = markdown.out();
        assertThat(out)
                .startsWith("**Plan for `dev` (us-east-1): %d to create, %d to update, %d to replace, %d to delete, "
                        .formatted(
                                summary.path("create").asInt(),
                                summary.path("update").asInt(),
                                summary.path("replace").asInt(),
                                summary.path("delete").asInt()));
        String above = out.substring(0, out.indexOf("<details>"));
        String folded = out.substring(out.indexOf("<details>"));
        assertThat(above).contains("#### Replaced or deleted (" + destructive.size() + ")");
        for (String id : destructive) {
            assertThat(above).contains("| `" + id + "` |");
            assertThat(folded).doesNotContain(" " + id + "  ");
        }
        for (String id : others) {
            assertThat(above).doesNotContain("`" + id + "`");
            assertThat(folded).contains(" " + id + "  ");
        }
        assertThat(above)
                .contains("| `-/+` | `data.db` | `aws.rds.db-instance` | `tap-dev-db` | config: `databaseName`")
                .contains("deleted after a final snapshot, then created anew: its data stays only in the snapshot");
    }

    private static Path copyConfig(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(Path.of("config"))) {
            for (Path file : files.toList()) {
                Files.copy(file, dir.resolve(file.getFileName()));
            }
        }
        return dir;
    }
}

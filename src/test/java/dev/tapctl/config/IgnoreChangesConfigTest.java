package dev.tapctl.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The optional {@code ignoreChanges} key: its shape, and how defaults.yaml and an environment's file merge. */
class IgnoreChangesConfigTest {
    @TempDir
    Path dir;

    private TapConfig load(String defaultsExtra, String devYaml) throws IOException {
        Files.writeString(dir.resolve("defaults.yaml"), ConfigLoaderTest.DEFAULTS + "\n" + defaultsExtra);
        Files.writeString(dir.resolve("dev.yaml"), devYaml);
        return new ConfigLoader().load(dir, "dev");
    }

    @Test
    void absentMeansNothingIgnored() throws IOException {
        assertThat(load("", "").ignoreChanges()).isEmpty();
    }

    @Test
    void dottedAndNestedTargetsReadTheSame() throws IOException {
        TapConfig config = load("", "ignoreChanges:\n  fn.worker: [memoryMb]\n  data:\n    table: [tags.CostCenter]\n");

        assertThat(config.ignoreChanges())
                .containsExactly(
                        new TapConfig.IgnoreRule("fn.worker", List.of("memoryMb")),
                        new TapConfig.IgnoreRule("data.table", List.of("tags.CostCenter")));
    }

    @Test
    void anEnvironmentsListReplacesTheDefaultsListForTheSameTargetAndKeepsTheOthers() throws IOException {
        TapConfig config = load(
                "ignoreChanges:\n  fn.*: [memoryMb]\n  data.table: [tags.Team]\n",
                "ignoreChanges:\n  fn.*: [timeoutSeconds]\n");

        assertThat(config.ignoreChanges())
                .containsExactlyInAnyOrder(
                        new TapConfig.IgnoreRule("fn.*", List.of("timeoutSeconds")),
                        new TapConfig.IgnoreRule("data.table", List.of("tags.Team")));
    }

    @Test
    void everyBadShapeIsReportedAtOnceNamingTheFileAndKey() {
        assertThatThrownBy(() -> load("", """
                        ignoreChanges:
                          fn/worker: [memoryMb]
                          fn.api: [memoryMb, memoryMb, "tags.", 3]
                          fn.worker: {}
                          data.table: [kmsKeyArn]
                          data: {table: [tags.Team]}
                        """))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems())
                        .anySatisfy(p -> assertThat(p)
                                .contains("dev.yaml: ignoreChanges.fn/worker: \"fn/worker\" is not a resource id"))
                        .anySatisfy(
                                p -> assertThat(p).contains("dev.yaml: ignoreChanges.fn.api: memoryMb is listed twice"))
                        .anySatisfy(p -> assertThat(p)
                                .contains("dev.yaml: ignoreChanges.fn.api: \"tags.\" is not an attribute path"))
                        .anySatisfy(p ->
                                assertThat(p).contains("dev.yaml: ignoreChanges.fn.api: 3 is not an attribute path"))
                        .anySatisfy(p -> assertThat(p).contains("dev.yaml: ignoreChanges.data.table: is set twice")));
    }

    @Test
    void aMappingOfNothingIsNoRule() throws IOException {
        // fn.worker: {} names no list: nothing to ignore, and nothing to refuse.
        assertThat(load("", "ignoreChanges:\n  fn.worker: {}\n").ignoreChanges())
                .isEmpty();
    }

    @Test
    void notAMappingIsRefused() {
        assertThatThrownBy(() -> load("ignoreChanges: [fn.worker]\n", ""))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("defaults.yaml: ignoreChanges: expected a mapping of resource ids");
    }
}

package dev.tapctl.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The optional {@code account} and {@code timeouts} keys, and the durations they are written in. */
class RunBoundsTest {
    @TempDir
    Path dir;

    private TapConfig load(String devYaml) throws IOException {
        Files.writeString(dir.resolve("defaults.yaml"), ConfigLoaderTest.DEFAULTS);
        Files.writeString(dir.resolve("dev.yaml"), devYaml);
        return new ConfigLoader().load(dir, "dev");
    }

    @Test
    void neitherKeyIsRequired() throws IOException {
        TapConfig config = load("");

        assertThat(config.expectedAccount()).isEmpty();
        assertThat(config.timeouts()).isEmpty();
    }

    @Test
    void theAccountIsKeptAsWritten() throws IOException {
        assertThat(load("account: \"012345678901\"\n").expectedAccount()).contains("012345678901");
    }

    @Test
    void timeoutsReadTheSameDottedOrNested() throws IOException {
        TapConfig config = load("""
                timeouts:
                  data.db:
                    create: 90m
                    update: 1h30m
                  aws:
                    rds:
                      db-instance:
                        delete: 2h
                  fn.api.create: 45s
                """);

        assertThat(config.timeouts())
                .containsExactlyInAnyOrder(
                        new TapConfig.WaitTimeout("data.db", "create", Duration.ofMinutes(90)),
                        new TapConfig.WaitTimeout("data.db", "update", Duration.ofMinutes(90)),
                        new TapConfig.WaitTimeout("aws.rds.db-instance", "delete", Duration.ofHours(2)),
                        new TapConfig.WaitTimeout("fn.api", "create", Duration.ofSeconds(45)));
    }

    @Test
    void theSameTimeoutTwiceIsRefused() {
        assertThatThrownBy(() -> load("timeouts:\n  data.db: {create: 90m}\n  data: {db: {create: 2h}}\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("dev.yaml: timeouts.data.db.create: is set twice");
    }

    @Test
    void everyBadTimeoutIsReportedAtOnce() {
        assertThatThrownBy(() -> load("timeouts:\n  data.db: {create: 0s, delete: soon}\n  create: 5m\n"))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems())
                        .hasSize(3)
                        .anySatisfy(p -> assertThat(p).contains("timeouts.data.db.create: 0s is out of range"))
                        .anySatisfy(p -> assertThat(p).contains("timeouts.data.db.delete: expected a duration"))
                        .anySatisfy(p -> assertThat(p).contains("timeouts.create: name a resource id or kind first")));
    }

    @Test
    void durationsParseAndFormatAsWritten() {
        assertThat(Durations.parse("30s")).contains(Duration.ofSeconds(30));
        assertThat(Durations.parse("90m")).contains(Duration.ofMinutes(90));
        assertThat(Durations.parse("2h")).contains(Duration.ofHours(2));
        assertThat(Durations.parse("1h5m3s")).contains(Duration.ofSeconds(3903));
        assertThat(Durations.parse("")).isEmpty();
        assertThat(Durations.parse("5 m")).isEmpty();
        assertThat(Durations.parse("m")).isEmpty();
        assertThat(Durations.parse("3m2h")).isEmpty();

        assertThat(Durations.format(Duration.ofMinutes(90))).isEqualTo("90m");
        assertThat(Durations.format(Duration.ofHours(2))).isEqualTo("2h");
        assertThat(Durations.format(Duration.ofSeconds(250))).isEqualTo("4m10s");
        assertThat(Durations.format(Duration.ofSeconds(45))).isEqualTo("45s");
        assertThat(Durations.format(Duration.ofSeconds(3903))).isEqualTo("1h05m03s");
    }
}

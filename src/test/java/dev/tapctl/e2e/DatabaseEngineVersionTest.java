package dev.tapctl.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tapctl.testing.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.model.Filter;

/**
 * The configured PostgreSQL version must be one RDS creates: a database to be created at a version
 * RDS no longer offers is a configuration error (exit 65) found before anything changes; a
 * database that exists is never refused for its version.
 */
class DatabaseEngineVersionTest extends StackFixture {
    private static final String DESCRIBE_VERSIONS = "DescribeDBEngineVersions";
    private static final String RETIRED_16_4 =
            "database.engineVersion: PostgreSQL 16.4 is not offered by RDS in us-east-1 "
                    + "(retired?); offered: 16.9, 16.10, 16.11; or give the major version \"16\"";

    @Test
    void aRetiredVersionInDefaultsIsRefusedByPlanAndApplyWithExit65BeforeAnyChange(@TempDir Path dir)
            throws IOException {
        Path config = withDefaultVersion(copyConfig(dir), "16.4");
        CliRun retired = tapctl.configDir(config);

        CliRun.Result plan = retired.run("plan", "--env", "dev");
        assertThat(plan.exitCode()).as(plan.all()).isEqualTo(65);
        assertThat(plan.err())
                .isEqualTo("error: " + config.resolve("defaults.yaml") + ": " + RETIRED_16_4 + System.lineSeparator());
        assertThat(plan.out()).isEmpty();
        assertThat(log.mutating()).isEmpty();
        assertThat(log.matching(call -> call.operation().equals(DESCRIBE_VERSIONS)))
                .hasSize(1);

        log.clear();
        CliRun.Result apply = retired.run("apply", "--env", "dev", "--auto-approve");
        assertThat(apply.exitCode()).as(apply.all()).isEqualTo(65);
        assertThat(apply.err())
                .isEqualTo("error: " + config.resolve("defaults.yaml") + ": " + RETIRED_16_4 + System.lineSeparator());
        assertThat(apply.out()).as("no plan shown: it is shown under the lock").isEmpty();
        assertThat(log.mutating()).as("no lock taken, nothing created").isEmpty();
        assertThat(aws.ec2()
                        .describeVpcs(r -> r.filters(Filter.builder()
                                .name("tag:Project")
                                .values("tap")
                                .build()))
                        .vpcs())
                .isEmpty();
    }

    @Test
    void theEnvironmentFileThatSetsTheVersionIsTheOneNamed(@TempDir Path dir) throws IOException {
        Path config = copyConfig(dir);
        Files.writeString(
                config.resolve("dev.yaml"),
                Files.readString(config.resolve("dev.yaml")) + "database:\n  engineVersion: \"16.8\"\n");

        CliRun.Result apply = tapctl.configDir(config).run("apply", "--env", "dev", "--auto-approve");

        assertThat(apply.exitCode()).as(apply.all()).isEqualTo(65);
        assertThat(apply.err())
                .startsWith("error: " + config.resolve("dev.yaml") + ": database.engineVersion: "
                        + "PostgreSQL 16.8 is not offered by RDS in us-east-1 (retired?); offered: 16.9, 16.10, 16.11");
        assertThat(log.mutating()).isEmpty();
    }

    @Test
    void theMajorVersionCreatesTheNewestMinorAndTheNextPlanSeesNoChange() {
        CliRun.Result apply = tapctl.run("apply", "--env", "dev", "--auto-approve");
        assertThat(apply.exitCode()).as(apply.all()).isZero();
        assertThat(engineVersion()).isEqualTo("16.11");

        log.clear();
        CliRun.Result plan = tapctl.run("plan", "--env", "dev", "--detailed-exitcode");
        assertThat(plan.exitCode()).as(plan.all()).isZero();
        assertThat(log.matching(call -> call.operation().equals(DESCRIBE_VERSIONS)))
                .as("the database exists")
                .isEmpty();
    }

    @Test
    void aFullVersionRdsOffersIsCreatedAsItIs(@TempDir Path dir) throws IOException {
        CliRun pinned = tapctl.configDir(withDefaultVersion(copyConfig(dir), "16.11"));

        CliRun.Result apply = pinned.run("apply", "--env", "dev", "--auto-approve");

        assertThat(apply.exitCode()).as(apply.all()).isZero();
        assertThat(engineVersion()).isEqualTo("16.11");
        assertThat(pinned.run("plan", "--env", "dev", "--detailed-exitcode").exitCode())
                .isZero();
    }

    @Test
    void anExistingDatabaseAtARetiredVersionIsNeverRefused(@TempDir Path dir) throws IOException {
        assertThat(tapctl.run("apply", "--env", "dev", "--auto-approve").exitCode())
                .isZero();
        // As if created in 2024, before RDS retired 16.4, and not upgraded yet.
        aws.rds().modifyDBInstance(r -> r.dbInstanceIdentifier("tap-dev-db")
                .engineVersion("16.4")
                .applyImmediately(true));
        assertThat(engineVersion()).isEqualTo("16.4");
        CliRun asConfigured = tapctl.configDir(withDefaultVersion(copyConfig(dir), "16.4"));

        log.clear();
        CliRun.Result plan = asConfigured.run("plan", "--env", "dev");
        CliRun.Result apply = asConfigured.run("apply", "--env", "dev", "--auto-approve");
        CliRun.Result again = asConfigured.run("plan", "--env", "dev", "--detailed-exitcode");
        CliRun.Result major = tapctl.run("plan", "--env", "dev", "--json");

        assertThat(plan.exitCode()).as(plan.all()).isZero();
        // The configuration changed (16 -> 16.4), the database did not: only its spec-hash tag is written.
        assertThat(apply.exitCode()).as(apply.all()).isZero();
        assertThat(again.exitCode()).as(again.all()).isZero();
        assertThat(major.exitCode()).as(major.all()).isZero();
        assertThat(change(major, "data.db").path("attributes").toString())
                .as("16 is met by 16.4")
                .doesNotContain("engineVersion");
        assertThat(log.matching(call -> call.operation().equals(DESCRIBE_VERSIONS)))
                .isEmpty();
        assertThat(log.matching(call -> call.operation().equals("ModifyDBInstance")))
                .isEmpty();
        assertThat(engineVersion()).isEqualTo("16.4");
    }

    private String engineVersion() {
        return aws.rds()
                .describeDBInstances(r -> r.dbInstanceIdentifier("tap-dev-db"))
                .dbInstances()
                .get(0)
                .engineVersion();
    }

    /** {@code config} with {@code database.engineVersion} set to {@code version} in defaults.yaml. */
    private static Path withDefaultVersion(Path config, String version) throws IOException {
        Path defaults = config.resolve("defaults.yaml");
        String text = Files.readString(defaults);
        String edited = text.replace("engineVersion: \"16\"", "engineVersion: \"" + version + "\"");
        assertThat(edited).as("defaults.yaml sets the version").isNotEqualTo(text);
        Files.writeString(defaults, edited);
        return config;
    }
}

package dev.tapctl.resources.rds;

import dev.tapctl.engine.spi.AttributeChange;
import dev.tapctl.engine.spi.CreationRefusal;
import dev.tapctl.stack.spec.DbInstanceSpec;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBEngineVersion;

/**
 * The engine versions RDS offers, and what a configured version means against the one an
 * instance runs: the configured version is what the instance must at least run.
 */
final class EngineVersions {
    private final RdsClient rds;

    EngineVersions(RdsClient rds) {
        this.rds = rds;
    }

    /**
     * RDS creates only the engine versions it offers in the region now: it retires minor versions
     * (of PostgreSQL, 16.1 to 16.8 and their 14, 15 and 17 peers by May 2026) and answers a
     * CreateDBInstance of one with InvalidParameterCombination "Cannot find version 16.4 for
     * postgres", after the key, the secret and the network were made for it. One question tells
     * beforehand: DescribeDBEngineVersions of the engine and the major version (RDS matches "16"
     * to every 16.x; only available versions unless IncludeAll), paged as AWS pages it. A
     * major-only version is met by any minor offered (RDS creates its newest), a full version only
     * by itself. Only when no minor of that major is offered is the engine's whole list asked
     * for, to name the majors there are.
     *
     * <p>AWS: https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DescribeDBEngineVersions.html,
     * https://docs.aws.amazon.com/AmazonRDS/latest/PostgreSQLReleaseNotes/postgresql-release-calendar.html
     * and .../PostgreSQLReleaseNotes/postgresql-versions.html.
     */
    Optional<CreationRefusal> refusal(DbInstanceSpec desired) {
        String version = desired.engineVersion();
        String major = major(version);
        boolean majorOnly = version.equals(major);
        List<String> offered = offered(desired.engine(), major);
        if (majorOnly ? !offered.isEmpty() : offered.contains(version)) {
            return Optional.empty();
        }
        String refused = engineName(desired.engine()) + " " + version + " is not offered by RDS in "
                + rds.serviceClientConfiguration().region().id() + (majorOnly ? "" : " (retired?)");
        if (offered.isEmpty()) {
            List<String> majors = offered(desired.engine(), null).stream()
                    .map(EngineVersions::major)
                    .distinct()
                    .toList();
            return Optional.of(new CreationRefusal(
                    "engineVersion",
                    refused + "; offered major versions: " + (majors.isEmpty() ? "none" : String.join(", ", majors))));
        }
        return Optional.of(new CreationRefusal(
                "engineVersion",
                refused + "; offered: " + String.join(", ", offered) + "; or give the major version \"" + major
                        + "\""));
    }

    /** The versions of {@code engine} RDS offers, all or those of one major version, oldest first. */
    private List<String> offered(String engine, String major) {
        return rds
                .describeDBEngineVersionsPaginator(r -> r.engine(engine).engineVersion(major))
                .dbEngineVersions()
                .stream()
                .map(DBEngineVersion::engineVersion)
                .filter(v -> major == null || isPrefix(major, v))
                .distinct()
                .sorted(EngineVersions::compare)
                .toList();
    }

    private static String engineName(String engine) {
        return engine.equals("postgres") ? "PostgreSQL" : engine;
    }

    /**
     * The configured version is what the instance must at least run, like Terraform's
     * {@code engine_version}: "16" is met by any 16.x, "16.4" by 16.4 and by the minor upgrades
     * RDS applies on its own (AutoMinorVersionUpgrade is on by default, and RDS never goes back).
     * A higher version is an in-place upgrade; only a lower major version cannot be had without a
     * new instance, and a replacement of the database is refused unless the user names it.
     */
    static Optional<AttributeChange> change(String desired, String live) {
        if (live == null || desired == null || Objects.equals(desired, live) || isPrefix(desired, live)) {
            return Optional.empty();
        }
        if (compare(desired, live) > 0) {
            return Optional.of(AttributeChange.of("engineVersion", live, desired));
        }
        if (major(desired).equals(major(live))) {
            return Optional.empty();
        }
        return Optional.of(AttributeChange.replacing("engineVersion", live, desired));
    }

    static String major(String version) {
        return version == null ? "" : version.split("\\.")[0];
    }

    /** Whether every component of {@code version} is the same component of {@code of}: "16" of "16.4". */
    private static boolean isPrefix(String version, String of) {
        String[] parts = version.split("\\.");
        String[] whole = of.split("\\.");
        if (parts.length > whole.length) {
            return false;
        }
        for (int i = 0; i < parts.length; i++) {
            if (!parts[i].equals(whole[i])) {
                return false;
            }
        }
        return true;
    }

    private static int compare(String a, String b) {
        String[] left = a.split("\\.");
        String[] right = b.split("\\.");
        for (int i = 0; i < Math.max(left.length, right.length); i++) {
            int l = i < left.length ? parse(left[i]) : 0;
            int r = i < right.length ? parse(right[i]) : 0;
            if (l != r) {
                return Integer.compare(l, r);
            }
        }
        return 0;
    }

    private static int parse(String part) {
        try {
            return Integer.parseInt(part.replaceAll("\\D.*", ""));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}

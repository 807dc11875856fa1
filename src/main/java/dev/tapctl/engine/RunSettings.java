package dev.tapctl.engine;

import java.util.Set;

/**
 * What one engine run works with: where, as which account, how wide, and what the user allowed.
 * {@code accountId} is an {@link dev.tapctl.engine.spi.Unknown} placeholder in an offline plan;
 * {@code orphans} is null when the run does not look for orphans (offline, or a test's choice).
 */
public record RunSettings(
        String env,
        String region,
        String accountId,
        int parallelism,
        Set<String> allowReplace,
        ProgressListener progress,
        OrphanScope orphans) {
    public RunSettings {
        allowReplace = Set.copyOf(allowReplace);
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1");
        }
    }

    /** A run that does not look for orphans. */
    public RunSettings(
            String env,
            String region,
            String accountId,
            int parallelism,
            Set<String> allowReplace,
            ProgressListener progress) {
        this(env, region, accountId, parallelism, allowReplace, progress, null);
    }

    /** The same run with other progress reporting. */
    public RunSettings withProgress(ProgressListener listener) {
        return new RunSettings(env, region, accountId, parallelism, allowReplace, listener, orphans);
    }

    /** Where orphans are looked for: the project and the prefix of every name of the environment. */
    public record OrphanScope(String project, String namePrefix) {}
}

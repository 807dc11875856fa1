package dev.tapctl.engine;

import io.soabase.recordbuilder.core.RecordBuilder;
import java.util.Set;

/**
 * What one engine run works with: where, as which account, how wide, and what the user allowed.
 * {@code accountId} is an {@link dev.tapctl.engine.spi.Unknown} placeholder in an offline plan;
 * {@code orphans} is null when the run does not look for orphans (offline, or a test's choice);
 * {@code waitLimits} are the configured bounds of resources' waits ({@code timeouts});
 * {@code ignored} the attribute paths apply leaves as AWS has them ({@code ignoreChanges});
 * {@code runReads} the reads every plan of a run shares (a drift over several environments,
 * see {@link PlanReads#across}), null when each plan shares only its own. The {@code withX} copies
 * ({@code withProgress}, {@code withOrphans}, {@code withWaitLimits}, {@code withIgnored}, {@code withRunReads}: the last only
 * for a run that changes nothing) are generated ({@link RunSettingsBuilder.With}).
 */
@RecordBuilder
public record RunSettings(
        String env,
        String region,
        String accountId,
        int parallelism,
        Set<String> allowReplace,
        ProgressListener progress,
        OrphanScope orphans,
        WaitLimits waitLimits,
        IgnoredPaths ignored,
        PlanReads runReads)
        implements RunSettingsBuilder.With {
    public RunSettings {
        allowReplace = Set.copyOf(allowReplace);
        java.util.Objects.requireNonNull(waitLimits, "waitLimits");
        java.util.Objects.requireNonNull(ignored, "ignored");
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1");
        }
    }

    /**
     * A run that does not look for orphans, keeps its handlers' built-in wait bounds, ignores no
     * difference and shares only its own plans' reads; the generated {@code withX} copies set the rest.
     */
    public RunSettings(
            String env,
            String region,
            String accountId,
            int parallelism,
            Set<String> allowReplace,
            ProgressListener progress) {
        this(
                env,
                region,
                accountId,
                parallelism,
                allowReplace,
                progress,
                null,
                WaitLimits.NONE,
                IgnoredPaths.NONE,
                null);
    }

    /** The reads one plan of this run shares: the run's, or a fresh set of its own. */
    PlanReads planReads() {
        return runReads != null ? runReads : new PlanReads();
    }

    /** Where orphans are looked for: the project and the prefix of every name of the environment. */
    public record OrphanScope(String project, String namePrefix) {}
}

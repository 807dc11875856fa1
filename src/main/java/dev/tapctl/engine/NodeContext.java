package dev.tapctl.engine;

import dev.tapctl.engine.spi.HandlerContext;
import dev.tapctl.engine.spi.ReadsAtOnce;
import dev.tapctl.engine.spi.SharedReads;
import java.time.Duration;
import java.util.Optional;

/**
 * The handler context of one resource in one run; {@code reads} are shared and {@code atOnce}
 * runs a read's calls at the same time only within a plan; {@code configuredWait} is the
 * configured bound of its waits in this step, null for the built-in one.
 */
record NodeContext(
        String logicalId,
        String specHash,
        ProgressListener progress,
        SharedReads reads,
        ReadsAtOnce atOnce,
        Duration configuredWait)
        implements HandlerContext {

    NodeContext(
            String logicalId, String specHash, ProgressListener progress, SharedReads reads, Duration configuredWait) {
        this(logicalId, specHash, progress, reads, ReadsAtOnce.NONE, configuredWait);
    }

    /** A plan's context: shared reads, and a read's calls at once. */
    NodeContext(String logicalId, String specHash, ProgressListener progress, SharedReads reads, ReadsAtOnce atOnce) {
        this(logicalId, specHash, progress, reads, atOnce, null);
    }

    /** A context whose reads are all fresh: what applies, destroys and orphan removals get. */
    NodeContext(String logicalId, String specHash, ProgressListener progress) {
        this(logicalId, specHash, progress, SharedReads.NONE, ReadsAtOnce.NONE, null);
    }

    @Override
    public void status(String message) {
        progress.status(logicalId, message);
    }

    @Override
    public Optional<Duration> waitLimit() {
        return Optional.ofNullable(configuredWait);
    }

    @Override
    public void waiting(String forWhat, Duration limit) {
        progress.waiting(logicalId, "waiting for " + forWhat, limit);
    }
}

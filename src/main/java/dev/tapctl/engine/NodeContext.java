package dev.tapctl.engine;

import dev.tapctl.engine.spi.HandlerContext;
import dev.tapctl.engine.spi.SharedReads;
import java.time.Duration;
import java.util.Optional;

/**
 * The handler context of one resource in one run; {@code reads} are shared only within a plan;
 * {@code configuredWait} is the configured bound of its waits in this step, null for the built-in one.
 */
record NodeContext(
        String logicalId, String specHash, ProgressListener progress, SharedReads reads, Duration configuredWait)
        implements HandlerContext {

    NodeContext(String logicalId, String specHash, ProgressListener progress, SharedReads reads) {
        this(logicalId, specHash, progress, reads, null);
    }

    /** A context whose reads are all fresh: what applies, destroys and orphan removals get. */
    NodeContext(String logicalId, String specHash, ProgressListener progress) {
        this(logicalId, specHash, progress, SharedReads.NONE);
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

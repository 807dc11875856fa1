package dev.tapctl.engine;

import dev.tapctl.engine.spi.HandlerContext;
import dev.tapctl.engine.spi.SharedReads;

/** The handler context of one resource in one run; {@code reads} are shared only within a plan. */
record NodeContext(String logicalId, String specHash, ProgressListener progress, SharedReads reads)
        implements HandlerContext {

    /** A context whose reads are all fresh: what applies, destroys and orphan removals get. */
    NodeContext(String logicalId, String specHash, ProgressListener progress) {
        this(logicalId, specHash, progress, SharedReads.NONE);
    }

    @Override
    public void status(String message) {
        progress.status(logicalId, message);
    }
}

package dev.tapctl.engine;

import dev.tapctl.engine.spi.HandlerContext;

/** The handler context of one resource in one run. */
record NodeContext(String logicalId, String specHash, ProgressListener progress) implements HandlerContext {
    @Override
    public void status(String message) {
        progress.status(logicalId, message);
    }
}

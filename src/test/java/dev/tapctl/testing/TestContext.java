package dev.tapctl.testing;

import dev.tapctl.engine.spi.HandlerContext;
import dev.tapctl.engine.spi.SharedReads;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A handler context with a fixed spec hash that remembers the progress it was told. */
public final class TestContext implements HandlerContext {
    private final String logicalId;
    private final String specHash;
    private final SharedReads reads;
    public final List<String> statuses = new CopyOnWriteArrayList<>();

    public TestContext(String logicalId, String specHash, SharedReads reads) {
        this.logicalId = logicalId;
        this.specHash = specHash;
        this.reads = reads;
    }

    public TestContext(String logicalId, String specHash) {
        this(logicalId, specHash, SharedReads.NONE);
    }

    public TestContext(String logicalId) {
        this(logicalId, "hash-1");
    }

    /** The same context reading through {@code shared}, as a plan's reads do. */
    public TestContext sharing(SharedReads shared) {
        return new TestContext(logicalId, specHash, shared);
    }

    @Override
    public String logicalId() {
        return logicalId;
    }

    @Override
    public String specHash() {
        return specHash;
    }

    @Override
    public SharedReads reads() {
        return reads;
    }

    @Override
    public void status(String message) {
        statuses.add(message);
    }
}

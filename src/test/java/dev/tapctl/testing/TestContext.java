package dev.tapctl.testing;

import dev.tapctl.engine.spi.HandlerContext;
import dev.tapctl.engine.spi.ReadsAtOnce;
import dev.tapctl.engine.spi.SharedReads;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A handler context with a fixed spec hash that remembers the progress it was told. */
public final class TestContext implements HandlerContext {
    private final String logicalId;
    private final String specHash;
    private final SharedReads reads;
    private final ReadsAtOnce atOnce;
    public final List<String> statuses = new CopyOnWriteArrayList<>();

    public TestContext(String logicalId, String specHash, SharedReads reads) {
        this(logicalId, specHash, reads, ReadsAtOnce.NONE);
    }

    private TestContext(String logicalId, String specHash, SharedReads reads, ReadsAtOnce atOnce) {
        this.logicalId = logicalId;
        this.specHash = specHash;
        this.reads = reads;
        this.atOnce = atOnce;
    }

    public TestContext(String logicalId, String specHash) {
        this(logicalId, specHash, SharedReads.NONE);
    }

    public TestContext(String logicalId) {
        this(logicalId, "hash-1");
    }

    /** The same context reading through {@code shared}, as a plan's reads do. */
    public TestContext sharing(SharedReads shared) {
        return new TestContext(logicalId, specHash, shared, atOnce);
    }

    /** The same context making a read's independent calls through {@code calls}, as a plan does. */
    public TestContext readingAtOnce(ReadsAtOnce calls) {
        return new TestContext(logicalId, specHash, reads, calls);
    }

    @Override
    public ReadsAtOnce atOnce() {
        return atOnce;
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

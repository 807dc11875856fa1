package dev.tapctl.testing;

import dev.tapctl.engine.spi.HandlerContext;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A handler context with a fixed spec hash that remembers the progress it was told. */
public final class TestContext implements HandlerContext {
    private final String logicalId;
    private final String specHash;
    public final List<String> statuses = new CopyOnWriteArrayList<>();

    public TestContext(String logicalId, String specHash) {
        this.logicalId = logicalId;
        this.specHash = specHash;
    }

    public TestContext(String logicalId) {
        this(logicalId, "hash-1");
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
    public void status(String message) {
        statuses.add(message);
    }
}

package dev.tapctl.engine;

import dev.tapctl.engine.spi.DeleteResult;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A destroy that could not tear everything down. What it did do (a final snapshot taken, objects
 * deleted, keys scheduled) is part of the failure: the user needs the snapshot's id all the more.
 */
public final class DestroyFailedException extends RunFailedException {
    private final Map<String, DeleteResult> done;

    DestroyFailedException(Map<String, NodeResult> results, Map<String, DeleteResult> done) {
        super("destroy failed", results);
        this.done = Collections.unmodifiableMap(new LinkedHashMap<>(done));
    }

    /** What happened to the resources that were torn down or kept before the failure, in teardown order. */
    public Map<String, DeleteResult> done() {
        return done;
    }
}

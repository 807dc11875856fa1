package dev.tapctl.engine;

import java.util.Map;

/** Some nodes of a run failed; the results say which, which were blocked, and which succeeded. */
public final class RunFailedException extends RuntimeException {
    private final Map<String, NodeResult> results;

    public RunFailedException(String what, Map<String, NodeResult> results) {
        super(what);
        this.results = Map.copyOf(results);
    }

    public Map<String, NodeResult> results() {
        return results;
    }
}

package dev.tapctl.engine;

import java.util.Map;

/** Some nodes of a run failed; the results say which, which were blocked, and which succeeded. */
public class RunFailedException extends RuntimeException {
    private final Map<String, NodeResult> results;

    public RunFailedException(String what, Map<String, NodeResult> results) {
        super(what);
        this.results = Map.copyOf(results);
    }

    /** Nothing failed, but the run was stopped before every node had its turn. */
    public boolean interrupted() {
        return results.values().stream().noneMatch(r -> r.status() == NodeResult.Status.FAILED)
                && results.values().stream().anyMatch(r -> r.status() == NodeResult.Status.SKIPPED);
    }

    public Map<String, NodeResult> results() {
        return results;
    }
}

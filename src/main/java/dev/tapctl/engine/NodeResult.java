package dev.tapctl.engine;

import java.time.Duration;

/** How one node of a graph run ended. {@code blockedBy} names the failed ancestor of a blocked node. */
public record NodeResult(String id, Status status, Throwable error, String blockedBy, Duration elapsed) {
    public enum Status {
        SUCCEEDED,
        FAILED,
        BLOCKED,
        SKIPPED
    }

    static NodeResult succeeded(String id, Duration elapsed) {
        return new NodeResult(id, Status.SUCCEEDED, null, null, elapsed);
    }

    static NodeResult failed(String id, Throwable error, Duration elapsed) {
        return new NodeResult(id, Status.FAILED, error, null, elapsed);
    }

    static NodeResult blocked(String id, String by) {
        return new NodeResult(id, Status.BLOCKED, null, by, Duration.ZERO);
    }

    static NodeResult skipped(String id) {
        return new NodeResult(id, Status.SKIPPED, null, null, Duration.ZERO);
    }
}

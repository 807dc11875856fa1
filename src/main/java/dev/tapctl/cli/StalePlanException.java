package dev.tapctl.cli;

import java.util.List;

/** A saved plan that no longer says what apply would do (exit 1); each reason names what changed. */
final class StalePlanException extends RuntimeException {
    private final List<String> reasons;

    StalePlanException(List<String> reasons) {
        super("plan is stale: " + String.join("; ", reasons));
        this.reasons = List.copyOf(reasons);
    }

    List<String> reasons() {
        return reasons;
    }
}

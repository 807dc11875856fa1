package dev.tapctl.engine;

import java.util.List;

/**
 * The plan would change objects in a way that must not be done: refused before the lock is taken,
 * before the user is asked and before anything changes, every refusal named at once. Each subclass
 * says what is refused and how one refusal reads.
 */
public abstract class PlanRefusedException extends RuntimeException {
    private final List<String> refusals;

    /** {@code refused}: what is refused, as a singular noun ("adoption"), counted in the message. */
    PlanRefusedException(String refused, List<String> refusals) {
        super("nothing was changed: " + refusals.size() + " " + refused + (refusals.size() == 1 ? " is" : "s are")
                + " refused");
        this.refusals = List.copyOf(refusals);
    }

    /** One line per refused object. */
    public List<String> refusals() {
        return refusals;
    }
}

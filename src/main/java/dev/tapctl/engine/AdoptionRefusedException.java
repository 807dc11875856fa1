package dev.tapctl.engine;

import java.util.List;

/**
 * The plan would adopt objects tapctl did not make that it must not take over: one whose
 * difference from its spec only a replacement could make (an adopted object is never replaced), or
 * one another tapctl environment or project owns. Refused when the plan is made, before the lock
 * is taken, before the user is asked and before anything changes; every refusal is named at once.
 */
public final class AdoptionRefusedException extends RuntimeException {
    private final List<String> refusals;

    AdoptionRefusedException(List<String> refusals) {
        super("nothing was changed: " + refusals.size() + (refusals.size() == 1 ? " adoption is" : " adoptions are")
                + " refused");
        this.refusals = List.copyOf(refusals);
    }

    /** One line per refused object: {@code id (name): why}. */
    public List<String> refusals() {
        return refusals;
    }
}

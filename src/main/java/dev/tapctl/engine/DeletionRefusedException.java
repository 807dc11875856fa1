package dev.tapctl.engine;

import java.util.List;

/**
 * The plan deletes objects their handlers would refuse to delete as they are (a dead-letter queue
 * still holding messages): refused before the lock is taken, before the user is asked, and before
 * anything else is torn down around them.
 */
public final class DeletionRefusedException extends RuntimeException {
    private final List<String> refusals;

    DeletionRefusedException(List<String> refusals) {
        super("nothing was changed: " + refusals.size() + (refusals.size() == 1 ? " deletion is" : " deletions are")
                + " refused");
        this.refusals = List.copyOf(refusals);
    }

    /** One line per refused object: {@code id: why}. */
    public List<String> refusals() {
        return refusals;
    }
}

package dev.tapctl.engine;

import java.util.List;

/**
 * The plan deletes objects their handlers would refuse to delete as they are (a dead-letter queue
 * still holding messages): refused before the lock is taken, before the user is asked, and before
 * anything else is torn down around them; one line per refused object: {@code id: why}.
 */
public final class DeletionRefusedException extends PlanRefusedException {
    DeletionRefusedException(List<String> refusals) {
        super("deletion", refusals);
    }
}

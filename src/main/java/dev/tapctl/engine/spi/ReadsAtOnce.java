package dev.tapctl.engine.spi;

import java.util.List;
import java.util.function.Supplier;

/**
 * The calls of one resource's read that do not wait for each other's answers (a bucket's four
 * settings, a role's policy names beside its attached policies), made at the same time during a
 * plan, so that a read costs the rounds of its longest chain of calls rather than one round per
 * call. The engine backs it with the plan's one read executor (see {@code ReadRound}); a handler
 * never builds a thread pool of its own.
 *
 * <p>Outside a plan ({@link #NONE}) a call is made only when its answer is asked for, on the
 * asking thread: a handler that starts its calls, then asks for them in its order and stops at
 * the first that says the object is gone, makes the calls it made before one after another, and
 * no more (a create reads back on its own worker, needing no other thread). During a plan every
 * started call is made, even one whose answer turns out not to be needed (a role's policy names
 * when the role is absent): a few calls more for an object to be created, for a plan of fewer rounds.
 */
public interface ReadsAtOnce {

    /** Makes each call when its answer is first asked for: what creates, updates and deletes see. */
    ReadsAtOnce NONE = new ReadsAtOnce() {
        @Override
        public <T> Pending<T> start(Supplier<T> read) {
            return new Pending<>() {
                private boolean made;
                private T answer;

                @Override
                public synchronized T get() {
                    if (!made) {
                        answer = read.get();
                        made = true;
                    }
                    return answer;
                }
            };
        }
    };

    /**
     * Starts {@code read} (on another thread during a plan; see {@link #NONE} otherwise) and
     * returns at once. Its failure is rethrown, as it was thrown, by {@link Pending#get}.
     */
    <T> Pending<T> start(Supplier<T> read);

    /** Every one of {@code reads} at once; their answers in the same order. */
    default <T> List<T> all(List<Supplier<T>> reads) {
        List<Pending<T>> started = reads.stream().map(this::start).toList();
        return started.stream().map(Pending::get).toList();
    }

    /** A call under way. */
    @FunctionalInterface
    interface Pending<T> {
        /** Its answer, once it has come; its failure rethrown as thrown. */
        T get();
    }
}

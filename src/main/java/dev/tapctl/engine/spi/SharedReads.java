package dev.tapctl.engine.spi;

import java.util.function.Supplier;

/**
 * Reads that serve several resources of one plan. A listing or batch describe (every subnet of
 * the environment, every role with its policies) is made once per plan, and each resource picks
 * its own object from the answer, so a plan costs a few calls per kind rather than a few per
 * object. Outside a plan nothing is shared: a create that reads back its object, or adopts one
 * an interrupted run left, must never see a listing taken before it ran.
 */
public interface SharedReads {

    /** Reads afresh on every call: what creates, updates and deletes see. */
    SharedReads NONE = new SharedReads() {
        @Override
        public <T> T get(String key, Supplier<T> read) {
            return read.get();
        }

        @Override
        public boolean shared() {
            return false;
        }
    };

    /**
     * The answer of {@code read}, made at most once per plan for {@code key}; every caller of
     * one key waits for the same call. The key names the operation and every input of it (e.g.
     * {@code ec2:DescribeSubnets:tap/dev}); the answer must be immutable.
     */
    <T> T get(String key, Supplier<T> read);

    /**
     * Whether answers are shared. A handler may read one object with calls of its own when they
     * are not, rather than a listing of many made for one.
     */
    boolean shared();
}

package dev.tapctl.engine.spi;

import java.util.List;
import java.util.function.Supplier;

/**
 * Reads that serve several resources of one plan. A listing or batch describe (every subnet of
 * the environment, every role with its policies) is made once per plan, and each resource picks
 * its own object from the answer, so a plan costs a few calls per kind rather than a few per
 * object. A run that plans several environments of a project and changes nothing ({@code drift})
 * shares them wider: one listing answers every environment of the run ({@link #environment}),
 * and what is the same for all (the account's REST APIs) is read once per run. Outside a plan
 * nothing is shared: a create that reads back its object, or adopts one an interrupted run left,
 * must never see a listing taken before it ran.
 */
public interface SharedReads {

    /** Reads afresh on every call: what creates, updates and deletes see. */
    SharedReads NONE = new SharedReads() {
        @Override
        public <T> T get(String key, Supplier<T> read) {
            return read.get();
        }

        @Override
        public <T> List<T> environment(EnvironmentListing<T> listing) {
            return listing.listAlone();
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
     * The objects {@code listing} finds for its environment. Within a plan its environment is
     * listed once; within a run over several environments of its project, all of them are listed
     * with one call, once per run, and each gets the objects of its own (as if listed alone).
     */
    <T> List<T> environment(EnvironmentListing<T> listing);

    /**
     * Whether answers are shared. A handler may read one object with calls of its own when they
     * are not, rather than a listing of many made for one.
     */
    boolean shared();
}

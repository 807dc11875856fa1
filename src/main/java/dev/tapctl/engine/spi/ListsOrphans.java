package dev.tapctl.engine.spi;

import java.util.List;

/**
 * A kind whose objects can outlive their configuration (a function removed from the config, an
 * instance beyond the configured count), so a plan looks for them. Kinds without it have none.
 *
 * @param <L> the live view record; it must carry tags ({@link Tagged}) so the engine can read the logical id
 */
public interface ListsOrphans<L> {

    /**
     * Every object of this kind that carries the environment's ownership tags but whose name the
     * configuration no longer has. {@code reads} are the plan's: a listing the resources' own
     * reads share costs nothing more.
     */
    List<L> listOrphans(Ownership owner, SharedReads reads);

    /**
     * What happens to an orphan of this kind; DELETE by default. Orphans holding data keep the
     * safeguards of their kind (a queue still holding messages refuses to go without --force).
     */
    default DeletionPolicy orphanPolicy() {
        return DeletionPolicy.DELETE;
    }
}

package dev.tapctl.engine.spi;

import java.util.Optional;

/**
 * A kind whose delete may refuse an object as it was read (a queue still holding messages, without
 * --force). A destroy, or an apply removing orphans, asks before it takes the lock or asks the
 * user, so that nothing is torn down around an object that will not go. Delete checks again:
 * things change in the meantime.
 *
 * @param <L> the live view record
 */
public interface RefusesDeletion<L> {

    /** Why {@link ResourceHandler#delete} would refuse {@code live}; empty when it would not. */
    Optional<String> deletionRefusal(L live);
}

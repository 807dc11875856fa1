package dev.tapctl.engine.spi;

import java.util.List;
import java.util.Optional;

/**
 * The core of one kind of AWS resource's lifecycle. The engine decides create / update / replace /
 * no-op once for every kind; a handler only reads, compares owned fields, and mutates.
 *
 * <p>What only some kinds do is a capability a handler implements when it has it:
 * {@link ListsOrphans}, {@link ReadsUpstreamOutputs}, {@link KeepsFinalSnapshots},
 * {@link RefusesDeletion}, {@link RefusesCreation}, {@link Untagged}, {@link DeletesBySpec}.
 *
 * @param <S> the desired spec record
 * @param <L> the live view record
 */
public interface ResourceHandler<S, L> {

    /** The kind this handler serves, e.g. {@code aws.ec2.vpc}, typed by its spec record. */
    Kind<S> kind();

    /**
     * Finds the live object by its env-keyed name, alias or ownership tags; empty when absent.
     * During a plan {@code desired} may hold {@link Unknown} placeholders for any value another
     * resource outputs (see {@link ReadsUpstreamOutputs}); a read never sends one to AWS.
     */
    Optional<L> read(S desired, HandlerContext ctx);

    /** Owned fields that differ, each marked when the change can only be made by replacement. */
    List<AttributeChange> diff(S desired, L live);

    /** Creates the object and waits until it is ready; idempotent (client token or adopt). */
    L create(S desired, HandlerContext ctx);

    /** Brings {@code live} to {@code desired}; only the given changes need to be made. */
    L update(S desired, L live, List<AttributeChange> changes, HandlerContext ctx);

    /**
     * Deletes (or snapshots then deletes) the live object and says what happened. The engine asks
     * through {@link Deletions}, so {@code policy} is never RETAIN, and SNAPSHOT only for a kind
     * that {@link KeepsFinalSnapshots}; an object already gone counts as deleted.
     */
    DeleteResult delete(L live, DeletionPolicy policy, HandlerContext ctx);

    /** Ids and ARNs dependants read. */
    Outputs outputs(L live);
}

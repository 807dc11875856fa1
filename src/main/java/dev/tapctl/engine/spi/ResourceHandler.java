package dev.tapctl.engine.spi;

import java.util.List;
import java.util.Optional;

/**
 * The whole lifecycle of one kind of AWS resource. The engine decides create / update / replace /
 * no-op once for every kind; a handler only reads, compares owned fields, and mutates.
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
     * resource outputs (see {@link #readsUpstreamOutputs()}); a read never sends one to AWS.
     */
    Optional<L> read(S desired, HandlerContext ctx);

    /**
     * Whether {@link #read} looks its object up by a value another resource outputs (a stage by
     * its REST API's id). A plan reads every other kind in its first round, before the outputs of
     * its dependencies are known; these wait for them.
     */
    default boolean readsUpstreamOutputs() {
        return false;
    }

    /**
     * Every object of this kind that carries the environment's ownership tags but whose name the
     * configuration no longer has: a function removed from the config, an instance beyond the
     * configured count. Kinds whose objects cannot outlive their configuration return nothing.
     * The live views must carry tags ({@link Tagged}) so the engine can read their logical id.
     * {@code reads} are the plan's: a listing the resources' own reads share costs nothing more.
     */
    default List<L> listOrphans(Ownership owner, SharedReads reads) {
        return List.of();
    }

    /**
     * What happens to an orphan of this kind; DELETE by default. Orphans holding data keep the
     * safeguards of their kind (a queue still holding messages refuses to go without --force).
     */
    default DeletionPolicy orphanPolicy() {
        return DeletionPolicy.DELETE;
    }

    /**
     * The names of the final snapshots that earlier destroys (deletion policy SNAPSHOT) took of
     * this resource and that still exist. They outlive the object, and so do their needs: the key
     * that encrypts them, the secret that holds their password. The engine asks only while
     * planning a destroy, and only when {@link #read} found no object (a live one keeps what it
     * needs anyway); like {@code read}, {@code desired} may hold {@link Unknown} placeholders.
     * Kinds that never take a final snapshot have none.
     */
    default List<String> finalSnapshots(S desired, HandlerContext ctx) {
        return List.of();
    }

    /**
     * Why {@link #delete} would refuse {@code live} as it was read (a queue still holding
     * messages, without --force); empty when it would not. A destroy, or an apply removing
     * orphans, asks before it takes the lock or asks the user, so that nothing is torn down
     * around an object that will not go. Delete checks again: things change in the meantime.
     */
    default Optional<String> deletionRefusal(L live) {
        return Optional.empty();
    }

    /**
     * Why AWS would refuse to create {@code desired} in this account and region as things stand
     * (a database engine version RDS no longer offers); empty when it would not. A plan or apply
     * asks about every resource it is to create, absent or replaced, before anything changes, so
     * that what cannot be created stops the run before it starts rather than half way through; an
     * object that exists is never asked about. Like {@link #read}, {@code desired} may hold
     * {@link Unknown} placeholders, which are never sent to AWS. Kinds AWS creates as asked
     * (most) refuse nothing.
     */
    default Optional<CreationRefusal> creationRefusal(S desired, HandlerContext ctx) {
        return Optional.empty();
    }

    /** Owned fields that differ, each marked when the change can only be made by replacement. */
    List<AttributeChange> diff(S desired, L live);

    /**
     * The {@code tapctl:spec-hash} the live object carries, if any: read from its tags when the
     * live view has them ({@link Tagged}), which is how every taggable kind records it.
     */
    default Optional<String> appliedSpecHash(L live) {
        return live instanceof Tagged tagged ? tagged.specHashTag() : Optional.empty();
    }

    /**
     * False for kinds AWS cannot tag (a Lambda permission, an account setting): the engine then
     * takes an empty diff as "nothing to do" without a recorded hash, and cannot tell drift from
     * a configuration change, so it reports such differences as {@code config}.
     */
    default boolean recordsSpecHash() {
        return true;
    }

    /** Creates the object and waits until it is ready; idempotent (client token or adopt). */
    L create(S desired, HandlerContext ctx);

    /** Brings {@code live} to {@code desired}; only the given changes need to be made. */
    L update(S desired, L live, List<AttributeChange> changes, HandlerContext ctx);

    /** Deletes (or snapshots then deletes, or keeps) the live object and says what happened. */
    DeleteResult delete(L live, DeletionPolicy policy, HandlerContext ctx);

    /**
     * Like {@link #delete(Object, DeletionPolicy, HandlerContext)}, for kinds whose teardown
     * depends on the spec (a key's deletion window); {@code desired} is the spec as configured,
     * or null for an orphan (which has no configuration any more).
     */
    default DeleteResult delete(S desired, L live, DeletionPolicy policy, HandlerContext ctx) {
        return delete(live, policy, ctx);
    }

    /** Ids and ARNs dependants read. */
    Outputs outputs(L live);
}

package dev.tapctl.engine;

import dev.tapctl.engine.spi.AttributeChange;
import dev.tapctl.engine.spi.CreationRefusal;
import dev.tapctl.engine.spi.DeleteResult;
import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.Deletions;
import dev.tapctl.engine.spi.DescribesHoldings;
import dev.tapctl.engine.spi.FindsOutputsFirst;
import dev.tapctl.engine.spi.HandlerContext;
import dev.tapctl.engine.spi.Holdings;
import dev.tapctl.engine.spi.Imports;
import dev.tapctl.engine.spi.KeepsFinalSnapshots;
import dev.tapctl.engine.spi.ListsOrphans;
import dev.tapctl.engine.spi.Outputs;
import dev.tapctl.engine.spi.Ownership;
import dev.tapctl.engine.spi.ReadsBy;
import dev.tapctl.engine.spi.ReadsUpstreamOutputs;
import dev.tapctl.engine.spi.RefusesCreation;
import dev.tapctl.engine.spi.RefusesDeletion;
import dev.tapctl.engine.spi.ResourceHandler;
import dev.tapctl.engine.spi.SharedReads;
import dev.tapctl.engine.spi.SpecHashes;
import dev.tapctl.engine.spi.Tagged;
import java.util.List;
import java.util.Optional;

/**
 * The one place where the engine's untyped specs and live views meet a handler's types, and where
 * the engine asks a handler for a capability it may not have: what a kind lacks, it answers as a
 * kind without it would (no orphans, no snapshots, no refusals, the spec hash from its tags).
 */
@SuppressWarnings({"unchecked", "rawtypes"})
final class ErasedHandler {
    private final ResourceHandler handler;

    ErasedHandler(ResourceHandler<?, ?> handler) {
        this.handler = handler;
    }

    private Object spec(Object desired) {
        return handler.kind().cast(desired);
    }

    Optional<Object> read(Object desired, HandlerContext ctx) {
        return handler.read(spec(desired), ctx);
    }

    /** How objects of the kind are imported by id, when the kind {@link Imports imports}. */
    Optional<Imports.ById<Object, Tagged>> importsById() {
        return handler instanceof Imports imports
                ? Optional.of((Imports.ById<Object, Tagged>) imports.byId())
                : Optional.empty();
    }

    boolean readsUpstreamOutputs() {
        return handler instanceof ReadsUpstreamOutputs;
    }

    /** What of {@code desired} its read uses ({@link ReadsBy}): the whole spec for a kind that does not say. */
    Object readsBy(Object desired) {
        return handler instanceof ReadsBy by ? by.readsBy(spec(desired)) : desired;
    }

    boolean findsOutputsFirst() {
        return handler instanceof FindsOutputsFirst && !readsUpstreamOutputs();
    }

    Optional<Outputs> outputsFound(Object desired, HandlerContext ctx) {
        return ((FindsOutputsFirst) handler).outputsFound(spec(desired), ctx);
    }

    List<String> finalSnapshots(Object desired, HandlerContext ctx) {
        return handler instanceof KeepsFinalSnapshots snapshots
                ? snapshots.finalSnapshots(spec(desired), ctx)
                : List.of();
    }

    List<AttributeChange> diff(Object desired, Object live) {
        return handler.diff(spec(desired), live);
    }

    Optional<String> appliedSpecHash(Object live) {
        return SpecHashes.applied(handler, live);
    }

    boolean recordsSpecHash() {
        return SpecHashes.recordedBy(handler);
    }

    Object create(Object desired, HandlerContext ctx) {
        return handler.create(spec(desired), ctx);
    }

    Object update(Object desired, Object live, List<AttributeChange> changes, HandlerContext ctx) {
        return handler.update(spec(desired), live, changes, ctx);
    }

    DeleteResult delete(Object desired, Object live, DeletionPolicy policy, HandlerContext ctx) {
        return Deletions.byPolicy(handler, desired == null ? null : spec(desired), live, policy, ctx);
    }

    List<Object> listOrphans(Ownership owner, SharedReads reads) {
        return handler instanceof ListsOrphans orphans ? orphans.listOrphans(owner, reads) : List.of();
    }

    Optional<CreationRefusal> creationRefusal(Object desired, HandlerContext ctx) {
        return handler instanceof RefusesCreation refuses
                ? refuses.creationRefusal(spec(desired), ctx)
                : Optional.empty();
    }

    Optional<String> deletionRefusal(Object live) {
        return handler instanceof RefusesDeletion refuses ? refuses.deletionRefusal(live) : Optional.empty();
    }

    boolean describesHoldings() {
        return handler instanceof DescribesHoldings;
    }

    Holdings holdings(Object live, List<String> keptData, HandlerContext ctx) {
        return ((DescribesHoldings) handler).holdings(live, keptData, ctx);
    }

    DeletionPolicy orphanPolicy() {
        return handler instanceof ListsOrphans orphans ? orphans.orphanPolicy() : DeletionPolicy.DELETE;
    }

    Outputs outputs(Object live) {
        return handler.outputs(live);
    }
}

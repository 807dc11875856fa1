package dev.tapctl.engine;

import dev.tapctl.engine.spi.AttributeChange;
import dev.tapctl.engine.spi.CreationRefusal;
import dev.tapctl.engine.spi.DeleteResult;
import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.HandlerContext;
import dev.tapctl.engine.spi.Outputs;
import dev.tapctl.engine.spi.Ownership;
import dev.tapctl.engine.spi.ResourceHandler;
import dev.tapctl.engine.spi.SharedReads;
import java.util.List;
import java.util.Optional;

/** The one place where the engine's untyped specs and live views meet a handler's types. */
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

    boolean readsUpstreamOutputs() {
        return handler.readsUpstreamOutputs();
    }

    List<String> finalSnapshots(Object desired, HandlerContext ctx) {
        return handler.finalSnapshots(spec(desired), ctx);
    }

    List<AttributeChange> diff(Object desired, Object live) {
        return handler.diff(spec(desired), live);
    }

    Optional<String> appliedSpecHash(Object live) {
        return handler.appliedSpecHash(live);
    }

    boolean recordsSpecHash() {
        return handler.recordsSpecHash();
    }

    Object create(Object desired, HandlerContext ctx) {
        return handler.create(spec(desired), ctx);
    }

    Object update(Object desired, Object live, List<AttributeChange> changes, HandlerContext ctx) {
        return handler.update(spec(desired), live, changes, ctx);
    }

    DeleteResult delete(Object desired, Object live, DeletionPolicy policy, HandlerContext ctx) {
        return handler.delete(desired == null ? null : spec(desired), live, policy, ctx);
    }

    List<Object> listOrphans(Ownership owner, SharedReads reads) {
        return handler.listOrphans(owner, reads);
    }

    Optional<CreationRefusal> creationRefusal(Object desired, HandlerContext ctx) {
        return handler.creationRefusal(spec(desired), ctx);
    }

    Optional<String> deletionRefusal(Object live) {
        return handler.deletionRefusal(live);
    }

    DeletionPolicy orphanPolicy() {
        return handler.orphanPolicy();
    }

    Outputs outputs(Object live) {
        return handler.outputs(live);
    }
}

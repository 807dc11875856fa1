package dev.tapctl.perf;

import dev.tapctl.engine.spi.AttributeChange;
import dev.tapctl.engine.spi.CreationRefusal;
import dev.tapctl.engine.spi.DeleteResult;
import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.HandlerCatalog;
import dev.tapctl.engine.spi.HandlerContext;
import dev.tapctl.engine.spi.Kind;
import dev.tapctl.engine.spi.Outputs;
import dev.tapctl.engine.spi.Ownership;
import dev.tapctl.engine.spi.SharedReads;
import dev.tapctl.engine.spi.ResourceHandler;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The real handlers, each wrapped so that the SDK calls it makes are attributed to the resource
 * it works on ({@link HandlerContext#logicalId()}) in a {@link CallTrace}. Nothing else changes:
 * same handler instances, same arguments, same results and exceptions. Every method of
 * {@link ResourceHandler} is delegated, defaults included, so a handler's own overrides still run.
 */
public final class TracedCatalog implements HandlerCatalog {
    /** Prefix of the node that calls made while listing the orphans of a kind are attributed to. */
    public static final String ORPHANS = "orphans:";

    private final HandlerCatalog delegate;
    private final CallTrace trace;
    private final Map<String, ResourceHandler<?, ?>> wrapped = new ConcurrentHashMap<>();

    public TracedCatalog(HandlerCatalog delegate, CallTrace trace) {
        this.delegate = delegate;
        this.trace = trace;
    }

    @Override
    public ResourceHandler<?, ?> forKind(String kind) {
        return wrapped.computeIfAbsent(kind, k -> new Traced<>(delegate.forKind(k), trace));
    }

    @Override
    public java.util.List<String> kinds() {
        return delegate.kinds();
    }

    private static final class Traced<S, L> implements ResourceHandler<S, L> {
        private final ResourceHandler<S, L> handler;
        private final CallTrace trace;

        @SuppressWarnings("unchecked")
        Traced(ResourceHandler<?, ?> handler, CallTrace trace) {
            this.handler = (ResourceHandler<S, L>) handler;
            this.trace = trace;
        }

        @Override
        public Kind<S> kind() {
            return handler.kind();
        }

        @Override
        public Optional<L> read(S desired, HandlerContext ctx) {
            return trace.within(ctx.logicalId(), "read", () -> handler.read(desired, ctx));
        }

        /** The planner lists orphans per kind, on its own thread: those calls count for {@code orphans:<kind>}. */
        @Override
        public boolean readsUpstreamOutputs() {
            return handler.readsUpstreamOutputs();
        }

        @Override
        public List<L> listOrphans(Ownership owner, SharedReads reads) {
            return trace.within(ORPHANS + handler.kind(), "listOrphans", () -> handler.listOrphans(owner, reads));
        }

        @Override
        public List<String> finalSnapshots(S desired, HandlerContext ctx) {
            return trace.within(ctx.logicalId(), "finalSnapshots", () -> handler.finalSnapshots(desired, ctx));
        }

        @Override
        public Optional<CreationRefusal> creationRefusal(S desired, HandlerContext ctx) {
            return trace.within(ctx.logicalId(), "creationRefusal", () -> handler.creationRefusal(desired, ctx));
        }

        @Override
        public Optional<String> deletionRefusal(L live) {
            return handler.deletionRefusal(live);
        }

        @Override
        public DeletionPolicy orphanPolicy() {
            return handler.orphanPolicy();
        }

        @Override
        public List<AttributeChange> diff(S desired, L live) {
            return handler.diff(desired, live);
        }

        @Override
        public Optional<String> appliedSpecHash(L live) {
            return handler.appliedSpecHash(live);
        }

        @Override
        public boolean recordsSpecHash() {
            return handler.recordsSpecHash();
        }

        @Override
        public L create(S desired, HandlerContext ctx) {
            return trace.within(ctx.logicalId(), "create", () -> handler.create(desired, ctx));
        }

        @Override
        public L update(S desired, L live, List<AttributeChange> changes, HandlerContext ctx) {
            return trace.within(ctx.logicalId(), "update", () -> handler.update(desired, live, changes, ctx));
        }

        @Override
        public DeleteResult delete(L live, DeletionPolicy policy, HandlerContext ctx) {
            return trace.within(ctx.logicalId(), "delete", () -> handler.delete(live, policy, ctx));
        }

        @Override
        public DeleteResult delete(S desired, L live, DeletionPolicy policy, HandlerContext ctx) {
            return trace.within(ctx.logicalId(), "delete", () -> handler.delete(desired, live, policy, ctx));
        }

        @Override
        public Outputs outputs(L live) {
            return handler.outputs(live);
        }
    }
}

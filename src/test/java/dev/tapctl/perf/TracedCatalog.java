package dev.tapctl.perf;

import dev.tapctl.engine.spi.AttributeChange;
import dev.tapctl.engine.spi.CreationRefusal;
import dev.tapctl.engine.spi.DeleteResult;
import dev.tapctl.engine.spi.DeletesBySpec;
import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.FindsOutputsFirst;
import dev.tapctl.engine.spi.HandlerCatalog;
import dev.tapctl.engine.spi.HandlerContext;
import dev.tapctl.engine.spi.KeepsFinalSnapshots;
import dev.tapctl.engine.spi.Kind;
import dev.tapctl.engine.spi.ListsOrphans;
import dev.tapctl.engine.spi.Outputs;
import dev.tapctl.engine.spi.Ownership;
import dev.tapctl.engine.spi.ReadsAtOnce;
import dev.tapctl.engine.spi.ReadsUpstreamOutputs;
import dev.tapctl.engine.spi.RefusesCreation;
import dev.tapctl.engine.spi.RefusesDeletion;
import dev.tapctl.engine.spi.ResourceHandler;
import dev.tapctl.engine.spi.SharedReads;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The real handlers, each wrapped so that the SDK calls it makes are attributed to the resource
 * it works on ({@link HandlerContext#logicalId()}) in a {@link CallTrace}. Nothing else changes:
 * same handler instances, same arguments, same results and exceptions. Every method of
 * {@link ResourceHandler} and of each capability is delegated, defaults included, so a handler's
 * own overrides still run; the wrapper shows exactly the capabilities of the handler it wraps
 * ({@link #capabilities}), since the engine asks for them by type.
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
        return wrapped.computeIfAbsent(kind, k -> showingCapabilitiesOf(new Traced<>(delegate.forKind(k), trace)));
    }

    @Override
    public java.util.List<String> kinds() {
        return delegate.kinds();
    }

    /** The SPI interfaces {@code handler} implements: {@link ResourceHandler} and its capabilities. */
    static Set<Class<?>> capabilities(Object handler) {
        Set<Class<?>> found = new LinkedHashSet<>();
        for (Class<?> type = handler.getClass(); type != null; type = type.getSuperclass()) {
            collect(type.getInterfaces(), found);
        }
        return found;
    }

    private static void collect(Class<?>[] interfaces, Set<Class<?>> found) {
        for (Class<?> type : interfaces) {
            if (type.getPackageName().equals(ResourceHandler.class.getPackageName())) {
                found.add(type);
            }
            collect(type.getInterfaces(), found);
        }
    }

    /** {@code traced}, seen through exactly the interfaces of the handler it wraps. */
    private static ResourceHandler<?, ?> showingCapabilitiesOf(Traced<?, ?> traced) {
        return (ResourceHandler<?, ?>) Proxy.newProxyInstance(
                TracedCatalog.class.getClassLoader(),
                capabilities(traced.handler).toArray(Class<?>[]::new),
                (proxy, method, args) -> {
                    try {
                        return method.invoke(traced, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /**
     * Implements every capability, each passing on to the wrapped handler; only those the handler
     * has are ever called, since the proxy in front shows no others.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static final class Traced<S, L>
            implements ResourceHandler<S, L>,
                    ListsOrphans<L>,
                    KeepsFinalSnapshots<S>,
                    RefusesDeletion<L>,
                    RefusesCreation<S>,
                    DeletesBySpec<S, L>,
                    FindsOutputsFirst<S>,
                    ReadsUpstreamOutputs<S> {
        private final ResourceHandler<S, L> handler;
        private final CallTrace trace;

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
            return trace.within(ctx.logicalId(), "read", () -> handler.read(desired, attributing(ctx)));
        }

        /**
         * {@code ctx}, whose calls made at once on other threads ({@link HandlerContext#atOnce})
         * are attributed to its resource too, without a span of their own (the read's span holds them).
         */
        private HandlerContext attributing(HandlerContext ctx) {
            ReadsAtOnce atOnce = new ReadsAtOnce() {
                @Override
                public <T> Pending<T> start(java.util.function.Supplier<T> read) {
                    return ctx.atOnce().start(() -> trace.attributed(ctx.logicalId(), read));
                }
            };
            return new HandlerContext() {
                @Override
                public String logicalId() {
                    return ctx.logicalId();
                }

                @Override
                public String specHash() {
                    return ctx.specHash();
                }

                @Override
                public Map<String, String> tagsToWrite(Map<String, String> specTags) {
                    return ctx.tagsToWrite(specTags);
                }

                @Override
                public void status(String message) {
                    ctx.status(message);
                }

                @Override
                public Optional<java.time.Duration> waitLimit() {
                    return ctx.waitLimit();
                }

                @Override
                public void waiting(String forWhat, java.time.Duration limit) {
                    ctx.waiting(forWhat, limit);
                }

                @Override
                public SharedReads reads() {
                    return ctx.reads();
                }

                @Override
                public ReadsAtOnce atOnce() {
                    return atOnce;
                }
            };
        }

        /** The planner lists orphans per kind, on its own thread: those calls count for {@code orphans:<kind>}. */
        @Override
        public List<L> listOrphans(Ownership owner, SharedReads reads) {
            return trace.within(ORPHANS + handler.kind(), "listOrphans", () -> ((ListsOrphans<L>) handler)
                    .listOrphans(owner, reads));
        }

        @Override
        public Optional<Outputs> outputsFound(S desired, HandlerContext ctx) {
            return trace.within(ctx.logicalId(), "outputsFound", () -> ((FindsOutputsFirst<S>) handler)
                    .outputsFound(desired, attributing(ctx)));
        }

        @Override
        public Object readsBy(S spec) {
            return ((dev.tapctl.engine.spi.ReadsBy<S>) handler).readsBy(spec);
        }

        @Override
        public DeletionPolicy orphanPolicy() {
            return ((ListsOrphans) handler).orphanPolicy();
        }

        @Override
        public List<String> finalSnapshots(S desired, HandlerContext ctx) {
            return trace.within(ctx.logicalId(), "finalSnapshots", () -> ((KeepsFinalSnapshots<S>) handler)
                    .finalSnapshots(desired, ctx));
        }

        @Override
        public Optional<CreationRefusal> creationRefusal(S desired, HandlerContext ctx) {
            return trace.within(ctx.logicalId(), "creationRefusal", () -> ((RefusesCreation<S>) handler)
                    .creationRefusal(desired, ctx));
        }

        @Override
        public Optional<String> deletionRefusal(L live) {
            return ((RefusesDeletion<L>) handler).deletionRefusal(live);
        }

        @Override
        public List<AttributeChange> diff(S desired, L live) {
            return handler.diff(desired, live);
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
            return trace.within(ctx.logicalId(), "delete", () -> ((DeletesBySpec<S, L>) handler)
                    .delete(desired, live, policy, ctx));
        }

        @Override
        public Outputs outputs(L live) {
            return handler.outputs(live);
        }
    }
}

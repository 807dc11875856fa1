package dev.tapctl.engine;

import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.HandlerCatalog;
import dev.tapctl.engine.spi.Outputs;
import dev.tapctl.engine.spi.ResourceDef;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Carries out a plan: every node starts as soon as its dependencies are done. The live views the
 * plan read are reused, so an apply reads each resource once; specs that were partly unknown at
 * plan time are computed again from the real outputs and decided again.
 */
public final class Applier {
    private final ResourceGraph graph;
    private final HandlerCatalog catalog;
    private final RunSettings settings;
    private final GraphExecutor executor;

    public Applier(ResourceGraph graph, HandlerCatalog catalog, RunSettings settings) {
        this.graph = graph;
        this.catalog = catalog;
        this.settings = settings;
        this.executor = new GraphExecutor(settings.parallelism());
    }

    /** Stops starting new resources; those in flight finish. */
    public void requestStop() {
        executor.requestStop();
    }

    /** Returns the outcome of every node; throws {@link RunFailedException} if any failed. */
    public Map<String, NodeResult> apply(Plan plan) {
        refuseUnallowedReplacements(plan);
        Map<String, Outputs> outputs = new ConcurrentHashMap<>();
        Map<String, NodeResult> results = executor.run(graph, false, id -> {
            ResourceDef<?> def = graph.get(id);
            PlannedChange planned = plan.change(id).orElseThrow(() -> new IllegalStateException("not planned: " + id));
            ErasedHandler handler = new ErasedHandler(catalog.forKind(def.kind()));
            Object desired = def.desired().apply(new RunInputs(def, settings, outputs, false));
            NodeContext ctx = new NodeContext(id, SpecHasher.hash(desired), settings.progress());
            Optional<Object> live = Optional.ofNullable(planned.live());
            Decider.Decision decision = live.isEmpty() ? Decider.decide(null, desired, live)
                    : Decider.decide(handler, desired, live);
            Object result = switch (decision.action()) {
                case NO_OP -> live.get();
                case CREATE -> step(id, "creating", () -> handler.create(desired, ctx));
                case UPDATE -> step(id, "updating", () -> handler.update(desired, live.get(), decision.attributes(), ctx));
                case REPLACE -> step(id, "replacing", () -> {
                    requireReplaceAllowed(def);
                    handler.delete(desired, live.get(), def.deletionPolicy() == DeletionPolicy.SNAPSHOT
                            ? DeletionPolicy.SNAPSHOT : DeletionPolicy.DELETE, ctx);
                    return handler.create(desired, ctx);
                });
                case DELETE, RETAIN -> throw new IllegalStateException("apply does not " + decision.action().json());
            };
            outputs.put(id, handler.outputs(result));
        });
        if (results.values().stream().anyMatch(r -> r.status() == NodeResult.Status.FAILED)) {
            throw new RunFailedException("apply failed", results);
        }
        return results;
    }

    private void refuseUnallowedReplacements(Plan plan) {
        for (PlannedChange change : plan.changes()) {
            if (change.action() == Action.REPLACE) {
                requireReplaceAllowed(graph.get(change.id()));
            }
        }
    }

    /** Replacing something that holds data is done only when the user names it. */
    private void requireReplaceAllowed(ResourceDef<?> def) {
        if (def.deletionPolicy() != DeletionPolicy.DELETE && !settings.allowReplace().contains(def.id())) {
            throw new ReplaceRefusedException(def.id());
        }
    }

    private <T> T step(String id, String verb, java.util.function.Supplier<T> work) {
        long start = System.nanoTime();
        settings.progress().started(id, verb);
        try {
            T result = work.get();
            settings.progress().finished(id, verb, Duration.ofNanos(System.nanoTime() - start));
            return result;
        } catch (RuntimeException | Error e) {
            settings.progress().failed(id, verb, e, Duration.ofNanos(System.nanoTime() - start));
            throw e;
        }
    }
}

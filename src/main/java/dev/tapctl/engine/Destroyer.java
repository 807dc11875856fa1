package dev.tapctl.engine;

import dev.tapctl.engine.spi.DeleteResult;
import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.HandlerCatalog;
import dev.tapctl.engine.spi.Outputs;
import dev.tapctl.engine.spi.ResourceDef;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Tears down what a destroy plan found, dependants first, each by its deletion policy. */
public final class Destroyer {
    private final ResourceGraph graph;
    private final HandlerCatalog catalog;
    private final RunSettings settings;
    private final GraphExecutor executor;

    public Destroyer(ResourceGraph graph, HandlerCatalog catalog, RunSettings settings) {
        this.graph = graph;
        this.catalog = catalog;
        this.settings = settings;
        this.executor = new GraphExecutor(settings.parallelism());
    }

    /** Stops starting new deletions; those in flight finish. */
    public void requestStop() {
        executor.requestStop();
    }

    /**
     * Throws {@link DeletionRefusedException} if a deletion of the plan would be refused: checked
     * before the lock and the question, so that a destroy stops before it tears anything down.
     */
    public void refuseRefusedDeletions(Plan plan) {
        DeletionRefusals.refuse(plan, catalog, change -> true);
    }

    /**
     * What happened to each resource that existed, in teardown order. If some could not be torn
     * down, the {@link DestroyFailedException} carries what was done to the others.
     */
    public Map<String, DeleteResult> destroy(Plan plan) {
        refuseRefusedDeletions(plan);
        Map<String, DeleteResult> orphans = new OrphanRemover(graph, catalog, settings).remove(plan);
        Map<String, DeleteResult> done = new ConcurrentHashMap<>();
        Map<String, NodeResult> results = executor.run(graph, true, id -> {
            Step planned = plan.change(id).orElseThrow();
            if (planned.live() == null) {
                return;
            }
            if (planned.action() == Action.RETAIN) {
                // Decided by the plan: the handler is not asked to do anything.
                Outputs outputs = new ErasedHandler(catalog.forKind(planned.kind())).outputs(planned.live());
                String identity = outputs.get("arn").or(() -> outputs.get("name")).orElse(planned.name());
                done.put(id, DeleteResult.retained(planned.note().isEmpty() ? identity : identity + " (" + planned.note() + ")"));
                settings.progress().finished(id, "retaining", Duration.ZERO);
                return;
            }
            ResourceDef<?> def = graph.get(id);
            ErasedHandler handler = new ErasedHandler(catalog.forKind(def.kind()));
            NodeContext ctx = new NodeContext(id, SpecHasher.hash(planned.desired()), settings.progress());
            DeletionPolicy policy = def.deletionPolicy();
            String verb = "deleting";
            long start = System.nanoTime();
            settings.progress().started(id, verb);
            try {
                DeleteResult result = handler.delete(planned.desired(), planned.live(), policy, ctx);
                done.put(id, result);
                settings.progress().finished(id, switch (result.outcome()) {
                    case SCHEDULED -> "scheduling deletion";
                    case SNAPSHOTTED -> "snapshotting";
                    default -> verb;
                }, Duration.ofNanos(System.nanoTime() - start));
            } catch (RuntimeException e) {
                settings.progress().failed(id, verb, e, Duration.ofNanos(System.nanoTime() - start));
                throw e;
            }
        });
        Map<String, DeleteResult> ordered = new LinkedHashMap<>(orphans);
        results.keySet().stream().filter(done::containsKey).forEach(id -> ordered.put(id, done.get(id)));
        if (results.values().stream().anyMatch(r -> r.status() != NodeResult.Status.SUCCEEDED)) {
            throw new DestroyFailedException(results, ordered);
        }
        return ordered;
    }
}

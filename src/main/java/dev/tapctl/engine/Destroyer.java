package dev.tapctl.engine;

import dev.tapctl.engine.spi.DeleteResult;
import dev.tapctl.engine.spi.HandlerCatalog;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Tears down what a destroy plan found, dependants first, each by its deletion policy, and its orphans. */
public final class Destroyer {
    private final ResourceGraph graph;
    private final HandlerCatalog catalog;
    private final GraphExecutor executor;
    private final StepRunner runner;

    public Destroyer(ResourceGraph graph, HandlerCatalog catalog, RunSettings settings) {
        this.graph = graph;
        this.catalog = catalog;
        this.executor = new GraphExecutor(settings.parallelism());
        this.runner = new StepRunner(catalog, settings);
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
        TeardownGraph teardown = TeardownGraph.of(graph, plan, catalog.kinds());
        Map<String, DeleteResult> done = new ConcurrentHashMap<>();
        Map<String, NodeResult> results = executor.run(teardown, false, id -> {
            if (runner.run(teardown.step(id)) instanceof StepRunner.Result.Removed removed) {
                done.put(id, removed.result());
            }
        });
        Map<String, DeleteResult> ordered = new LinkedHashMap<>();
        results.keySet().stream().filter(done::containsKey).forEach(id -> ordered.put(id, done.get(id)));
        if (results.values().stream().anyMatch(r -> r.status() != NodeResult.Status.SUCCEEDED)) {
            throw new DestroyFailedException(results, ordered);
        }
        return ordered;
    }
}

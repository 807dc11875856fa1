package dev.tapctl.engine;

import dev.tapctl.engine.spi.DeleteResult;
import dev.tapctl.engine.spi.HandlerCatalog;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Tears down what a destroy plan found, dependants first, each by its deletion policy, and its orphans. */
public final class Destroyer {
    private final ChangeRun run;

    public Destroyer(ResourceGraph graph, HandlerCatalog catalog, RunSettings settings) {
        this.run = new ChangeRun(graph, catalog, settings);
    }

    /** Stops starting new deletions; those in flight finish. */
    public void requestStop() {
        run.requestStop();
    }

    /**
     * Throws {@link DeletionRefusedException} if a deletion of the plan would be refused: checked
     * before the lock and the question, so that a destroy stops before it tears anything down.
     */
    public void refuseRefusedDeletions(Plan plan) {
        DeletionRefusals.refuse(plan, run.catalog(), change -> true);
    }

    /**
     * What happened to each resource that existed, in teardown order. If some could not be torn
     * down, the {@link DestroyFailedException} carries what was done to the others.
     */
    public Map<String, DeleteResult> destroy(Plan plan) {
        refuseRefusedDeletions(plan);
        TeardownGraph teardown = run.teardown(plan);
        Map<String, DeleteResult> done = new ConcurrentHashMap<>();
        Map<String, NodeResult> results = run.each(teardown, id -> {
            if (run.step(teardown.step(id)) instanceof StepRunner.Result.Removed removed) {
                done.put(id, removed.result());
            }
        });
        Map<String, DeleteResult> ordered = new LinkedHashMap<>();
        results.keySet().stream().filter(done::containsKey).forEach(id -> ordered.put(id, done.get(id)));
        if (!ChangeRun.allSucceeded(results)) {
            throw new DestroyFailedException(results, ordered);
        }
        return ordered;
    }
}

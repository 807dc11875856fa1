package dev.tapctl.engine;

import dev.tapctl.engine.spi.HandlerCatalog;
import java.util.Map;

/**
 * What an apply and a destroy both change the account with: the selected graph, its handlers, and
 * one executor for the whole run, so that a stop asked for while it runs (Ctrl-C) reaches whichever
 * pass is under way.
 */
final class ChangeRun {
    private final ResourceGraph graph;
    private final HandlerCatalog catalog;
    private final GraphExecutor executor;
    private final StepRunner runner;

    ChangeRun(ResourceGraph graph, HandlerCatalog catalog, RunSettings settings) {
        this.graph = graph;
        this.catalog = catalog;
        this.executor = new GraphExecutor(settings.parallelism());
        this.runner = new StepRunner(catalog, settings);
    }

    HandlerCatalog catalog() {
        return catalog;
    }

    /** Stops starting new nodes; those in flight finish. */
    void requestStop() {
        executor.requestStop();
    }

    /** Runs {@code task} for each node of {@code nodes}, each once every node it waits for is done. */
    Map<String, NodeResult> each(DependencyGraph nodes, GraphExecutor.NodeTask task) {
        return executor.run(nodes, false, task);
    }

    /** Carries out one step with its handler. */
    StepRunner.Result step(Step step) {
        return runner.run(step);
    }

    /** What {@code plan} tears down (orphans, replaced objects, deletions), dependants before what they depend on. */
    TeardownGraph teardown(Plan plan) {
        return TeardownGraph.of(graph, plan, catalog.kinds());
    }

    static boolean allSucceeded(Map<String, NodeResult> results) {
        return results.values().stream().allMatch(r -> r.status() == NodeResult.Status.SUCCEEDED);
    }
}

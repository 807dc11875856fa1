package dev.tapctl.engine;

import dev.tapctl.engine.spi.DeleteResult;
import dev.tapctl.engine.spi.HandlerCatalog;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Deletes the orphans of a plan. Orphans have no dependency edges any more, so they go in the
 * reverse order of their kinds, as the catalog orders them ({@link HandlerCatalog#kinds()}, which
 * also ranks kinds the graph no longer has), else as the graph does: a function before its role
 * and queue, an instance before anything it used, a NAT gateway before its Elastic IP.
 */
final class OrphanRemover {
    private final ResourceGraph graph;
    private final HandlerCatalog catalog;
    private final RunSettings settings;

    OrphanRemover(ResourceGraph graph, HandlerCatalog catalog, RunSettings settings) {
        this.graph = graph;
        this.catalog = catalog;
        this.settings = settings;
    }

    /** What happened to each orphan planned for deletion; throws if any could not be deleted. */
    Map<String, DeleteResult> remove(Plan plan) {
        Map<String, Integer> kindRank = new HashMap<>();
        List<String> kinds = catalog.kinds();
        if (kinds.isEmpty()) {
            List<String> order = graph.order();
            kinds = order.stream().map(id -> graph.get(id).kind()).toList();
        }
        for (int i = 0; i < kinds.size(); i++) {
            kindRank.putIfAbsent(kinds.get(i), i);
        }
        List<Step> orphans = plan.changes().stream()
                .filter(c -> c.reason() == Reason.ORPHAN && c.action() == Action.DELETE)
                .sorted(Comparator.comparing((Step c) -> kindRank.getOrDefault(c.kind(), 0)).reversed())
                .toList();
        Map<String, DeleteResult> done = new LinkedHashMap<>();
        Map<String, NodeResult> results = new LinkedHashMap<>();
        StepRunner runner = new StepRunner(catalog, settings.progress());
        for (Step orphan : orphans) {
            long start = System.nanoTime();
            try {
                if (runner.run(orphan) instanceof StepRunner.Result.Removed removed) {
                    done.put(orphan.id(), removed.result());
                }
                results.put(orphan.id(), NodeResult.succeeded(orphan.id(), Duration.ofNanos(System.nanoTime() - start)));
            } catch (RuntimeException e) {
                results.put(orphan.id(), NodeResult.failed(orphan.id(), e, Duration.ofNanos(System.nanoTime() - start)));
            }
        }
        if (results.values().stream().anyMatch(r -> r.status() == NodeResult.Status.FAILED)) {
            throw new RunFailedException("removing orphans failed", results);
        }
        return done;
    }
}

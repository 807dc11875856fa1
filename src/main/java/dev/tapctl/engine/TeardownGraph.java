package dev.tapctl.engine;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The steps of one teardown as a graph run forwards: every configured resource after its
 * dependants, and the orphans the plan deletes among them. Orphans have no dependency edges any
 * more, so their kinds order them, as the catalog ranks kinds (see
 * {@link dev.tapctl.engine.spi.HandlerCatalog#kinds()}, which also ranks kinds the graph no longer
 * has; without it, as the graph orders them): an orphan goes after the orphans of every kind ranked
 * above its own (which may depend on it), and before every configured resource of a kind ranked
 * below (which it may depend on). So a function goes before its role and queue, an instance before
 * anything it used, a NAT gateway before its subnet and Elastic IP, and independent orphans go in
 * parallel.
 */
final class TeardownGraph implements DependencyGraph {
    private final Map<String, Step> steps;
    private final Map<String, Set<String>> waitsFor;
    private final Map<String, Set<String>> dependants;

    private TeardownGraph(Map<String, Step> steps, Map<String, Set<String>> waitsFor) {
        this.steps = steps;
        this.waitsFor = waitsFor;
        this.dependants = new HashMap<>();
        steps.keySet().forEach(id -> dependants.put(id, new LinkedHashSet<>()));
        waitsFor.forEach(
                (id, others) -> others.forEach(other -> dependants.get(other).add(id)));
    }

    /** {@code kinds}: the catalog's ranking of kinds, each after those it may depend on; empty for the graph's. */
    static TeardownGraph of(ResourceGraph graph, Plan plan, List<String> kinds) {
        Map<String, Integer> rank = rank(graph, kinds);
        Map<String, Step> steps = new LinkedHashMap<>();
        Map<String, Set<String>> waitsFor = new HashMap<>();
        List<Step> orphans = plan.changes().stream()
                .filter(c -> c instanceof Step.Orphan && c.action() == Action.DELETE)
                .sorted(Comparator.comparing((Step c) -> rank.getOrDefault(c.kind(), 0))
                        .reversed())
                .toList();
        List<String> orphanIds = new ArrayList<>();
        for (Step orphan : orphans) {
            String id = unique(orphan.id(), steps);
            Set<String> above = new LinkedHashSet<>();
            for (String earlier : orphanIds) {
                if (rankOf(steps.get(earlier), rank) > rankOf(orphan, rank)) {
                    above.add(earlier);
                }
            }
            steps.put(id, orphan);
            waitsFor.put(id, above);
            orphanIds.add(id);
        }
        List<String> configured = new ArrayList<>(graph.order());
        Collections.reverse(configured);
        for (String id : configured) {
            Step step = plan.change(id).orElseThrow(() -> new IllegalStateException("not planned: " + id));
            Set<String> waits = new LinkedHashSet<>(graph.dependantsOf(id));
            for (String orphan : orphanIds) {
                if (rankOf(steps.get(orphan), rank) > rankOf(step, rank)) {
                    waits.add(orphan);
                }
            }
            steps.put(id, step);
            waitsFor.put(id, waits);
        }
        return new TeardownGraph(steps, waitsFor);
    }

    /** The step of node {@code id}. */
    Step step(String id) {
        return steps.get(id);
    }

    /** Whether the plan deletes orphans. */
    boolean hasOrphans() {
        return steps.values().stream().anyMatch(s -> s instanceof Step.Orphan);
    }

    /** Orphans first, dependants before what they depend on. */
    @Override
    public List<String> order() {
        return List.copyOf(steps.keySet());
    }

    @Override
    public Collection<String> dependenciesOf(String id) {
        return waitsFor.get(id);
    }

    @Override
    public Collection<String> dependantsOf(String id) {
        return dependants.get(id);
    }

    private static Map<String, Integer> rank(ResourceGraph graph, List<String> kinds) {
        List<String> ranked = kinds.isEmpty()
                ? graph.order().stream().map(id -> graph.get(id).kind().name()).toList()
                : kinds;
        Map<String, Integer> rank = new HashMap<>();
        for (int i = 0; i < ranked.size(); i++) {
            rank.putIfAbsent(ranked.get(i), i);
        }
        return rank;
    }

    private static int rankOf(Step step, Map<String, Integer> rank) {
        return rank.getOrDefault(step.kind(), 0);
    }

    /** Two orphans may carry the same logical id (a crash can leave a duplicate): each is its own node. */
    private static String unique(String id, Map<String, Step> taken) {
        String candidate = id;
        for (int n = 2; taken.containsKey(candidate); n++) {
            candidate = id + "#" + n;
        }
        return candidate;
    }
}

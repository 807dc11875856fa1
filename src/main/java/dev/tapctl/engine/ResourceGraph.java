package dev.tapctl.engine;

import dev.tapctl.engine.spi.ResourceDef;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The desired resources and their dependencies, checked when built: unique ids, dependencies that
 * exist, and no cycle. Iteration order is a topological order (stable in declaration order).
 */
public final class ResourceGraph implements DependencyGraph {
    private final Map<String, ResourceDef<?>> byId;
    private final Map<String, Set<String>> dependants;
    private final Map<String, List<String>> dependencies;
    private final List<String> order;

    private ResourceGraph(
            Map<String, ResourceDef<?>> byId,
            Map<String, Set<String>> dependants,
            Map<String, List<String>> dependencies,
            List<String> order) {
        this.byId = byId;
        this.dependants = dependants;
        this.dependencies = dependencies;
        this.order = order;
    }

    public static ResourceGraph of(Collection<? extends ResourceDef<?>> resources) {
        Map<String, ResourceDef<?>> byId = new LinkedHashMap<>();
        for (ResourceDef<?> def : resources) {
            if (byId.put(def.id(), def) != null) {
                throw new GraphException("duplicate resource id " + def.id());
            }
        }
        Map<String, Set<String>> dependants = new LinkedHashMap<>();
        byId.keySet().forEach(id -> dependants.put(id, new LinkedHashSet<>()));
        for (ResourceDef<?> def : byId.values()) {
            for (String dependency : def.dependsOn()) {
                if (!byId.containsKey(dependency)) {
                    throw new GraphException(def.id() + " depends on " + dependency + ", which is not in the graph");
                }
                dependants.get(dependency).add(def.id());
            }
        }
        List<String> order = topologicalOrder(byId);
        Map<String, Set<String>> frozen = new LinkedHashMap<>();
        dependants.forEach((id, set) -> frozen.put(id, Set.copyOf(set)));
        Map<String, List<String>> dependencies = new LinkedHashMap<>();
        byId.forEach((id, def) -> dependencies.put(id, def.dependsOn()));
        return new ResourceGraph(byId, Map.copyOf(frozen), Map.copyOf(dependencies), List.copyOf(order));
    }

    /**
     * The sub-graph of {@code ids} (each must be in this graph): the same resources and the same
     * edges between them, in the same order. An edge to a resource left out is left out too, so
     * a run over the sub-graph waits only for what it has; each resource's own {@code dependsOn}
     * still names every dependency.
     */
    public ResourceGraph restrictedTo(Set<String> ids) {
        for (String id : ids) {
            get(id);
        }
        Map<String, ResourceDef<?>> kept = new LinkedHashMap<>();
        Map<String, Set<String>> keptDependants = new LinkedHashMap<>();
        Map<String, List<String>> keptDependencies = new LinkedHashMap<>();
        List<String> keptOrder = order.stream().filter(ids::contains).toList();
        for (String id : keptOrder) {
            kept.put(id, byId.get(id));
            keptDependants.put(
                    id,
                    Set.copyOf(dependants.get(id).stream().filter(ids::contains).toList()));
            keptDependencies.put(
                    id, dependencies.get(id).stream().filter(ids::contains).toList());
        }
        return new ResourceGraph(kept, Map.copyOf(keptDependants), Map.copyOf(keptDependencies), keptOrder);
    }

    /** Depth-first search that reports the first cycle it meets as a path. */
    private static List<String> topologicalOrder(Map<String, ResourceDef<?>> byId) {
        List<String> order = new ArrayList<>();
        Set<String> done = new LinkedHashSet<>();
        for (String id : byId.keySet()) {
            visit(id, byId, done, new ArrayDeque<>(), order);
        }
        return order;
    }

    private static void visit(
            String id, Map<String, ResourceDef<?>> byId, Set<String> done, Deque<String> path, List<String> order) {
        if (done.contains(id)) {
            return;
        }
        if (path.contains(id)) {
            List<String> cycle = new ArrayList<>();
            var it = path.descendingIterator();
            boolean inCycle = false;
            while (it.hasNext()) {
                String step = it.next();
                inCycle |= step.equals(id);
                if (inCycle) {
                    cycle.add(step);
                }
            }
            cycle.add(id);
            throw new GraphException("dependency cycle: " + String.join(" -> ", cycle));
        }
        path.push(id);
        for (String dependency : byId.get(id).dependsOn()) {
            visit(dependency, byId, done, path, order);
        }
        path.pop();
        done.add(id);
        order.add(id);
    }

    @Override
    public List<String> order() {
        return order;
    }

    public ResourceDef<?> get(String id) {
        ResourceDef<?> def = byId.get(id);
        if (def == null) {
            throw new IllegalArgumentException("no resource " + id);
        }
        return def;
    }

    public boolean contains(String id) {
        return byId.containsKey(id);
    }

    @Override
    public List<String> dependenciesOf(String id) {
        get(id);
        return dependencies.get(id);
    }

    @Override
    public Set<String> dependantsOf(String id) {
        return dependants.get(id);
    }

    public int size() {
        return order.size();
    }
}

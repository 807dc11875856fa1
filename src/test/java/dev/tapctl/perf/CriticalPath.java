package dev.tapctl.perf;

import dev.tapctl.engine.ResourceGraph;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The longest path through a resource graph when each node costs what {@code cost} says (missing
 * nodes cost nothing): the least time any executor, however parallel, needs for one pass over the
 * graph, since a node can only start when everything it depends on is done.
 */
public record CriticalPath(long lengthNanos, List<String> path) {

    public static CriticalPath of(ResourceGraph graph, Map<String, Long> cost) {
        Map<String, Long> finish = new HashMap<>();
        Map<String, String> via = new HashMap<>();
        for (String id : graph.order()) {
            long start = 0;
            String from = null;
            for (String dependency : graph.dependenciesOf(id)) {
                long f = finish.get(dependency);
                if (from == null || f > start) {
                    start = f;
                    from = dependency;
                }
            }
            finish.put(id, start + cost.getOrDefault(id, 0L));
            via.put(id, from);
        }
        String last = null;
        for (String id : graph.order()) {
            if (last == null || finish.get(id) > finish.get(last)) {
                last = id;
            }
        }
        if (last == null) {
            return new CriticalPath(0, List.of());
        }
        List<String> path = new ArrayList<>();
        for (String id = last; id != null; id = via.get(id)) {
            path.add(id);
        }
        Collections.reverse(path);
        return new CriticalPath(finish.get(last), List.copyOf(path));
    }

    /** The sum of every node's cost: what a single worker needs. */
    public static long serial(Map<String, Long> cost) {
        return cost.values().stream().mapToLong(Long::longValue).sum();
    }
}

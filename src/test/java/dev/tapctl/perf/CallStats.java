package dev.tapctl.perf;

import dev.tapctl.engine.ResourceGraph;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Sums and breakdowns of a {@link CallTrace}. */
public final class CallStats {
    private CallStats() {}

    /** Injected latency per resource (nanoseconds). */
    public static Map<String, Long> injectedByNode(Collection<CallTrace.Call> calls) {
        return calls.stream()
                .collect(Collectors.groupingBy(
                        CallTrace.Call::node, TreeMap::new, Collectors.summingLong(CallTrace.Call::injectedNanos)));
    }

    /** Time spent in handler methods per resource (nanoseconds): the measured cost of each node. */
    public static Map<String, Long> handlerTimeByNode(Collection<CallTrace.HandlerSpan> spans) {
        return spans.stream()
                .collect(Collectors.groupingBy(
                        CallTrace.HandlerSpan::node,
                        TreeMap::new,
                        Collectors.summingLong(s -> s.endNanos() - s.startNanos())));
    }

    public static long injected(Collection<CallTrace.Call> calls) {
        return calls.stream().mapToLong(CallTrace.Call::injectedNanos).sum();
    }

    /** The resource kind of a call's node ({@code aws.ec2.vpc}), or the node itself for calls outside any resource. */
    public static String kindOf(ResourceGraph graph, CallTrace.Call call) {
        return graph.contains(call.node()) ? graph.get(call.node()).kind().name() : call.node();
    }

    /** kind -> "Service:Operation" -> number of calls, kinds and operations sorted. */
    public static Map<String, Map<String, Long>> operationsByKind(
            ResourceGraph graph, Collection<CallTrace.Call> calls) {
        Map<String, Map<String, Long>> byKind = new TreeMap<>();
        for (CallTrace.Call call : calls) {
            byKind.computeIfAbsent(kindOf(graph, call), k -> new TreeMap<>())
                    .merge(call.service() + ":" + call.operation(), 1L, Long::sum);
        }
        return byKind;
    }

    /** Resources per kind in the graph. */
    public static Map<String, Long> resourcesByKind(ResourceGraph graph) {
        return graph.order().stream()
                .collect(Collectors.groupingBy(id -> graph.get(id).kind().name(), TreeMap::new, Collectors.counting()));
    }

    /** "Service:Operation" -> number of calls. */
    public static Map<String, Long> operations(Collection<CallTrace.Call> calls) {
        return calls.stream()
                .collect(Collectors.groupingBy(
                        c -> c.service() + ":" + c.operation(), TreeMap::new, Collectors.counting()));
    }

    /**
     * One line per kind: {@code aws.ec2.vpc x1: 4 calls (4.0/resource) EC2:DescribeVpcs 1, ...}.
     */
    public static String describeByKind(ResourceGraph graph, Collection<CallTrace.Call> calls) {
        Map<String, Long> resources = resourcesByKind(graph);
        StringBuilder text = new StringBuilder();
        operationsByKind(graph, calls).forEach((kind, ops) -> {
            long total = ops.values().stream().mapToLong(Long::longValue).sum();
            long count = resources.getOrDefault(kind, 0L);
            text.append(String.format("  %-26s x%-2d %3d calls", kind, count, total));
            if (count > 0) {
                text.append(String.format(" (%.1f/resource)", (double) total / count));
            }
            text.append("  ")
                    .append(ops.entrySet().stream()
                            .map(e -> e.getKey() + " " + e.getValue())
                            .collect(Collectors.joining(", ")))
                    .append('\n');
        });
        return text.toString();
    }

    /** Calls that changed something, as "node Service:Operation". */
    public static List<String> mutating(Collection<CallTrace.Call> calls) {
        return calls.stream()
                .filter(CallTrace.Call::mutating)
                .map(c -> c.node() + " " + c.service() + ":" + c.operation())
                .toList();
    }
}

package dev.tapctl.cli;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Where a run's time went: its slowest resource steps, and its critical path, the chain of
 * dependent steps whose durations add up to the most (no parallelism could have made the run
 * shorter than that chain).
 */
record RunSummary(List<StepTimeline.Span> slowest, List<StepTimeline.Span> criticalPath) {
    static final int SLOWEST = 5;

    RunSummary {
        slowest = List.copyOf(slowest);
        criticalPath = List.copyOf(criticalPath);
    }

    /**
     * @param dependenciesOf a resource's dependencies; for a destroy, its dependants (what must go first)
     */
    static RunSummary of(List<StepTimeline.Span> spans, Function<String, List<String>> dependenciesOf) {
        // A replaced resource has two steps (the old one removed, the new one created): one span for both.
        Map<String, StepTimeline.Span> steps = new HashMap<>();
        spans.stream()
                .filter(StepTimeline.Span::step)
                .forEach(span -> steps.merge(span.track(), span, RunSummary::envelope));
        List<StepTimeline.Span> slowest = steps.values().stream()
                .sorted(Comparator.comparingLong(StepTimeline.Span::durationMicros)
                        .reversed()
                        .thenComparing(StepTimeline.Span::track))
                .limit(SLOWEST)
                .toList();
        Map<String, Long> longest = new HashMap<>();
        Map<String, String> via = new HashMap<>();
        String end = null;
        for (String id : steps.keySet().stream().sorted().toList()) {
            long length = chain(id, steps, dependenciesOf, longest, via);
            if (end == null || length > longest.get(end)) {
                end = id;
            }
        }
        List<StepTimeline.Span> path = new ArrayList<>();
        for (String id = end; id != null; id = via.get(id)) {
            path.add(steps.get(id));
        }
        Collections.reverse(path);
        return new RunSummary(slowest, path);
    }

    /** The longest chain of steps ending at {@code id}, memoised; the graph is acyclic. */
    private static long chain(
            String id,
            Map<String, StepTimeline.Span> steps,
            Function<String, List<String>> dependenciesOf,
            Map<String, Long> longest,
            Map<String, String> via) {
        Long known = longest.get(id);
        if (known != null) {
            return known;
        }
        long before = 0;
        for (String dependency : dependenciesOf.apply(id)) {
            if (steps.containsKey(dependency)) {
                long length = chain(dependency, steps, dependenciesOf, longest, via);
                if (length > before) {
                    before = length;
                    via.put(id, dependency);
                }
            }
        }
        long length = before + steps.get(id).durationMicros();
        longest.put(id, length);
        return length;
    }

    private static StepTimeline.Span envelope(StepTimeline.Span a, StepTimeline.Span b) {
        long start = Math.min(a.startMicros(), b.startMicros());
        long end = Math.max(a.endMicros(), b.endMicros());
        return new StepTimeline.Span(a.track(), a.name() + ", " + b.name(), start, end - start, true);
    }

    long criticalPathMicros() {
        return criticalPath.stream()
                .mapToLong(StepTimeline.Span::durationMicros)
                .sum();
    }

    /** The short block printed at the end of an apply or destroy. */
    List<String> lines() {
        if (slowest.isEmpty()) {
            return List.of();
        }
        List<String> lines = new ArrayList<>();
        lines.add("Slowest: "
                + String.join(
                        ", ",
                        slowest.stream()
                                .map(s -> s.track() + " " + seconds(s.durationMicros()))
                                .toList()));
        lines.add("Critical path (" + seconds(criticalPathMicros()) + "): "
                + String.join(
                        " -> ",
                        criticalPath.stream()
                                .map(s -> s.track() + " " + seconds(s.durationMicros()))
                                .toList()));
        return lines;
    }

    private static String seconds(long micros) {
        return String.format(java.util.Locale.ROOT, "%.1fs", micros / 1_000_000.0);
    }
}

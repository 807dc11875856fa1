package dev.tapctl.engine;

import dev.tapctl.engine.spi.DaemonThreads;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs one task per node of a graph, each as soon as every node it waits for has succeeded, with
 * at most {@code parallelism} running at once. A failure blocks only the nodes that (transitively)
 * wait for it; independent branches run to the end. In reverse mode a node waits for its
 * dependants instead, which is the order of a teardown.
 */
public final class GraphExecutor {

    /** The work done for one node. */
    @FunctionalInterface
    public interface NodeTask {
        void run(String id) throws Exception;
    }

    private final int parallelism;
    private final AtomicBoolean stopRequested = new AtomicBoolean();

    public GraphExecutor(int parallelism) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1");
        }
        this.parallelism = parallelism;
    }

    /** After this, running nodes finish but no new node starts; the rest end SKIPPED. */
    public void requestStop() {
        stopRequested.set(true);
    }

    public Map<String, NodeResult> run(DependencyGraph graph, boolean reverse, NodeTask task) {
        Map<String, Integer> waitingOn = new HashMap<>();
        for (String id : graph.order()) {
            waitingOn.put(
                    id,
                    reverse
                            ? graph.dependantsOf(id).size()
                            : graph.dependenciesOf(id).size());
        }
        Map<String, NodeResult> results = new LinkedHashMap<>();
        Deque<String> ready = new ArrayDeque<>();
        List<String> order = reverse ? reversed(graph.order()) : graph.order();
        order.stream().filter(id -> waitingOn.get(id) == 0).forEach(ready::add);

        ExecutorService pool = Executors.newFixedThreadPool(parallelism, DaemonThreads.numbered("tapctl-worker"));
        CompletionService<NodeResult> completion = new ExecutorCompletionService<>(pool);
        int running = 0;
        try {
            while (!ready.isEmpty() || running > 0) {
                while (!ready.isEmpty() && running < parallelism) {
                    String id = ready.poll();
                    if (stopRequested.get()) {
                        results.put(id, NodeResult.skipped(id));
                        continue;
                    }
                    completion.submit(() -> runOne(id, task));
                    running++;
                }
                if (running == 0) {
                    break;
                }
                NodeResult result = take(completion);
                running--;
                results.put(result.id(), result);
                Set<String> next =
                        Set.copyOf(reverse ? graph.dependenciesOf(result.id()) : graph.dependantsOf(result.id()));
                if (result.status() == NodeResult.Status.SUCCEEDED) {
                    for (String id : order) {
                        if (next.contains(id) && waitingOn.merge(id, -1, Integer::sum) == 0) {
                            ready.add(id);
                        }
                    }
                } else {
                    block(graph, reverse, result.id(), result.id(), results);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        for (String id : order) {
            results.putIfAbsent(id, NodeResult.skipped(id));
        }
        Map<String, NodeResult> ordered = new LinkedHashMap<>();
        order.forEach(id -> ordered.put(id, results.get(id)));
        return ordered;
    }

    private static NodeResult runOne(String id, NodeTask task) {
        long start = System.nanoTime();
        try {
            task.run(id);
            return NodeResult.succeeded(id, Duration.ofNanos(System.nanoTime() - start));
        } catch (Exception | Error e) {
            return NodeResult.failed(id, e, Duration.ofNanos(System.nanoTime() - start));
        }
    }

    private static void block(
            DependencyGraph graph, boolean reverse, String from, String cause, Map<String, NodeResult> results) {
        var next = reverse ? graph.dependenciesOf(from) : graph.dependantsOf(from);
        for (String id : next) {
            if (!results.containsKey(id)) {
                results.put(id, NodeResult.blocked(id, cause));
                block(graph, reverse, id, cause, results);
            }
        }
    }

    private static NodeResult take(CompletionService<NodeResult> completion) {
        try {
            Future<NodeResult> done = completion.take();
            return done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for resources", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    private static List<String> reversed(List<String> order) {
        var copy = new java.util.ArrayList<>(order);
        java.util.Collections.reverse(copy);
        return copy;
    }
}

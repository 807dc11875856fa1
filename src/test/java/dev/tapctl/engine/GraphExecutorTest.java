package dev.tapctl.engine;

import static dev.tapctl.engine.RecordingHandler.def;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.tapctl.engine.NodeResult.Status;
import dev.tapctl.engine.spi.ResourceDef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class GraphExecutorTest {
    private static final Duration LIMIT = Duration.ofSeconds(10);

    /** Start and end of each node on one logical clock (a counter, so ties cannot happen). */
    private static final class Timeline {
        private final AtomicInteger clock = new AtomicInteger();
        final Map<String, Integer> start = new ConcurrentHashMap<>();
        final Map<String, Integer> end = new ConcurrentHashMap<>();
        final Map<String, String> thread = new ConcurrentHashMap<>();
        final List<String> ran = new CopyOnWriteArrayList<>();

        void started(String id) {
            start.put(id, clock.incrementAndGet());
            thread.put(id, Thread.currentThread().getName());
            ran.add(id);
        }

        void ended(String id) {
            end.put(id, clock.incrementAndGet());
        }

        GraphExecutor.NodeTask around(GraphExecutor.NodeTask body) {
            return id -> {
                started(id);
                try {
                    body.run(id);
                } finally {
                    ended(id);
                }
            };
        }
    }

    @Test
    void independentNodesRunAtTheSameTime() {
        // Each node waits for the other at a barrier: both can only succeed if they overlap.
        ResourceGraph graph = ResourceGraph.of(List.of(def("left"), def("right")));
        CyclicBarrier meet = new CyclicBarrier(2);
        Timeline timeline = new Timeline();

        Map<String, NodeResult> results = assertTimeoutPreemptively(LIMIT, () -> new GraphExecutor(2)
                .run(graph, false, timeline.around(id -> meet.await(2, TimeUnit.SECONDS))));

        assertThat(results.values()).extracting(NodeResult::status).containsOnly(Status.SUCCEEDED);
        assertThat(timeline.thread.get("left")).isNotEqualTo(timeline.thread.get("right"));
        assertThat(timeline.thread.values()).allMatch(name -> name.startsWith("tapctl-worker-"));
    }

    @Test
    void atMostParallelismNodesRunAtOnce() {
        List<ResourceDef<?>> defs = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            defs.add(def("n" + i));
        }
        ResourceGraph graph = ResourceGraph.of(defs);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger maxRunning = new AtomicInteger();
        // Pairs meet at the barrier, so two really do overlap; the short pause after it leaves a
        // window in which a third node, if the bound were broken, would be counted.
        CyclicBarrier pair = new CyclicBarrier(2);

        Map<String, NodeResult> results =
                assertTimeoutPreemptively(LIMIT, () -> new GraphExecutor(2).run(graph, false, id -> {
                    maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                    try {
                        pair.await(2, TimeUnit.SECONDS);
                        Thread.sleep(15);
                    } finally {
                        running.decrementAndGet();
                    }
                }));

        assertThat(results).hasSize(6);
        assertThat(results.values()).extracting(NodeResult::status).containsOnly(Status.SUCCEEDED);
        assertThat(maxRunning.get()).isEqualTo(2);
    }

    @Test
    void noNodeStartsBeforeAllItsDependenciesFinished() {
        List<ResourceDef<?>> defs = List.of(
                def("key"),
                def("vpc"),
                def("logs", "key"),
                def("role", "logs"),
                def("subnet", "vpc"),
                def("fn", "role", "subnet", "key"),
                def("api", "fn"));
        ResourceGraph graph = ResourceGraph.of(defs);
        Timeline timeline = new Timeline();

        Map<String, NodeResult> results = assertTimeoutPreemptively(
                LIMIT, () -> new GraphExecutor(4).run(graph, false, timeline.around(id -> Thread.yield())));

        assertThat(results.values()).extracting(NodeResult::status).containsOnly(Status.SUCCEEDED);
        for (ResourceDef<?> def : defs) {
            for (String dependency : def.dependsOn()) {
                assertThat(timeline.end.get(dependency))
                        .as("%s ended before %s started", dependency, def.id())
                        .isLessThan(timeline.start.get(def.id()));
            }
        }
    }

    @Test
    void aFailureBlocksOnlyItsDescendants() {
        // Diamond top -> {left, right} -> bottom -> leaf, plus an independent branch solo -> soloChild.
        ResourceGraph graph = ResourceGraph.of(List.of(
                def("top"),
                def("left", "top"),
                def("right", "top"),
                def("bottom", "left", "right"),
                def("leaf", "bottom"),
                def("solo"),
                def("soloChild", "solo")));
        CountDownLatch leftFailed = new CountDownLatch(1);
        Timeline timeline = new Timeline();

        Map<String, NodeResult> results =
                assertTimeoutPreemptively(LIMIT, () -> new GraphExecutor(4).run(graph, false, timeline.around(id -> {
                    switch (id) {
                        case "left" -> {
                            leftFailed.countDown();
                            throw new IllegalStateException("boom in left");
                        }
                        // The independent branch only goes on once the failure happened.
                        case "soloChild" ->
                            assertThat(leftFailed.await(2, TimeUnit.SECONDS)).isTrue();
                        default -> {}
                    }
                })));

        assertThat(results.get("left").status()).isEqualTo(Status.FAILED);
        assertThat(results.get("left").error()).hasMessage("boom in left");
        assertThat(results.get("bottom").status()).isEqualTo(Status.BLOCKED);
        assertThat(results.get("bottom").blockedBy()).isEqualTo("left");
        assertThat(results.get("leaf").status()).isEqualTo(Status.BLOCKED);
        assertThat(results.get("leaf").blockedBy()).isEqualTo("left");
        assertThat(results.get("top").status()).isEqualTo(Status.SUCCEEDED);
        assertThat(results.get("right").status()).isEqualTo(Status.SUCCEEDED);
        assertThat(results.get("solo").status()).isEqualTo(Status.SUCCEEDED);
        assertThat(results.get("soloChild").status()).isEqualTo(Status.SUCCEEDED);
        assertThat(timeline.ran).doesNotContain("bottom", "leaf");
        assertThat(results.keySet()).containsExactlyElementsOf(graph.order());
    }

    @Test
    void reverseModeRunsDependantsBeforeTheirDependencies() {
        List<ResourceDef<?>> defs =
                List.of(def("key"), def("logs", "key"), def("role", "key"), def("fn", "logs", "role"), def("other"));
        ResourceGraph graph = ResourceGraph.of(defs);
        Timeline timeline = new Timeline();

        Map<String, NodeResult> results = assertTimeoutPreemptively(
                LIMIT, () -> new GraphExecutor(4).run(graph, true, timeline.around(id -> Thread.yield())));

        assertThat(results.values()).extracting(NodeResult::status).containsOnly(Status.SUCCEEDED);
        for (ResourceDef<?> def : defs) {
            for (String dependency : def.dependsOn()) {
                assertThat(timeline.end.get(def.id()))
                        .as("%s (dependant) ended before %s started", def.id(), dependency)
                        .isLessThan(timeline.start.get(dependency));
            }
        }
    }

    @Test
    void inReverseModeAFailureBlocksTheDependencies() {
        ResourceGraph graph =
                ResourceGraph.of(List.of(def("key"), def("logs", "key"), def("fn", "logs"), def("other")));

        Map<String, NodeResult> results =
                assertTimeoutPreemptively(LIMIT, () -> new GraphExecutor(2).run(graph, true, id -> {
                    if (id.equals("fn")) {
                        throw new IllegalStateException("cannot delete fn");
                    }
                }));

        assertThat(results.get("fn").status()).isEqualTo(Status.FAILED);
        assertThat(results.get("logs").status()).isEqualTo(Status.BLOCKED);
        assertThat(results.get("logs").blockedBy()).isEqualTo("fn");
        assertThat(results.get("key").status()).isEqualTo(Status.BLOCKED);
        assertThat(results.get("key").blockedBy()).isEqualTo("fn");
        assertThat(results.get("other").status()).isEqualTo(Status.SUCCEEDED);
    }

    @Test
    void requestStopLetsRunningNodesFinishAndSkipsTheRest() {
        // Parallelism 1: "first" runs alone and asks to stop; "second" is ready but not started,
        // "child" and "grandchild" are not ready yet.
        ResourceGraph graph = ResourceGraph.of(
                List.of(def("first"), def("second"), def("child", "first"), def("grandchild", "child")));
        GraphExecutor executor = new GraphExecutor(1);
        Timeline timeline = new Timeline();

        Map<String, NodeResult> results = assertTimeoutPreemptively(
                LIMIT, () -> executor.run(graph, false, timeline.around(id -> executor.requestStop())));

        assertThat(timeline.ran).containsExactly("first");
        assertThat(results.get("first").status()).isEqualTo(Status.SUCCEEDED);
        assertThat(results.get("second").status()).isEqualTo(Status.SKIPPED);
        assertThat(results.get("child").status()).isEqualTo(Status.SKIPPED);
        assertThat(results.get("grandchild").status()).isEqualTo(Status.SKIPPED);
    }

    @Test
    void requestStopFromOutsideWhileANodeRuns() {
        ResourceGraph graph = ResourceGraph.of(List.of(def("slow"), def("after", "slow")));
        GraphExecutor executor = new GraphExecutor(2);
        CountDownLatch slowStarted = new CountDownLatch(1);
        CountDownLatch stopSent = new CountDownLatch(1);
        Set<String> ran = ConcurrentHashMap.newKeySet();

        Thread stopper = new Thread(() -> {
            try {
                if (slowStarted.await(2, TimeUnit.SECONDS)) {
                    executor.requestStop();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                stopSent.countDown();
            }
        });
        stopper.start();

        Map<String, NodeResult> results = assertTimeoutPreemptively(
                LIMIT,
                () -> executor.run(graph, false, id -> {
                    ran.add(id);
                    if (id.equals("slow")) {
                        slowStarted.countDown();
                        assertThat(stopSent.await(2, TimeUnit.SECONDS)).isTrue();
                    }
                }));

        assertThat(ran).containsExactly("slow");
        assertThat(results.get("slow").status()).isEqualTo(Status.SUCCEEDED);
        assertThat(results.get("after").status()).isEqualTo(Status.SKIPPED);
    }

    @Test
    void parallelismBelowOneIsRefused() {
        assertThatThrownBy(() -> new GraphExecutor(0)).isInstanceOf(IllegalArgumentException.class);
    }
}

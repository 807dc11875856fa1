package dev.tapctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RunSummaryTest {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final StepTimeline timeline = new StepTimeline(nanos::get);

    private void at(double seconds) {
        nanos.set(1_000_000_000L + (long) (seconds * 1e9));
    }

    @Test
    void aStepIsOneSpanAndEachWaitItReportsASpanWithinIt() {
        at(1);
        timeline.started("data.db", "creating");
        at(2);
        timeline.status("data.db", "waiting for available");
        at(7);
        timeline.status("data.db", "tagging");
        at(8);
        timeline.finished("data.db", "creating", Duration.ofSeconds(7));

        assertThat(timeline.spans())
                .containsExactly(
                        new StepTimeline.Span("data.db", "waiting for available", 2_000_000, 5_000_000, false),
                        new StepTimeline.Span("data.db", "creating", 1_000_000, 7_000_000, true));
    }

    @Test
    void aPhaseIsASpanOfTheRunsOwnTrack() {
        at(0.5);
        String result = timeline.phase("plan", () -> {
            at(2.5);
            return "planned";
        });
        assertThat(result).isEqualTo("planned");
        assertThat(timeline.spans())
                .containsExactly(new StepTimeline.Span(StepTimeline.RUN_TRACK, "plan", 500_000, 2_000_000, false));
    }

    @Test
    void theCriticalPathIsTheChainWhoseDurationsAddUpToTheMostNotTheOneWithTheLongestStep() {
        // key (1s) -> secret (1s) -> db (5s); vpc (2s) -> subnet (1s) -> db; bucket (6s) alone.
        step("key", 0, 1);
        step("vpc", 0, 2);
        step("bucket", 0, 6);
        step("secret", 1, 2);
        step("subnet", 2, 3);
        step("db", 3, 8);
        Map<String, List<String>> deps =
                Map.of("secret", List.of("key"), "subnet", List.of("vpc"), "db", List.of("secret", "subnet"));

        RunSummary summary = RunSummary.of(timeline.spans(), id -> deps.getOrDefault(id, List.of()));

        assertThat(summary.criticalPath()).extracting(StepTimeline.Span::track).containsExactly("vpc", "subnet", "db");
        assertThat(summary.criticalPathMicros()).isEqualTo(8_000_000);
        assertThat(summary.slowest())
                .extracting(StepTimeline.Span::track)
                .containsExactly("bucket", "db", "vpc", "key", "secret");
        assertThat(summary.lines())
                .containsExactly(
                        "Slowest: bucket 6.0s, db 5.0s, vpc 2.0s, key 1.0s, secret 1.0s",
                        "Critical path (8.0s): vpc 2.0s -> subnet 1.0s -> db 5.0s");
    }

    @Test
    void aReplacedResourcesTwoStepsCountAsOne() {
        step("db", 0, 3);
        step("db", 3, 7);
        RunSummary summary = RunSummary.of(timeline.spans(), id -> List.of());
        assertThat(summary.criticalPath()).hasSize(1);
        assertThat(summary.criticalPathMicros()).isEqualTo(7_000_000);
    }

    @Test
    void aRunWithNoStepPrintsNothing() {
        assertThat(RunSummary.of(List.of(), id -> List.of()).lines()).isEmpty();
    }

    private void step(String id, double start, double end) {
        at(start);
        timeline.started(id, "creating");
        at(end);
        timeline.finished(id, "creating", Duration.ZERO);
    }
}

package dev.tapctl.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tapctl.testing.CallLog;
import dev.tapctl.testing.CliRun;
import dev.tapctl.testing.Emulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/** What the reliability tests share: tapctl against the emulator with extra interceptors, and a clean apply to compare with. */
final class Reliability {
    /** Tiny waits: the emulator makes resources available at once. */
    static final Duration POLL = Duration.ofMillis(10);

    static final Duration WAIT_TIMEOUT = Duration.ofSeconds(30);
    /** Retries of throttled calls keep their number, not their real backoff: tests never sleep for it. */
    static final Duration RETRY_BACKOFF = Duration.ofMillis(1);

    static final Duration IAM_PROPAGATION_TIMEOUT = Duration.ofSeconds(2);
    static final Duration IAM_PROPAGATION_INTERVAL = Duration.ofMillis(10);

    private Reliability() {}

    /** tapctl in-process against the emulator, every SDK client carrying {@code interceptors} (what {@link CliRun#against} does, plus faults). */
    static CliRun tapctl(Emulator emulator, ExecutionInterceptor... interceptors) {
        List<ExecutionInterceptor> list = List.of(interceptors);
        return CliRun.with(settings -> settings.withEndpoint(emulator.endpoint())
                .withInterceptors(list)
                .withWaits(POLL, WAIT_TIMEOUT)
                .withRetryBackoff(RETRY_BACKOFF)
                .withPropagation(IAM_PROPAGATION_TIMEOUT, IAM_PROPAGATION_INTERVAL));
    }

    /** The outcome of a fault-free apply of dev on an empty emulator. */
    record CleanApply(
            Map<String, List<String>> snapshot,
            List<CallLog.Call> mutating,
            List<CallLog.Call> calls,
            Duration elapsed) {}

    /** Resets the emulator and applies dev without faults; {@code parallelism} null means the default. */
    static CleanApply cleanApply(Emulator emulator, String parallelism) {
        emulator.reset();
        CallLog log = new CallLog();
        List<String> args = new ArrayList<>(List.of("apply", "--env", "dev", "--auto-approve"));
        if (parallelism != null) {
            args.addAll(List.of("--parallelism", parallelism));
        }
        long start = System.nanoTime();
        CliRun.Result apply = tapctl(emulator, log).run(args.toArray(String[]::new));
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        assertThat(apply.exitCode()).as("clean apply: " + apply.all()).isZero();
        CliRun.Result plan = tapctl(emulator).run("plan", "--env", "dev", "--detailed-exitcode");
        assertThat(plan.exitCode())
                .as("plan after a clean apply: " + plan.all())
                .isZero();
        return new CleanApply(AccountSnapshot.of(emulator), log.mutating(), log.calls(), elapsed);
    }

    /** Asserts the account holds exactly what a clean apply leaves, kind by kind, names and counts. */
    static void assertSameResources(Emulator emulator, Map<String, List<String>> expected, String context) {
        Map<String, List<String>> actual = AccountSnapshot.of(emulator);
        assertThat(actual)
                .as(() -> context + ": the account differs from a clean apply's (duplicates or missing):\n"
                        + AccountSnapshot.difference(expected, actual))
                .isEqualTo(expected);
    }

    /** Sorted "Service:Operation" names, to compare the multiset of calls of two runs. */
    static List<String> sortedNames(List<CallLog.Call> calls) {
        return calls.stream().map(CallLog.Call::toString).sorted().toList();
    }

    static long millis(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}

package dev.tapctl.reliability;

import static dev.tapctl.reliability.Reliability.assertSameResources;
import static dev.tapctl.reliability.Reliability.millis;
import static dev.tapctl.reliability.Reliability.sortedNames;
import static dev.tapctl.reliability.Reliability.tapctl;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tapctl.testing.CallLog;
import dev.tapctl.testing.CliRun;
import dev.tapctl.testing.Emulator;
import dev.tapctl.testing.EmulatorExtension;
import dev.tapctl.testing.Faults;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * DESIGN.md section 2: "RetryMode.STANDARD (no home-made retry on top of it)". About 30% of first
 * attempts (and 10% of second attempts, never a third: see {@link Faults.Throttle} for why) are
 * answered with the service's throttling error before they reach the emulator. plan and apply must
 * come to exactly what they come to without faults, through the SDK's own retries alone: the same
 * plan, the same resources, the same mutating operations (no call made twice by a retry of
 * tapctl's own), and nothing left to plan afterwards.
 */
@ExtendWith(EmulatorExtension.class)
class ThrottlingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long SEED = 20_240_917L;
    private static final double FIRST_ATTEMPTS = 0.30;
    private static final double SECOND_ATTEMPTS = 0.10;

    @Test
    void planAndApplyUnderThrottlingReachTheSameResultAsWithoutFaults(Emulator emulator) throws IOException {
        Reliability.CleanApply clean = Reliability.cleanApply(emulator, null);
        emulator.reset();
        String cleanPlan = planOfEmptyAccount(tapctl(emulator));

        emulator.reset();
        Faults.Throttle throttle = new Faults.Throttle(SEED, FIRST_ATTEMPTS, SECOND_ATTEMPTS);
        CallLog log = new CallLog();
        CliRun throttled = tapctl(emulator, log, throttle);

        long start = System.nanoTime();
        assertThat(planOfEmptyAccount(throttled))
                .as("plan of the empty account under throttling")
                .isEqualTo(cleanPlan);
        long planned = System.nanoTime();
        log.clear();
        CliRun.Result apply = throttled.run("apply", "--env", "dev", "--auto-approve");
        long applied = System.nanoTime();
        assertThat(apply.exitCode())
                .as(
                        "apply under throttling: %s\noperations that ended throttled: %s",
                        apply.all(), throttle.unabsorbed())
                .isZero();
        assertThat(sortedNames(log.mutating()))
                .as("the mutating operations of apply under throttling: each made once, "
                        + "as without faults (the SDK retries attempts, tapctl does not repeat calls)")
                .isEqualTo(sortedNames(clean.mutating()));

        assertSameResources(emulator, clean.snapshot(), "after apply under throttling");
        CliRun.Result plan = throttled.run("plan", "--env", "dev", "--detailed-exitcode");
        assertThat(plan.exitCode())
                .as("plan --detailed-exitcode under throttling after apply: %s", plan.all())
                .isZero();

        List<Faults.Throttle.Throttled> hits = throttle.throttled();
        Map<String, Long> byService = hits.stream()
                .collect(Collectors.groupingBy(
                        t -> t.call().service() + " " + t.errorCode(), TreeMap::new, Collectors.counting()));
        System.out.printf(
                "[throttling] %d of %d attempts throttled (%d second attempts) %s; plan %d ms, apply %d ms, "
                        + "clean apply %d ms%n",
                hits.size(),
                throttle.attempts(),
                hits.stream().filter(t -> t.attempt() == 2).count(),
                byService,
                (planned - start) / 1_000_000,
                (applied - planned) / 1_000_000,
                clean.elapsed().toMillis());
        assertThat(hits)
                .as("throttled attempts (the test must not pass vacuously)")
                .hasSizeGreaterThanOrEqualTo(20);
        assertThat(hits).as("some calls were throttled twice in a row").anyMatch(t -> t.attempt() == 2);
        assertThat(hits.stream().filter(t -> mutating(t)).count())
                .as("throttled mutating attempts")
                .isPositive();
        // Throttles reached most services, so every protocol's error shape (EC2, query, REST-XML, JSON, REST-JSON) was
        // met.
        assertThat(byService.keySet().stream()
                        .map(k -> k.substring(0, k.indexOf(' ')))
                        .distinct()
                        .count())
                .as("services throttled: %s", byService)
                .isGreaterThanOrEqualTo(6);
        assertThat(throttle.unabsorbed())
                .as("operations that still ended in a throttling error")
                .isEmpty();
        System.out.printf("[throttling] total %d ms%n", millis(start));
    }

    private static boolean mutating(Faults.Throttle.Throttled t) {
        return t.call().mutating();
    }

    /** The plan of dev on an empty account as (id, action, reason) triples and its summary. */
    private static String planOfEmptyAccount(CliRun tapctl) throws IOException {
        CliRun.Result plan = tapctl.run("plan", "--env", "dev", "--json", "--detailed-exitcode");
        assertThat(plan.exitCode())
                .as("plan of an empty account: %s", plan.all())
                .isEqualTo(2);
        JsonNode json = JSON.readTree(plan.out());
        List<String> changes = new ArrayList<>();
        for (JsonNode change : json.path("changes")) {
            changes.add(change.path("id").asText() + " " + change.path("action").asText() + " "
                    + change.path("reason").asText());
        }
        return String.join("\n", changes) + "\n" + json.path("summary");
    }
}

package dev.tapctl.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tapctl.testing.CliRun;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code apply --trace}: a Chrome trace of every step, and the critical path the run prints. */
class ApplyTraceTest extends StackFixture {

    @Test
    void theTraceHasOneCompleteEventPerStepOverlappingWhereIndependentAndTheCriticalPathIsItsLongestChain(
            @TempDir Path dir) throws IOException {
        CliRun.Result plan = tapctl.run("plan", "--env", "dev", "--json");
        Map<String, List<String>> dependsOn = new HashMap<>();
        for (JsonNode change : changes(plan)) {
            List<String> deps = new ArrayList<>();
            change.path("dependsOn").forEach(d -> deps.add(d.asText()));
            dependsOn.put(change.path("id").asText(), deps);
        }
        Path file = dir.resolve("t.json");

        CliRun.Result apply = tapctl.run("apply", "--env", "dev", "--auto-approve", "--trace", file.toString());
        assertThat(apply.exitCode()).as(apply.all()).isZero();

        JsonNode trace = JSON.readTree(file.toFile());
        Map<Integer, String> trackNames = new HashMap<>();
        Map<String, long[]> steps = new HashMap<>();
        List<String> phases = new ArrayList<>();
        for (JsonNode event : trace.path("traceEvents")) {
            String ph = event.path("ph").asText();
            assertThat(ph).isIn("M", "X");
            assertThat(event.path("pid").isInt()).isTrue();
            assertThat(event.path("tid").isInt()).isTrue();
            if (ph.equals("M")) {
                if (event.path("name").asText().equals("thread_name")) {
                    trackNames.put(
                            event.path("tid").asInt(),
                            event.path("args").path("name").asText());
                }
                continue;
            }
            assertThat(event.path("ts").isIntegralNumber()).isTrue();
            assertThat(event.path("dur").asLong()).isNotNegative();
            String track = trackNames.get(event.path("tid").asInt());
            assertThat(track).as("every event's track is named").isNotNull();
            if (event.path("cat").asText().equals("step")) {
                assertThat(steps).as("one complete event per resource step").doesNotContainKey(track);
                long ts = event.path("ts").asLong();
                steps.put(track, new long[] {ts, ts + event.path("dur").asLong()});
            } else if (event.path("cat").asText().equals("phase")) {
                phases.add(event.path("name").asText());
            }
        }
        // A fresh environment: every resource is created, one step each.
        assertThat(steps.keySet()).isEqualTo(dependsOn.keySet());
        assertThat(phases).contains("plan", "lock");

        // The key and the VPC depend on nothing: they are built at once.
        long[] key = steps.get("kms.key");
        long[] vpc = steps.get("network.vpc");
        assertThat(key[0] < vpc[1] && vpc[0] < key[1])
                .as("kms.key %s and network.vpc %s overlap", key, vpc)
                .isTrue();

        List<String> longest = longestChain(steps, dependsOn);
        String printed = apply.out()
                .lines()
                .filter(line -> line.startsWith("Critical path ("))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no critical path in " + apply.out()));
        List<String> printedIds = new ArrayList<>();
        for (String part : printed.substring(printed.indexOf("): ") + 3).split(" -> ")) {
            printedIds.add(part.substring(0, part.lastIndexOf(' ')));
        }
        assertThat(printedIds).isEqualTo(longest);
        long total = longest.stream()
                .mapToLong(id -> steps.get(id)[1] - steps.get(id)[0])
                .sum();
        assertThat(printed).startsWith(String.format(Locale.ROOT, "Critical path (%.1fs): ", total / 1e6));
        assertThat(apply.out()).contains("Slowest: ");

        // destroy traces its steps the same way; a resource there waits for its dependants.
        Path destroyTrace = dir.resolve("d.json");
        CliRun.Result destroy =
                tapctl.run("destroy", "--env", "dev", "--confirm", "dev", "--trace", destroyTrace.toString());
        assertThat(destroy.exitCode()).as(destroy.all()).isZero();
        assertThat(destroy.out()).contains("Slowest: ", "Critical path (", "Trace: " + destroyTrace);
        JsonNode destroyed = JSON.readTree(destroyTrace.toFile());
        List<String> deletedSteps = new ArrayList<>();
        for (JsonNode event : destroyed.path("traceEvents")) {
            if (event.path("cat").asText().equals("step")) {
                deletedSteps.add(event.path("name").asText());
            }
        }
        assertThat(deletedSteps).isNotEmpty().contains("deleting");
    }

    /** The chain of dependencies whose step durations add up to the most, found by trying every chain. */
    private static List<String> longestChain(Map<String, long[]> steps, Map<String, List<String>> dependsOn) {
        List<String> best = List.of();
        long bestLength = -1;
        for (String end : steps.keySet()) {
            List<String> chain = new ArrayList<>();
            long length = longestTo(end, steps, dependsOn, chain, new HashSet<>());
            if (length > bestLength) {
                bestLength = length;
                best = chain;
            }
        }
        return best;
    }

    private static long longestTo(
            String id,
            Map<String, long[]> steps,
            Map<String, List<String>> dependsOn,
            List<String> chain,
            Set<String> seen) {
        assertThat(seen.add(id)).as("acyclic").isTrue();
        List<String> bestBefore = List.of();
        long before = 0;
        for (String dep : dependsOn.getOrDefault(id, List.of())) {
            List<String> sub = new ArrayList<>();
            long length = longestTo(dep, steps, dependsOn, sub, new HashSet<>(seen));
            if (length > before) {
                before = length;
                bestBefore = sub;
            }
        }
        chain.addAll(bestBefore);
        chain.add(id);
        return before + steps.get(id)[1] - steps.get(id)[0];
    }
}

package dev.tapctl.perf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tapctl.engine.ProgressListener;
import dev.tapctl.engine.ResourceGraph;
import dev.tapctl.testing.Emulator;
import dev.tapctl.testing.EmulatorExtension;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The structural facts behind tapctl's performance, checked on the full dev stack against the
 * emulator with the real engine and handlers. Nothing here is timed against a threshold: the
 * benchmark ({@code scripts/bench}) measures wall times; these tests pin what makes them good.
 */
@ExtendWith(EmulatorExtension.class)
class StructuralPerformanceTest {
    private static final Path PROJECT = Path.of("").toAbsolutePath();
    private static final int PARALLELISM = 8;
    /**
     * The goal for a plan of the whole stack, the account lookup and the orphan listings
     * included, for every kind but IAM roles. Reads are shared within a plan: one describe of the
     * environment per EC2 kind, one listing per log-group and queue prefix (see {@link
     * dev.tapctl.engine.spi.SharedReads}).
     */
    private static final double PLAN_CALLS_PER_RESOURCE = 1.5;
    /**
     * An IAM role costs GetRole, ListRolePolicies, GetRolePolicy per inline policy (one each here)
     * and ListAttachedRolePolicies. IAM has no batch read of chosen roles: its one batch describe,
     * GetAccountAuthorizationDetails, answers every role of the account (megabytes in a shared
     * account, issue 16) and needs a permission that dumps every policy. ListRoles(PathPrefix)
     * answers the environment's roles but without their tags or policies (IAM API Reference:
     * ListRoles), so it would not save a call per role.
     */
    private static final int CALLS_PER_ROLE = 4;

    private static final Set<String> ROLE_READS =
            Set.of("Iam:GetRole", "Iam:ListRolePolicies", "Iam:GetRolePolicy", "Iam:ListAttachedRolePolicies");

    @Test
    void aNoOpApplyMakesNoMutatingCall(Emulator emulator) {
        CallTrace trace = new CallTrace(LatencyModel.NONE);
        try (StackHarness stack = StackHarness.open(PROJECT, "dev", emulator.endpoint(), trace)) {
            stack.apply(PARALLELISM, ProgressListener.SILENT);
            trace.clear();

            StackHarness.Run again = stack.apply(PARALLELISM, ProgressListener.SILENT);

            assertThat(again.plan().hasChanges())
                    .as(
                            "the second plan has changes: %s",
                            again.plan().changes().stream()
                                    .filter(c -> c.action().changes())
                                    .map(c -> c.id() + " " + c.action().json() + " " + c.attributes())
                                    .toList())
                    .isFalse();
            assertThat(trace.calls()).as("calls of the second apply").isNotEmpty();
            assertThat(CallStats.mutating(trace.calls()))
                    .as(
                            "mutating calls of the second apply, by resource:%n%s",
                            CallStats.describeByKind(stack.graph(), trace.calls()))
                    .isEmpty();
        }
    }

    @Test
    void aPlanMakesAtMostOneAndAHalfReadCallsPerResourceAndFourPerRole(Emulator emulator) {
        CallTrace trace = new CallTrace(LatencyModel.NONE);
        try (StackHarness stack = StackHarness.open(PROJECT, "dev", emulator.endpoint(), trace)) {
            stack.apply(PARALLELISM, ProgressListener.SILENT);
            trace.clear();

            StackHarness.Run plan = stack.plan(PARALLELISM);

            ResourceGraph graph = stack.graph();
            List<CallTrace.Call> calls = trace.calls();
            assertThat(plan.plan().hasChanges()).as("plan right after apply").isFalse();
            assertThat(CallStats.mutating(calls)).as("a plan only reads").isEmpty();
            long roles = CallStats.resourcesByKind(graph).getOrDefault("aws.iam.role", 0L);
            long roleReads = calls.stream()
                    .filter(c -> ROLE_READS.contains(c.service() + ":" + c.operation()))
                    .count();
            String byKind = CallStats.describeByKind(graph, calls);
            assertThat(roles).as("roles in dev").isPositive();
            assertThat(roleReads)
                    .as("%d role reads for %d roles, by kind:%n%s", roleReads, roles, byKind)
                    .isLessThanOrEqualTo(CALLS_PER_ROLE * roles);
            double perResource = (double) (calls.size() - roleReads) / (graph.size() - roles);
            assertThat(perResource)
                    .as(
                            "%d calls besides role reads for %d resources besides roles (%.2f per resource), by kind:%n%s",
                            calls.size() - roleReads, graph.size() - roles, perResource, byKind)
                    .isLessThanOrEqualTo(PLAN_CALLS_PER_RESOURCE);
        }
    }

    @Test
    void independentBranchesOverlapInTimeDuringARealApply(Emulator emulator) {
        // A small latency per call so that each create spans several calls' worth of time.
        CallTrace trace = new CallTrace(LatencyModel.fixed(30));
        NodeTimeline timeline = new NodeTimeline();
        try (StackHarness stack = StackHarness.open(PROJECT, "dev", emulator.endpoint(), trace)) {
            ResourceGraph graph = stack.graph();
            // The key and the network share no path in the graph: nothing forces one to wait for the other.
            assertThat(dependsOn(graph, "network.vpc", "kms.key")).isFalse();
            assertThat(dependsOn(graph, "kms.key", "network.vpc")).isFalse();

            stack.apply(PARALLELISM, timeline);

            NodeTimeline.Interval key = timeline.of("kms.key").orElseThrow();
            NodeTimeline.Interval vpc = timeline.of("network.vpc").orElseThrow();
            assertThat(key.verb()).isEqualTo("creating");
            assertThat(vpc.verb()).isEqualTo("creating");
            assertThat(key.overlaps(vpc))
                    .as(
                            "kms.key [%d, %d] ms and network.vpc [%d, %d] ms (relative) should be created at the same time",
                            0,
                            (key.end() - key.start()) / 1_000_000,
                            (vpc.start() - key.start()) / 1_000_000,
                            (vpc.end() - key.start()) / 1_000_000)
                    .isTrue();
            assertThat(key.thread()).as("worker threads").isNotEqualTo(vpc.thread());
        }
    }

    /** Whether {@code id} waits, directly or not, for {@code other}. */
    private static boolean dependsOn(ResourceGraph graph, String id, String other) {
        Deque<String> todo = new ArrayDeque<>(graph.dependenciesOf(id));
        Set<String> seen = new HashSet<>();
        while (!todo.isEmpty()) {
            String next = todo.pop();
            if (next.equals(other)) {
                return true;
            }
            if (seen.add(next)) {
                todo.addAll(graph.dependenciesOf(next));
            }
        }
        return false;
    }
}

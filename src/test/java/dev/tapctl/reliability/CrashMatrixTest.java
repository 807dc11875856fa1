package dev.tapctl.reliability;

import static dev.tapctl.reliability.Reliability.assertSameResources;
import static dev.tapctl.reliability.Reliability.millis;
import static dev.tapctl.reliability.Reliability.tapctl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.tapctl.testing.CallLog;
import dev.tapctl.testing.CliRun;
import dev.tapctl.testing.Emulator;
import dev.tapctl.testing.EmulatorExtension;
import dev.tapctl.testing.Faults;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * DESIGN.md section 2, idempotency: "a crash at any point followed by apply converges to the same
 * account with no duplicates". For every N from 1 to M (the number of mutating calls a clean apply
 * of dev makes), the process dies right after AWS carried out the N-th mutating call (the side
 * effect happened, tapctl never saw the answer, and it makes no call after that); a normal apply
 * must then succeed, leave nothing to plan, and leave exactly the resources a clean apply leaves.
 *
 * <p>The crashing apply runs with {@code --parallelism 1}, so the N-th mutating call is the same
 * call on every run (each case is named after it, and checks that it was); the recovering apply
 * runs as a user would, with the default parallelism. A crash while the run holds the
 * environment's lock leaves its lease behind: that apply is refused with exit 75 and goes ahead
 * after {@code tapctl unlock}, as documented. {@code -Dtapctl.crash.only=17,18} runs only those
 * cases.
 */
@ExtendWith(EmulatorExtension.class)
class CrashMatrixTest {
    private static final int LOCKED = 75;
    private static final int PARALLEL_STRIDE = 12;

    @TestFactory
    Stream<DynamicTest> applyAfterACrashAfterAnyMutatingCallConvergesWithoutDuplicates(Emulator emulator) {
        long start = System.nanoTime();
        Reliability.CleanApply clean = Reliability.cleanApply(emulator, "1");
        List<CallLog.Call> mutating = clean.mutating();
        int m = mutating.size();
        System.out.printf(
                "[crash matrix] M = %d mutating calls in a clean apply of dev (%d calls in all, %d ms, "
                        + "clean run and snapshot %d ms): %s%n",
                m, clean.calls().size(), clean.elapsed().toMillis(), millis(start), mutating);
        assertThat(m).as("a clean apply makes mutating calls").isPositive();
        List<Integer> only = only();
        return IntStream.rangeClosed(1, m)
                .filter(n -> only.isEmpty() || only.contains(n))
                .mapToObj(n -> dynamicTest(
                        String.format("crash after mutating call %02d/%d (%s)", n, m, mutating.get(n - 1)),
                        () -> crashThenApply(emulator, n, m, mutating.get(n - 1), clean)));
    }

    /**
     * The same with the default parallelism, at every {@value #PARALLEL_STRIDE}th mutating call:
     * which call is the N-th varies from run to run, and several calls are on the wire when the
     * process dies (their side effects may land, their answers are lost), which is how a real run
     * dies.
     */
    @TestFactory
    Stream<DynamicTest> withTheDefaultParallelismToo(Emulator emulator) {
        Reliability.CleanApply clean = Reliability.cleanApply(emulator, null);
        int m = clean.mutating().size();
        List<Integer> only = only();
        return IntStream.iterate(PARALLEL_STRIDE / 2, n -> n <= m, n -> n + PARALLEL_STRIDE)
                .filter(n -> only.isEmpty() || only.contains(n))
                .mapToObj(n -> dynamicTest(
                        String.format("crash after mutating call %02d/%d, parallelism 8", n, m),
                        () -> crashThenApply(emulator, n, m, null, clean)));
    }

    /** {@code expected} null: the apply runs with the default parallelism, so the N-th call varies. */
    private static void crashThenApply(
            Emulator emulator, int n, int m, CallLog.Call expected, Reliability.CleanApply clean) {
        long start = System.nanoTime();
        emulator.reset();
        Faults.Crash crash = Faults.crashAfterMutatingCall(n);
        CliRun.Result crashed = expected == null
                ? tapctl(emulator, new CallLog(), crash).run("apply", "--env", "dev", "--auto-approve")
                : tapctl(emulator, new CallLog(), crash)
                        .run("apply", "--env", "dev", "--auto-approve", "--parallelism", "1");
        long crashedAt = System.nanoTime();
        assertThat(crash.crashed())
                .as("the apply reached mutating call %d: %s", n, crashed.all())
                .isTrue();
        if (expected != null) {
            assertThat(crash.crashedAfter())
                    .as("mutating call %d is the same call as in the clean apply", n)
                    .isEqualTo(expected.toString());
        }
        assertThat(crashed.exitCode())
                .as("the crashed apply fails: %s", crashed.all())
                .isNotZero();

        String context = "after a crash right after mutating call " + n + "/" + m + " (" + crash.crashedAfter()
                + (expected == null ? ", parallelism 8" : "") + ")";
        CliRun.Result apply = tapctl(emulator).run("apply", "--env", "dev", "--auto-approve");
        boolean unlocked = false;
        if (apply.exitCode() == LOCKED) {
            // The dead run's lease on the environment's lock is still there (DESIGN.md section 2): the
            // next apply is refused, naming the way out, and apply goes ahead after tapctl unlock.
            assertThat(apply.err())
                    .as("%s, apply refused: %s", context, apply.all())
                    .contains("tapctl unlock");
            CliRun.Result unlock = tapctl(emulator).run("unlock", "--env", "dev");
            assertThat(unlock.exitCode())
                    .as("%s, unlock: %s", context, unlock.all())
                    .isZero();
            unlocked = true;
            apply = tapctl(emulator).run("apply", "--env", "dev", "--auto-approve");
        }
        assertThat(apply.exitCode()).as("%s, apply: %s", context, apply.all()).isZero();
        long appliedAt = System.nanoTime();

        CliRun.Result plan = tapctl(emulator).run("plan", "--env", "dev", "--detailed-exitcode");
        assertThat(plan.exitCode())
                .as("%s, then apply, plan --detailed-exitcode: %s", context, plan.all())
                .isZero();
        assertSameResources(emulator, clean.snapshot(), context + ", then apply");
        System.out.printf(
                "[crash matrix] N=%02d %-44s crash %4d ms, %s %4d ms, total %4d ms%n",
                n,
                crash.crashedAfter() + (expected == null ? " (par 8)" : ""),
                (crashedAt - start) / 1_000_000,
                unlocked ? "unlock+apply" : "apply       ",
                (appliedAt - crashedAt) / 1_000_000,
                millis(start));
    }

    private static List<Integer> only() {
        String only = System.getProperty("tapctl.crash.only", "").strip();
        return only.isEmpty()
                ? List.of()
                : Stream.of(only.split(","))
                        .map(String::strip)
                        .map(Integer::valueOf)
                        .toList();
    }
}

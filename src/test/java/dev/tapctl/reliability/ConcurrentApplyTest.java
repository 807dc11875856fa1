package dev.tapctl.reliability;

import static dev.tapctl.reliability.Reliability.assertSameResources;
import static dev.tapctl.reliability.Reliability.tapctl;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tapctl.testing.CallLog;
import dev.tapctl.testing.CliRun;
import dev.tapctl.testing.Emulator;
import dev.tapctl.testing.EmulatorExtension;
import dev.tapctl.testing.Faults;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * DESIGN.md section 2, lock: "Concurrent applies/destroys of one environment are refused
 * (conditional write on a DynamoDB lock item with a lease; tapctl unlock for a stale one)", and
 * section 4: exit 75 when the lock is held.
 */
@ExtendWith(EmulatorExtension.class)
class ConcurrentApplyTest {
    private static final int LOCKED = 75;
    /** Slows every call a little so that two applies started together surely overlap. */
    private static final Duration LATENCY = Duration.ofMillis(15);

    private static Map<String, List<String>> cleanSnapshot;

    @BeforeAll
    static void cleanApply(Emulator emulator) {
        cleanSnapshot = Reliability.cleanApply(emulator, null).snapshot();
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void ofTwoAppliesStartedTogetherExactlyOneRunsAndTheOtherExits75(Emulator emulator) throws Exception {
        CyclicBarrier together = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<CallLog> logs = List.of(new CallLog(), new CallLog());
        try {
            List<Future<CliRun.Result>> runs = List.of(
                    pool.submit(() -> applyWhenBothAreReady(emulator, together, logs.get(0))),
                    pool.submit(() -> applyWhenBothAreReady(emulator, together, logs.get(1))));
            List<CliRun.Result> results =
                    List.of(runs.get(0).get(90, TimeUnit.SECONDS), runs.get(1).get(90, TimeUnit.SECONDS));
            String both = "first (exit " + results.get(0).exitCode() + "):\n"
                    + results.get(0).all() + "\nsecond (exit " + results.get(1).exitCode() + "):\n"
                    + results.get(1).all();
            assertThat(results).extracting(CliRun.Result::exitCode).as(both).containsExactlyInAnyOrder(0, LOCKED);
            int loser = results.get(0).exitCode() == LOCKED ? 0 : 1;
            assertThat(results.get(loser).err()).as("the refused run says why").contains("locked by");
            // Both find the lock table missing on an empty account and race to create it; otherwise
            // the refused run's only writes are its conditional updates of the lock item.
            assertThat(logs.get(loser).mutating())
                    .as("the refused run changed nothing of the stack")
                    .extracting(CallLog.Call::toString)
                    .containsAnyOf("DynamoDb:UpdateItem")
                    .allMatch(call -> call.equals("DynamoDb:UpdateItem") || call.equals("DynamoDb:CreateTable"));
        } finally {
            pool.shutdownNow();
        }

        // The winner released the lock when it ended: the next run is not refused.
        CliRun.Result plan = tapctl(emulator).run("plan", "--env", "dev", "--detailed-exitcode");
        assertThat(plan.exitCode()).as(plan.all()).isZero();
        CliRun.Result again = tapctl(emulator).run("apply", "--env", "dev", "--auto-approve");
        assertThat(again.exitCode())
                .as("apply after the first one ended: %s", again.all())
                .isZero();
        assertSameResources(emulator, cleanSnapshot, "after two concurrent applies");
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void aLeaseLeftByACrashedRunRefusesApplyUntilUnlockClearsIt(Emulator emulator) {
        // The run dies right after its first mutating call outside DynamoDB (where the lock lives),
        // i.e. once it holds the lock and has started on the stack: its lease is never released.
        Faults.Crash crash = new Faults.Crash(
                1, call -> call.mutating() && !call.service().equals("DynamoDb"), "mutating call outside DynamoDB");
        CliRun.Result crashed = tapctl(emulator, new CallLog(), crash)
                .run("apply", "--env", "dev", "--auto-approve", "--parallelism", "1");
        assertThat(crash.crashed()).as(crashed.all()).isTrue();
        assertThat(crashed.exitCode()).isNotZero();

        CliRun.Result refused = tapctl(emulator).run("apply", "--env", "dev", "--auto-approve");
        assertThat(refused.exitCode())
                .as("apply while the dead run's lease stands: %s", refused.all())
                .isEqualTo(LOCKED);
        assertThat(refused.err()).containsIgnoringCase("unlock");

        CliRun.Result unlock = tapctl(emulator).run("unlock", "--env", "dev");
        assertThat(unlock.exitCode()).as("unlock: %s", unlock.all()).isZero();

        CliRun.Result apply = tapctl(emulator).run("apply", "--env", "dev", "--auto-approve");
        assertThat(apply.exitCode()).as("apply after unlock: %s", apply.all()).isZero();
        CliRun.Result plan = tapctl(emulator).run("plan", "--env", "dev", "--detailed-exitcode");
        assertThat(plan.exitCode()).as(plan.all()).isZero();
        assertSameResources(emulator, cleanSnapshot, "after a crash, unlock and apply");
    }

    private static CliRun.Result applyWhenBothAreReady(Emulator emulator, CyclicBarrier together, CallLog log)
            throws Exception {
        CliRun tapctl = tapctl(emulator, log, new Faults.Latency(LATENCY));
        together.await(30, TimeUnit.SECONDS);
        return tapctl.run("apply", "--env", "dev", "--auto-approve");
    }
}

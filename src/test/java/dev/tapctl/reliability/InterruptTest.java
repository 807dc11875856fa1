package dev.tapctl.reliability;

import static dev.tapctl.reliability.Reliability.assertSameResources;
import static dev.tapctl.reliability.Reliability.tapctl;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tapctl.testing.CliRun;
import dev.tapctl.testing.Emulator;
import dev.tapctl.testing.EmulatorExtension;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Ctrl-C (SIGINT) on a real apply: no new resource starts, the calls in flight finish, the lock
 * is released, and the exit code says the run was interrupted. The next apply then needs no
 * unlock and converges to what a clean apply leaves.
 */
@ExtendWith(EmulatorExtension.class)
class InterruptTest {
    private static final int INTERRUPTED = 130;

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void sigintStopsTheRunReleasesTheLockAndExits130(Emulator emulator) throws Exception {
        Map<String, List<String>> clean = Reliability.cleanApply(emulator, null).snapshot();
        emulator.reset();

        Process child = ProcessKillTest.startApply(emulator);
        List<String> output = new ArrayList<>();
        CountDownLatch reached = new CountDownLatch(1);
        AtomicInteger created = new AtomicInteger();
        Thread reader = new Thread(
                () -> {
                    try (BufferedReader in =
                            new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = in.readLine()) != null) {
                            synchronized (output) {
                                output.add(line);
                            }
                            if (line.contains(": created ") && created.incrementAndGet() == 5) {
                                reached.countDown();
                            }
                        }
                    } catch (IOException e) {
                        // the stream closes when the process ends
                    }
                    reached.countDown();
                },
                "tapctl-child-stdout");
        reader.setDaemon(true);
        reader.start();

        assertThat(reached.await(90, TimeUnit.SECONDS)).isTrue();
        assertThat(child.isAlive()).as("still applying when interrupted").isTrue();
        new ProcessBuilder("kill", "-INT", Long.toString(child.pid())).start().waitFor(10, TimeUnit.SECONDS);
        assertThat(child.waitFor(60, TimeUnit.SECONDS))
                .as("the child ends after SIGINT")
                .isTrue();
        reader.join(5_000);
        String out;
        synchronized (output) {
            out = String.join("\n", output);
        }
        assertThat(child.exitValue()).as(out).isEqualTo(INTERRUPTED);
        assertThat(out).doesNotContain("Apply complete");

        CliRun.Result unlock = tapctl(emulator).run("unlock", "--env", "dev");
        assertThat(unlock.out()).as("the interrupted run released its lock").contains("tap/dev is not locked");
        CliRun.Result apply = tapctl(emulator).run("apply", "--env", "dev", "--auto-approve");
        assertThat(apply.exitCode()).as(apply.all()).isZero();
        assertThat(tapctl(emulator)
                        .run("plan", "--env", "dev", "--detailed-exitcode")
                        .exitCode())
                .isZero();
        assertSameResources(emulator, clean, "after SIGINT and apply");
    }
}

package dev.tapctl.reliability;

import static dev.tapctl.reliability.Reliability.assertSameResources;
import static dev.tapctl.reliability.Reliability.millis;
import static dev.tapctl.reliability.Reliability.tapctl;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tapctl.testing.CliRun;
import dev.tapctl.testing.Emulator;
import dev.tapctl.testing.EmulatorExtension;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A real tapctl process (the same main class as the jar, on the test classpath, so no jar has to
 * be built) is killed with SIGKILL part-way through an apply: no shutdown hook, no finally block,
 * whatever was on the wire is lost, and the environment's lock is never released. The next apply
 * is refused (exit 75) until {@code tapctl unlock}; then apply must converge to exactly what a
 * clean apply leaves, with nothing left to plan.
 *
 * <p>The child uses tapctl's real defaults (waiters poll every 5 s; the emulator makes resources
 * available at once, so every waiter returns on its first poll).
 */
@ExtendWith(EmulatorExtension.class)
class ProcessKillTest {
    private static final long APPLY_TIMEOUT_SECONDS = 90;
    private static final int LOCKED = 75;
    private static Map<String, List<String>> cleanSnapshot;

    @BeforeAll
    static void cleanApply(Emulator emulator) {
        cleanSnapshot = Reliability.cleanApply(emulator, null).snapshot();
    }

    /** {@code created} is how many "created" progress lines the child prints before it is killed. */
    @ParameterizedTest(name = "SIGKILL after {0} resources created")
    @ValueSource(ints = {1, 5, 15, 25})
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void applyAfterTheProcessWasKilledConverges(int created, Emulator emulator) throws Exception {
        long start = System.nanoTime();
        Process child = startApply(emulator);
        List<String> output = new ArrayList<>();
        CountDownLatch reached = new CountDownLatch(1);
        AtomicInteger createdLines = new AtomicInteger();
        Thread reader = new Thread(
                () -> {
                    try (BufferedReader in =
                            new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = in.readLine()) != null) {
                            synchronized (output) {
                                output.add(line);
                            }
                            if (line.contains(": created ") && createdLines.incrementAndGet() == created) {
                                reached.countDown();
                            }
                        }
                    } catch (IOException e) {
                        // the process was killed
                    }
                    reached.countDown();
                },
                "tapctl-child-stdout");
        reader.setDaemon(true);
        reader.start();

        boolean inTime;
        boolean aliveWhenKilled;
        try {
            inTime = reached.await(APPLY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            aliveWhenKilled = child.isAlive();
        } finally {
            child.destroyForcibly(); // SIGKILL, also when the test itself is stopped
        }
        assertThat(child.waitFor(30, TimeUnit.SECONDS))
                .as("the child exits after SIGKILL")
                .isTrue();
        reader.join(5_000);
        String out;
        synchronized (output) {
            out = String.join("\n", output);
        }
        assertThat(inTime)
                .as("the child printed %d 'created' lines within %d s:\n%s", created, APPLY_TIMEOUT_SECONDS, out)
                .isTrue();
        assertThat(aliveWhenKilled)
                .as(
                        "the child was still applying when it was killed (exit %s):\n%s",
                        child.isAlive() ? "-" : child.exitValue(), out)
                .isTrue();
        assertThat(out).doesNotContain("Apply complete");
        long killedAt = System.nanoTime();

        // The killed run held the environment's lock (it was creating resources) and could not
        // release it: its lease refuses the next apply, which names the way out (DESIGN.md section 2).
        CliRun.Result refused = tapctl(emulator).run("apply", "--env", "dev", "--auto-approve");
        assertThat(refused.exitCode())
                .as("apply while the killed run's lease stands: %s", refused.all())
                .isEqualTo(LOCKED);
        assertThat(refused.err()).contains("tapctl unlock");
        CliRun.Result unlock = tapctl(emulator).run("unlock", "--env", "dev");
        assertThat(unlock.exitCode())
                .as("unlock of the killed run's lease: %s", unlock.all())
                .isZero();

        CliRun.Result apply = tapctl(emulator).run("apply", "--env", "dev", "--auto-approve");
        assertThat(apply.exitCode())
                .as("apply after SIGKILL at %d created (child output:\n%s\n): %s", created, out, apply.all())
                .isZero();
        CliRun.Result plan = tapctl(emulator).run("plan", "--env", "dev", "--detailed-exitcode");
        assertThat(plan.exitCode())
                .as("plan after SIGKILL and apply: %s", plan.all())
                .isZero();
        assertSameResources(emulator, cleanSnapshot, "after SIGKILL at " + created + " created, then apply");
        System.out.printf(
                "[process kill] %2d created: killed after %d ms (%d 'created' lines seen), recovery %d ms%n",
                created, (killedAt - start) / 1_000_000, createdLines.get(), millis(killedAt));
    }

    /** {@code java -cp <test classpath> dev.tapctl.cli.Main apply ...}, with test credentials and no metadata service. */
    static Process startApply(Emulator emulator) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(
                        java.toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        "dev.tapctl.cli.Main",
                        "apply",
                        "--env",
                        "dev",
                        "--auto-approve",
                        "--endpoint-url",
                        emulator.endpoint().toString(),
                        "--config-dir",
                        "config",
                        "--no-color")
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("AWS_"));
        env.put("AWS_ACCESS_KEY_ID", "testing");
        env.put("AWS_SECRET_ACCESS_KEY", "testing");
        env.put("AWS_REGION", emulator.region());
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("AWS_CONFIG_FILE", "/dev/null");
        env.put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
        return builder.start();
    }
}

package dev.tapctl.reliability;

import static dev.tapctl.reliability.Reliability.assertSameResources;
import static dev.tapctl.reliability.Reliability.tapctl;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tapctl.testing.CliRun;
import dev.tapctl.testing.Emulator;
import dev.tapctl.testing.EmulatorExtension;
import dev.tapctl.testing.PlanSchema;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The run, as a user makes it: the real {@code scripts/tapctl} (the shaded jar that
 * {@code mvn package} built just before this integration test) against an endpoint that answers 30%
 * of all HTTP requests with a bare 503 (empty body), a proxy in front of the emulator for every
 * service. With tapctl's default retry budget, apply and then plan reach exactly what they reach
 * without the proxy; with {@code AWS_MAX_ATTEMPTS=1} (the user's setting, read by the SDK's rules)
 * the same apply fails fast and says which call failed, how, and after how many attempts.
 *
 * <p>The child runs with tapctl's real defaults: the SDK's real backoff, waiters polling every 5 s
 * (the emulator makes resources available at once, so each waiter returns on its first poll).
 */
@ExtendWith(EmulatorExtension.class)
class ServiceUnavailableIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double REFUSED = 0.30;
    private static final long SEED = 20_260_503L;
    private static final long RUN_TIMEOUT_SECONDS = 180;
    /** The signing names of the stack's services: each must have gone through the proxy. */
    private static final List<String> SERVICES = List.of(
            "apigateway",
            "dynamodb",
            "ec2",
            "iam",
            "kms",
            "lambda",
            "logs",
            "rds",
            "s3",
            "secretsmanager",
            "sqs",
            "sts");
    /** What the report says about a bare 503, e.g. "Sts GetCallerIdentity: HTTP 503 with no error message from AWS, after 1 attempt". */
    private static final Pattern BARE_503_AFTER_ONE_ATTEMPT = Pattern.compile(
            "[A-Z][A-Za-z0-9]+ [A-Z][A-Za-z0-9]+: HTTP 503 with no error message from AWS, after 1 attempt\\b");

    private static Path root;

    @BeforeAll
    static void theJarIsBuilt() throws IOException {
        root = Path.of(System.getProperty("basedir", System.getProperty("user.dir")))
                .toAbsolutePath();
        Path jar = root.resolve("target/tapctl.jar");
        assertThat(jar)
                .as("target/tapctl.jar: integration tests run after 'mvn package' (mvn verify)")
                .exists();
        FileTime built = Files.getLastModifiedTime(jar);
        try (Stream<Path> sources =
                Stream.concat(Files.walk(root.resolve("src/main")), Stream.of(root.resolve("pom.xml")))) {
            assertThat(sources.filter(Files::isRegularFile)
                            .filter(p -> lastModified(p).compareTo(built) > 0)
                            .toList())
                    .as(
                            "sources newer than target/tapctl.jar (scripts/tapctl would rebuild it, a Maven build inside Maven)")
                    .isEmpty();
        }
        assertThat(System.getProperty("jdk.httpclient.allowRestrictedHeaders", ""))
                .as(
                        "the proxy forwards Host as the client sent it (pom.xml sets this property for the integration tests)")
                .contains("host");
    }

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void applyAndPlanThroughAnEndpointAnswering30PercentBare503sReachTheCleanResult(Emulator emulator)
            throws Exception {
        Reliability.CleanApply clean = Reliability.cleanApply(emulator, null);
        String cleanPlan = changes(tapctl(emulator).run("plan", "--env", "dev", "--json", "--detailed-exitcode"));
        emulator.reset();

        try (UnavailableProxy proxy = UnavailableProxy.inFrontOf(emulator.endpoint(), REFUSED, SEED)) {
            long start = System.nanoTime();
            // Its plan phase is where the run failed ("fn.worker: Lambda null: null (HTTP 503)").
            Run apply = child(proxy, Map.of(), "apply", "--env", "dev", "--auto-approve");
            assertThat(apply.exitCode())
                    .as("apply through the proxy: %s", apply)
                    .isZero();
            assertThat(apply.out()).contains("Apply complete");
            long applied = System.nanoTime();
            assertSameResources(emulator, clean.snapshot(), "after apply through an endpoint answering 30% bare 503s");

            Run plan = child(proxy, Map.of(), "plan", "--env", "dev", "--json", "--detailed-exitcode");
            assertThat(plan.exitCode())
                    .as("plan --detailed-exitcode through the proxy after apply: %s", plan)
                    .isZero();
            assertThat(changes(plan.out()))
                    .as("the plan through the proxy, beside the plan after a clean apply")
                    .isEqualTo(cleanPlan);
            long end = System.nanoTime();

            System.out.printf(
                    "[503 proxy] %d of %d requests refused, %d forwarded by service %s, refused by service %s; "
                            + "apply %d ms, plan %d ms%n",
                    proxy.refused(),
                    proxy.received(),
                    proxy.received() - proxy.refused(),
                    proxy.forwardedByService(),
                    proxy.refusedByService(),
                    (applied - start) / 1_000_000,
                    (end - applied) / 1_000_000);
            assertThat(proxy.forwardFailures())
                    .as("forwards that failed (the proxy set-up, not the fault under test)")
                    .isZero();
            assertThat(proxy.refused())
                    .as("requests refused with a bare 503 (the test must not pass vacuously)")
                    .isGreaterThanOrEqualTo(30);
            assertThat(proxy.forwardedByService().keySet())
                    .as("the services whose calls went through the proxy")
                    .containsAll(SERVICES);
            assertThat(proxy.refusedByService().keySet())
                    .as("services that met a refusal")
                    .hasSizeGreaterThanOrEqualTo(6);
        }
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void withOneAttemptTheSameApplyFailsFastNamingTheCallTheStatusAndTheAttempts(Emulator emulator) throws Exception {
        try (UnavailableProxy proxy = UnavailableProxy.inFrontOf(emulator.endpoint(), REFUSED, SEED)) {
            long start = System.nanoTime();
            Run apply = child(proxy, Map.of("AWS_MAX_ATTEMPTS", "1"), "apply", "--env", "dev", "--auto-approve");
            long elapsed = (System.nanoTime() - start) / 1_000_000;
            System.out.printf(
                    "[503 proxy, AWS_MAX_ATTEMPTS=1] exit %d after %d ms, %d of %d requests refused:%n%s%n",
                    apply.exitCode(), elapsed, proxy.refused(), proxy.received(), apply.err());

            assertThat(apply.exitCode())
                    .as("apply with one attempt per call: %s", apply)
                    .isEqualTo(1);
            assertThat(proxy.refused()).as("refused requests").isPositive();
            assertThat(apply.err())
                    .as("the report")
                    .containsPattern(BARE_503_AFTER_ONE_ATTEMPT)
                    .doesNotContain("null");
            assertThat(apply.out()).doesNotContain("Apply complete");
            assertThat(elapsed).as("fails fast: no retry, no backoff (ms)").isLessThan(60_000);
        }
    }

    /** One finished child run. */
    record Run(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout ---\n" + out + "\n--- stderr ---\n" + err;
        }
    }

    /**
     * {@code scripts/tapctl ARGS} in the project directory, every service through {@code proxy}
     * (AWS_ENDPOINT_URL), dummy credentials, no profile, no metadata service, no AWS file of this
     * machine's; {@code extra} adds to that environment.
     */
    private static Run child(UnavailableProxy proxy, Map<String, String> extra, String... args)
            throws IOException, InterruptedException {
        List<String> command =
                new ArrayList<>(List.of(root.resolve("scripts/tapctl").toString()));
        command.addAll(List.of(args));
        command.addAll(List.of("--config-dir", "config", "--no-color"));
        Path out = Files.createTempFile("tapctl-it-", ".out");
        Path err = Files.createTempFile("tapctl-it-", ".err");
        try {
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(root.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            Map<String, String> env = builder.environment();
            env.keySet().removeIf(name -> name.startsWith("AWS_"));
            env.put("AWS_ENDPOINT_URL", proxy.endpoint().toString());
            env.put("AWS_ACCESS_KEY_ID", "testing");
            env.put("AWS_SECRET_ACCESS_KEY", "testing");
            env.put("AWS_REGION", Emulator.REGION);
            env.put("AWS_EC2_METADATA_DISABLED", "true");
            env.put("AWS_CONFIG_FILE", "/dev/null");
            env.put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
            env.putAll(extra);
            Process child = builder.start();
            try {
                if (!child.waitFor(RUN_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    throw new AssertionError("scripts/tapctl " + String.join(" ", args) + " did not finish in "
                            + RUN_TIMEOUT_SECONDS + " s:\n" + Files.readString(out) + "\n" + Files.readString(err));
                }
            } finally {
                child.destroyForcibly();
            }
            Run run = new Run(
                    child.exitValue(),
                    Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
            assertThat(run.err())
                    .as("scripts/tapctl ran the jar as built, without building it again")
                    .doesNotContain("tapctl: building");
            return run;
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** The plan's changes as (id, action, reason) lines and its summary, as ThrottlingTest compares them. */
    private static String changes(CliRun.Result plan) throws IOException {
        assertThat(plan.exitCode())
                .as("plan after a clean apply: %s", plan.all())
                .isZero();
        return changes(plan.out());
    }

    private static String changes(String planJson) throws IOException {
        PlanSchema.requireValid(planJson, "plan --json");
        JsonNode json = JSON.readTree(planJson);
        List<String> changes = new ArrayList<>();
        for (JsonNode change : json.path("changes")) {
            changes.add(change.path("id").asText() + " " + change.path("action").asText() + " "
                    + change.path("reason").asText());
        }
        return String.join("\n", changes) + "\n" + json.path("summary");
    }

    private static FileTime lastModified(Path path) {
        try {
            return Files.getLastModifiedTime(path);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

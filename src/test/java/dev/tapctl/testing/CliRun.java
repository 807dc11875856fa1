package dev.tapctl.testing;

import dev.tapctl.aws.AwsSettings;
import dev.tapctl.cli.Tapctl;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Runs tapctl in-process through the same command-line factory as {@code main}, capturing
 * output. Against the emulator every SDK client goes to it, with the call log attached and
 * waiters polling fast.
 */
public final class CliRun {
    /** The outcome of one invocation. */
    public record Result(int exitCode, String out, String err) {
        public String all() {
            return out + err;
        }
    }

    private final UnaryOperator<AwsSettings> aws;
    private Path configDir = Path.of("config");
    private String input = "";

    private CliRun(UnaryOperator<AwsSettings> aws) {
        this.aws = aws;
    }

    /** No emulator: whatever AWS_ENDPOINT_URL says (surefire points it at a dead loopback port). */
    public static CliRun offline() {
        return new CliRun(UnaryOperator.identity());
    }

    /** Against the emulator; {@code faults} (e.g. from {@link Faults}) see each call after the log. */
    public static CliRun against(Emulator emulator, CallLog log, ExecutionInterceptor... faults) {
        List<ExecutionInterceptor> interceptors = new ArrayList<>(List.of(log));
        interceptors.addAll(List.of(faults));
        return new CliRun(settings -> settings.withEndpoint(emulator.endpoint())
                .withInterceptors(interceptors)
                .withWaits(Duration.ofMillis(100), Duration.ofSeconds(60))
                .withRetryBackoff(Duration.ofMillis(1))
                .withPropagation(Duration.ofSeconds(5), Duration.ofMillis(100)));
    }

    /**
     * Against the emulator in its realism mode: tapctl's own bounds as in production (2 minutes for
     * what is not visible yet, the SDK's real retry backoff, API Gateway paced under its quotas),
     * only polling more often than every 5 s, so that the test waits what AWS would make it wait
     * and no longer. {@code faults} see each call after the log.
     */
    public static CliRun realistic(Emulator emulator, CallLog log, ExecutionInterceptor... faults) {
        List<ExecutionInterceptor> interceptors = new ArrayList<>(List.of(log));
        interceptors.addAll(List.of(faults));
        return new CliRun(settings -> settings.withEndpoint(emulator.endpoint())
                .withInterceptors(interceptors)
                .withWaits(Duration.ofMillis(250), Duration.ofMinutes(5))
                .withPropagation(Duration.ofMinutes(2), Duration.ofMillis(250)));
    }

    /** Runs with a custom customizer (fault injection, call counting). */
    public static CliRun with(UnaryOperator<AwsSettings> aws) {
        return new CliRun(aws);
    }

    public CliRun configDir(Path dir) {
        this.configDir = dir;
        return this;
    }

    /** What the user types at prompts. */
    public CliRun input(String text) {
        this.input = text;
        return this;
    }

    public Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of(args));
        if (all.size() > 0 && !all.contains("--config-dir") && !all.get(0).startsWith("-")) {
            all.add("--config-dir");
            all.add(configDir.toString());
        }
        int code = Tapctl.commandLine(
                        new PrintWriter(out, true),
                        new PrintWriter(err, true),
                        new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
                        false,
                        aws)
                .execute(all.toArray(String[]::new));
        // Exit 0 and 2 print a plan; a failure prints none to check.
        if ((code == 0 || code == 2) && PlanSchema.asksForPlanJson(all)) {
            PlanSchema.requireValid(out.toString(), String.join(" ", args));
        }
        return new Result(code, out.toString(), err.toString());
    }
}

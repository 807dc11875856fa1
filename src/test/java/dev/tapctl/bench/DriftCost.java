package dev.tapctl.bench;

import dev.tapctl.aws.AwsSettings;
import dev.tapctl.cli.Tapctl;
import dev.tapctl.perf.CallStats;
import dev.tapctl.perf.CallTrace;
import dev.tapctl.perf.LatencyModel;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Issue 16, must-show 2: what {@code tapctl drift} costs for one environment and for several of
 * the same project in one run. Each environment is a copy of {@code dev} ({@code dev.yaml} under
 * another name, in a folder of its own beside the project's {@code defaults.yaml}), applied in the
 * emulator through the real command; then {@code drift} of the first one alone and of all of
 * them, through the real command in this JVM, each call counted at the SDK boundary.
 */
final class DriftCost {
    /** One drift run: its exit code, its calls by "Service:Operation", and the bytes AWS answered. */
    record Run(int exitCode, int calls, long bytes, Map<String, Long> byOperation) {}

    /** Both runs: one environment alone, then all of them. */
    record Figures(List<String> environments, Run one, Run all) {
        double ratio() {
            return (double) all.calls() / one.calls();
        }

        /**
         * Per operation, the calls of the run over every environment beside those of the one
         * alone, as "op one -> all": what is made once per run stays level, what is made once per
         * environment grows with their number.
         */
        Map<String, String> comparison() {
            Map<String, String> rows = new TreeMap<>();
            java.util.Set<String> ops =
                    new java.util.TreeSet<>(one.byOperation().keySet());
            ops.addAll(all.byOperation().keySet());
            for (String op : ops) {
                rows.put(
                        op,
                        one.byOperation().getOrDefault(op, 0L) + " -> "
                                + all.byOperation().getOrDefault(op, 0L));
            }
            return rows;
        }
    }

    private final Path project;
    private final URI endpoint;
    private final int parallelism;

    DriftCost(Path project, URI endpoint, int parallelism) {
        this.project = project;
        this.endpoint = endpoint;
        this.parallelism = parallelism;
    }

    /** The names of {@code count} dev-like environments: d00, d01, ... */
    static List<String> environments(int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> String.format("d%02d", i))
                .toList();
    }

    /**
     * A configuration folder with the project's defaults and one copy of {@code dev.yaml} per
     * environment, each on a CIDR of its own (the account allows overlapping VPCs, but a copy
     * of dev should look like another environment, not like dev).
     */
    Path configs(List<String> envs) {
        try {
            Path dir = Files.createTempDirectory("tapctl-bench-drift-");
            Files.copy(project.resolve("config/defaults.yaml"), dir.resolve("defaults.yaml"));
            String dev = Files.readString(project.resolve("config/dev.yaml"));
            for (int i = 0; i < envs.size(); i++) {
                String cidr = "10." + (100 + i) + ".0.0/16";
                Files.writeString(dir.resolve(envs.get(i) + ".yaml"), dev.replace("10.10.0.0/16", cidr));
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Applies every environment, one after another, without injected latency (not measured). */
    void apply(Path configDir, List<String> envs) {
        for (String env : envs) {
            CallTrace trace = new CallTrace(LatencyModel.NONE);
            Result result = run(
                    configDir,
                    trace,
                    "apply",
                    "--env",
                    env,
                    "--auto-approve",
                    "--parallelism",
                    String.valueOf(parallelism));
            if (result.exitCode() != 0) {
                throw new IllegalStateException(
                        "tapctl apply --env " + env + " exited " + result.exitCode() + ":\n" + result.output());
            }
        }
    }

    /** {@code tapctl drift ENV...}, counted. */
    Run drift(Path configDir, List<String> envs) {
        CallTrace trace = new CallTrace(LatencyModel.NONE);
        List<String> args = new ArrayList<>(List.of("drift"));
        args.addAll(envs);
        args.addAll(List.of("--json", "--parallelism", String.valueOf(parallelism)));
        Result result = run(configDir, trace, args.toArray(String[]::new));
        if (result.exitCode() != 0) {
            // Every environment was just applied: anything but "in sync" is a finding to show, not a figure.
            throw new IllegalStateException(
                    "tapctl " + String.join(" ", args) + " exited " + result.exitCode() + ":\n" + result.output());
        }
        List<CallTrace.Call> calls = trace.calls();
        return new Run(
                result.exitCode(),
                calls.size(),
                calls.stream().mapToLong(CallTrace.Call::responseBytes).sum(),
                CallStats.operations(calls));
    }

    private record Result(int exitCode, String output) {}

    private Result run(Path configDir, CallTrace trace, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of(
                "--no-color",
                "--config-dir",
                configDir.toString(),
                "--functions-dir",
                project.resolve("functions").toString()));
        int code = Tapctl.commandLine(
                        new PrintWriter(out, true),
                        new PrintWriter(err, true),
                        new ByteArrayInputStream(new byte[0]),
                        false,
                        settings -> settings(settings, trace))
                .execute(all.toArray(String[]::new));
        return new Result(code, out + "\n" + err);
    }

    private AwsSettings settings(AwsSettings settings, CallTrace trace) {
        return settings.withEndpoint(endpoint)
                .withInterceptors(List.of(trace))
                .withWaits(Duration.ofMillis(100), Duration.ofMinutes(10))
                .withPropagation(Duration.ofSeconds(30), Duration.ofMillis(200));
    }

    /** Removes a folder {@link #configs} made. */
    static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // A temporary folder left behind is harmless.
        }
    }
}

package dev.tapctl.cli;

import dev.tapctl.config.ConfigException;
import dev.tapctl.engine.Plan;
import dev.tapctl.engine.Planner;
import dev.tapctl.engine.ProgressListener;
import dev.tapctl.engine.RunSettings;
import dev.tapctl.engine.spi.HandlerCatalog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

@Command(
        name = "drift",
        mixinStandardHelpOptions = true,
        description = "Compare every environment of the configuration (or the ones named) with the account, in one "
                + "run: each resource in-sync, drifted (before -> after), missing, unmanaged (tagged for the "
                + "environment but not in its configuration) or pending (a configuration change not applied), and a "
                + "coverage line of what was compared and what cannot be read. Changes nothing. Exit 0 all in sync, "
                + "2 any difference, 1 any environment that could not be checked.")
final class DriftCommand extends TapctlCommand {
    /** Environments checked at once; each runs its own parallel reads. */
    private static final int ENVIRONMENTS_AT_ONCE = 4;

    @Mixin
    ParallelismOption parallelism;

    @Option(names = "--json", description = "Print drift JSON (formatVersion 1, its JSON Schema: tapctl schema drift).")
    boolean json;

    @Parameters(
            arity = "0..*",
            paramLabel = "ENV",
            description = "Environments to check (default: every ENV.yaml of the configuration folder).")
    List<String> environments = List.of();

    @Override
    public Integer call() {
        if (spec.commandLine().getParseResult().hasMatchedOption("--env")) {
            throw new ParameterException(
                    spec.commandLine(), "drift takes environments as arguments (tapctl drift dev prod), not --env");
        }
        List<String> envs = environments.isEmpty() ? configured(global.configDir) : List.copyOf(environments);
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(ENVIRONMENTS_AT_ONCE, envs.size())));
        List<EnvironmentDrift> drifts;
        try {
            List<CompletableFuture<EnvironmentDrift>> checks = envs.stream()
                    .map(env -> CompletableFuture.supplyAsync(() -> check(env), pool))
                    .toList();
            drifts = checks.stream().map(CompletableFuture::join).toList();
        } finally {
            pool.shutdown();
        }
        Console console = root.console(global);
        if (json) {
            console.out().println(DriftReport.json(drifts));
            console.out().flush();
        } else {
            DriftReport.text(drifts, console);
        }
        if (drifts.stream().anyMatch(d -> d.error() != null)) {
            return ExitCodes.FAILURE;
        }
        return drifts.stream().allMatch(EnvironmentDrift::inSync) ? ExitCodes.OK : ExitCodes.CHANGES;
    }

    /** One environment's plan, read as drift; a failure is that environment's result, not the run's. */
    private EnvironmentDrift check(String env) {
        try (Session session = root.session(global.withEnv(env))) {
            session.askFirstQuestions(true, false);
            HandlerCatalog catalog = session.catalog();
            RunSettings settings = session.online(parallelism.value(), Set.of(), ProgressListener.SILENT);
            Plan plan = new Planner(session.graph(), catalog, settings).plan();
            return EnvironmentDrift.of(plan, settings.accountId(), catalog);
        } catch (ConfigException e) {
            return EnvironmentDrift.failed(env, String.join("; ", e.problems()));
        } catch (RuntimeException e) {
            return EnvironmentDrift.failed(env, Failures.describe(e));
        }
    }

    /** Every environment with a file in {@code configDir}, sorted. */
    static List<String> configured(Path configDir) {
        try (Stream<Path> files = Files.list(configDir)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(name -> name.endsWith(".yaml") && !name.equals("defaults.yaml"))
                    .map(name -> name.substring(0, name.length() - ".yaml".length()))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + configDir, e);
        }
    }
}

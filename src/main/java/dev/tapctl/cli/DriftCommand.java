package dev.tapctl.cli;

import dev.tapctl.config.ConfigException;
import dev.tapctl.config.TapConfig;
import dev.tapctl.engine.Plan;
import dev.tapctl.engine.PlanReads;
import dev.tapctl.engine.Planner;
import dev.tapctl.engine.RunSettings;
import dev.tapctl.engine.spi.HandlerCatalog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
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
                + "coverage line of what was compared and what cannot be read. Changes nothing. Listings AWS can "
                + "answer for several environments of a project at once are made once per run. Exit 0 all in sync, "
                + "2 any difference, 1 any environment that could not be checked.")
final class DriftCommand extends TapctlCommand {
    /**
     * Environments checked at once; each runs its own parallel reads, and the listings that can
     * answer several environments of a project answer all of the run's at once.
     */
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
        List<Opened> opened = List.of();
        try (ClientsByRegion clients = root.clientsByRegion(global)) {
            opened =
                    envs.stream()
                            .map(env -> CompletableFuture.supplyAsync(() -> open(env, clients), pool))
                            .toList()
                            .stream()
                            .map(CompletableFuture::join)
                            .toList();
            Map<String, PlanReads> reads = readsByRegion(opened);
            List<CompletableFuture<EnvironmentDrift>> checks = opened.stream()
                    .map(env -> CompletableFuture.supplyAsync(() -> check(env, reads), pool))
                    .toList();
            drifts = checks.stream().map(CompletableFuture::join).toList();
        } finally {
            pool.shutdown();
            opened.stream().filter(o -> o.session() != null).forEach(o -> o.session()
                    .close());
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

    /** An environment whose configuration loaded (its session), or the reason it did not. */
    private record Opened(String env, Session session, EnvironmentDrift failure) {}

    private Opened open(String env, ClientsByRegion clients) {
        try {
            return new Opened(env, root.session(global, env, clients), null);
        } catch (RuntimeException e) {
            return new Opened(env, null, failed(env, e));
        }
    }

    /** An environment that could not be checked, and why: its configuration's problems, or the failure. */
    private static EnvironmentDrift failed(String env, RuntimeException e) {
        String why = e instanceof ConfigException config ? String.join("; ", config.problems()) : Failures.describe(e);
        return EnvironmentDrift.failed(env, why);
    }

    /**
     * The reads the run's plans share, one set per region (each region has its own clients and
     * objects): a listing that can answer several environments of a project answers all of the
     * run's at once (see {@link PlanReads#across}). Drift changes nothing, so no plan can miss a
     * change of the run's own.
     */
    private static Map<String, PlanReads> readsByRegion(List<Opened> opened) {
        Map<String, Map<String, Set<String>>> envs = new TreeMap<>();
        for (Opened env : opened) {
            if (env.session() != null) {
                TapConfig config = env.session().config();
                envs.computeIfAbsent(config.region(), r -> new TreeMap<>())
                        .computeIfAbsent(config.project(), p -> new TreeSet<>())
                        .add(config.env());
            }
        }
        Map<String, PlanReads> reads = new TreeMap<>();
        envs.forEach((region, byProject) -> reads.put(region, PlanReads.across(byProject)));
        return reads;
    }

    /** One environment's plan, read as drift; a failure is that environment's result, not the run's. */
    private EnvironmentDrift check(Opened env, Map<String, PlanReads> reads) {
        if (env.session() == null) {
            return env.failure();
        }
        Session session = env.session();
        try {
            session.askFirstQuestions(true, false);
            HandlerCatalog catalog = session.catalog();
            RunSettings settings = session.online(parallelism.value())
                    .withRunReads(reads.get(session.config().region()));
            Plan plan = new Planner(session.graph(), catalog, settings).plan();
            return EnvironmentDrift.of(plan, settings.accountId(), catalog);
        } catch (RuntimeException e) {
            return failed(env.env(), e);
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

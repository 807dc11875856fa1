package dev.tapctl.perf;

import dev.tapctl.aws.AwsClients;
import dev.tapctl.aws.AwsSettings;
import dev.tapctl.aws.EnvironmentLock;
import dev.tapctl.bundle.Bundler;
import dev.tapctl.bundle.FunctionBundle;
import dev.tapctl.config.ConfigLoader;
import dev.tapctl.config.TapConfig;
import dev.tapctl.engine.Applier;
import dev.tapctl.engine.NodeResult;
import dev.tapctl.engine.Plan;
import dev.tapctl.engine.Planner;
import dev.tapctl.engine.ProgressListener;
import dev.tapctl.engine.ReadsAhead;
import dev.tapctl.engine.ResourceGraph;
import dev.tapctl.engine.RunSettings;
import dev.tapctl.engine.Selection;
import dev.tapctl.engine.spi.Unknown;
import dev.tapctl.resources.AwsHandlerCatalog;
import dev.tapctl.stack.FunctionCode;
import dev.tapctl.stack.TapStack;
import dev.tapctl.stack.Zones;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * Drives the real engine and handlers the way {@code tapctl apply} and {@code tapctl plan} do
 * (availability zones and account id, a plan that reads every resource and lists orphans, then for a changing apply the
 * environment lock, a second plan under it if another run took the lock meanwhile, and the
 * applier), against an emulator
 * endpoint, with every SDK call going through a {@link CallTrace} and every handler through a
 * {@link TracedCatalog}, so each call is attributed to its resource and phase.
 *
 * <p>What differs from a CLI run: no plan is printed and no confirmation asked; outputs are not
 * verified (no AWS call is involved in either). Each run builds fresh SDK clients, as each
 * command does.
 */
public final class StackHarness implements AutoCloseable {
    /** Phases of a run, as {@link CallTrace#phase} labels, in the order a changing apply goes through them. */
    public static final String SESSION = "session";

    public static final String PLAN = "plan";
    public static final String LOCK = "lock";
    public static final String REPLAN = "replan";
    public static final String APPLY = "apply";
    public static final String UNLOCK = "unlock";
    /** The phases that run the graph (each is one pass of the executor over every resource). */
    public static final List<String> GRAPH_PASSES = List.of(PLAN, REPLAN, APPLY);

    /** As the CLI's session: the lock's lease, and who holds it. */
    private static final Duration LOCK_LEASE = Duration.ofMinutes(2);

    private static final String HOLDER =
            "tapctl-bench (pid " + ProcessHandle.current().pid() + ")";

    /** One command's outcome: its (last) plan, how long each phase took and (for an apply) each node's result. */
    public record Run(Plan plan, long wallNanos, Map<String, Long> phaseNanos, Map<String, NodeResult> results) {}

    private final TapConfig config;
    private final Map<String, FunctionCode> code;
    /** The shape of the stack (ids, kinds, dependencies); each run builds its own in the zones it looked up. */
    private final ResourceGraph graph;

    private final Path bundleDir;
    private final URI endpoint;
    private final CallTrace trace;
    private final long setupNanos;

    private StackHarness(
            TapConfig config,
            Map<String, FunctionCode> code,
            ResourceGraph graph,
            Path bundleDir,
            URI endpoint,
            CallTrace trace,
            long setupNanos) {
        this.config = config;
        this.code = code;
        this.graph = graph;
        this.bundleDir = bundleDir;
        this.endpoint = endpoint;
        this.trace = trace;
        this.setupNanos = setupNanos;
    }

    /**
     * Loads {@code projectDir/config} for {@code env}, bundles {@code projectDir/functions} and
     * builds the desired graph, as a command's session does.
     */
    public static StackHarness open(Path projectDir, String env, URI endpoint, CallTrace trace) {
        long start = System.nanoTime();
        TapConfig config = new ConfigLoader().load(projectDir.resolve("config"), env);
        Path bundleDir;
        try {
            bundleDir = Files.createTempDirectory("tapctl-perf-bundles-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Bundler bundler = new Bundler();
        Map<String, FunctionCode> code = new TreeMap<>();
        for (String function : new TreeSet<>(config.functions().keySet())) {
            FunctionBundle bundle =
                    bundler.bundle(projectDir.resolve("functions").resolve(function), bundleDir);
            code.put(function, new FunctionCode(bundle.codeSha256(), bundle.zip()));
        }
        ResourceGraph graph = ResourceGraph.of(TapStack.resources(config, code, Zones.unknown(config)));
        return new StackHarness(config, code, graph, bundleDir, endpoint, trace, System.nanoTime() - start);
    }

    /**
     * The stack's resources, ids and dependencies (zones unknown: a run looks them up, as each
     * command does, and runs the same resources in them).
     */
    public ResourceGraph graph() {
        return graph;
    }

    public TapConfig config() {
        return config;
    }

    public CallTrace trace() {
        return trace;
    }

    /** Time taken to load the configuration, bundle the functions and build the graph. */
    public long setupNanos() {
        return setupNanos;
    }

    /**
     * {@code tapctl apply --auto-approve --parallelism N}, as ApplyCommand does it: look at the
     * lock, plan; when there are changes, take the environment's lock, plan again under it only
     * if another run took it meanwhile, apply, release.
     */
    public Run apply(int parallelism, ProgressListener progress) {
        return run(parallelism, progress, true);
    }

    /** {@code tapctl plan --parallelism N}. */
    public Run plan(int parallelism) {
        return run(parallelism, ProgressListener.SILENT, false);
    }

    private Run run(int parallelism, ProgressListener progress, boolean apply) {
        Map<String, Long> phases = new LinkedHashMap<>();
        long start = System.nanoTime();
        long[] mark = {start};
        try (AwsClients clients = new AwsClients(settings())) {
            trace.phase(SESSION);
            TracedCatalog catalog = catalog(clients);
            // As the CLI's Session.askFirstQuestionsReadingAhead: account, zones and (for an apply)
            // the lock, at once; then the plan's reads begin while they are answered (ReadsAhead).
            EnvironmentLock lock = clients.environmentLock(HOLDER, LOCK_LEASE);
            String lockId = config.project() + "/" + config.env();
            CompletableFuture<String> accountAnswer = CompletableFuture.supplyAsync(clients::accountId);
            CompletableFuture<List<String>> zonesAnswer = CompletableFuture.supplyAsync(clients::availabilityZones);
            CompletableFuture<EnvironmentLock.Observation> lockAnswer = apply
                    ? CompletableFuture.supplyAsync(() -> lock.observe(lockId))
                    : CompletableFuture.completedFuture(null);
            ReadsAhead ahead = ReadsAhead.start(
                    Selection.all(graph),
                    catalog,
                    new RunSettings(
                                    config.env(),
                                    config.region(),
                                    Unknown.ofAccount("accountId"),
                                    parallelism,
                                    Set.of(),
                                    ProgressListener.SILENT)
                            .withOrphans(new RunSettings.OrphanScope(config.project(), config.prefix() + "-")));
            String account = accountAnswer.join();
            ResourceGraph runGraph =
                    ResourceGraph.of(TapStack.resources(config, code, Zones.choose(config, zonesAnswer.join())));
            EnvironmentLock.Observation seen = lockAnswer.join();
            RunSettings settings = new RunSettings(
                            config.env(), config.region(), account, parallelism, Set.of(), progress)
                    .withOrphans(new RunSettings.OrphanScope(config.project(), config.prefix() + "-"));
            lap(phases, SESSION, mark);

            trace.phase(PLAN);
            Planner planner = new Planner(runGraph, catalog, settings.withProgress(ProgressListener.SILENT));
            Plan plan = planner.plan(ahead);
            // As the CLI: what RDS would not create as configured (a retired engine version) stops it here.
            planner.refuseRefusedCreations(plan);
            lap(phases, PLAN, mark);

            Map<String, NodeResult> results = Map.of();
            if (apply && plan.hasChanges()) {
                trace.phase(LOCK);
                try (EnvironmentLock.Lease lease = lock.acquire(lockId, seen)) {
                    lap(phases, LOCK, mark);
                    if (!lease.unchangedSinceObservation()) {
                        trace.phase(REPLAN);
                        plan = planner.plan();
                        planner.refuseRefusedCreations(plan);
                        lap(phases, REPLAN, mark);
                    }
                    if (plan.hasChanges()) {
                        trace.phase(APPLY);
                        results = new Applier(runGraph, catalog, settings).apply(plan);
                        lap(phases, APPLY, mark);
                    }
                    trace.phase(UNLOCK);
                }
                lap(phases, UNLOCK, mark);
            }
            trace.phase("idle");
            return new Run(plan, System.nanoTime() - start, phases, results);
        }
    }

    private static void lap(Map<String, Long> phases, String phase, long[] mark) {
        long now = System.nanoTime();
        phases.put(phase, now - mark[0]);
        mark[0] = now;
    }

    private TracedCatalog catalog(AwsClients clients) {
        return new TracedCatalog(new AwsHandlerCatalog(clients, AwsHandlerCatalog.Options.DEFAULT), trace);
    }

    /**
     * Clients for the emulator with the trace attached. Waiters poll every 100 ms (the emulator has
     * most things ready at once; a slow AWS resource is modelled by the injected latency instead).
     */
    private AwsSettings settings() {
        return AwsSettings.defaults(config.region(), null, endpoint)
                .withInterceptors(List.of(trace))
                .withWaits(Duration.ofMillis(100), Duration.ofMinutes(10))
                .withPropagation(Duration.ofSeconds(30), Duration.ofMillis(200));
    }

    @Override
    public void close() {
        try (Stream<Path> files = Files.walk(bundleDir)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // A temporary folder left behind is harmless.
        }
    }
}

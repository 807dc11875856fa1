package dev.tapctl.cli;

import dev.tapctl.aws.AwsClients;
import dev.tapctl.aws.AwsSettings;
import dev.tapctl.aws.EnvironmentLock;
import dev.tapctl.bundle.BundleException;
import dev.tapctl.bundle.Bundler;
import dev.tapctl.bundle.FunctionBundle;
import dev.tapctl.config.ConfigException;
import dev.tapctl.config.ConfigLoader;
import dev.tapctl.config.TapConfig;
import dev.tapctl.engine.CreationRefusedException;
import dev.tapctl.engine.Futures;
import dev.tapctl.engine.IgnoredPaths;
import dev.tapctl.engine.Plan;
import dev.tapctl.engine.Planner;
import dev.tapctl.engine.ProgressListener;
import dev.tapctl.engine.ReadsAhead;
import dev.tapctl.engine.ResourceGraph;
import dev.tapctl.engine.RunSettings;
import dev.tapctl.engine.Selection;
import dev.tapctl.engine.WaitLimits;
import dev.tapctl.engine.spi.HandlerCatalog;
import dev.tapctl.engine.spi.ResourceDef;
import dev.tapctl.engine.spi.Unknown;
import dev.tapctl.resources.AwsHandlerCatalog;
import dev.tapctl.stack.FunctionCode;
import dev.tapctl.stack.IgnoreRules;
import dev.tapctl.stack.TapStack;
import dev.tapctl.stack.Zones;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * What one command works with: the validated configuration, the desired graph and, only when the
 * command reaches AWS, the clients. Configuration is loaded and checked before any client exists.
 */
final class Session implements AutoCloseable {
    private final GlobalOptions options;
    private final UnaryOperator<AwsSettings> awsCustomizer;
    /** Where the clients come from when the run shares them across sessions; null: the session builds its own. */
    private final ClientsByRegion borrowed;

    private final TapConfig config;
    private final ConfigLoader.Loaded loaded;
    /** Renewed every third of it; a killed run's lease expires after this long. */
    private static final java.time.Duration LOCK_LEASE = java.time.Duration.ofMinutes(2);

    private final Path bundleDir;
    private final Map<String, FunctionCode> code;
    private final ResourceGraph graphWithoutZones;
    private final IgnoredPaths ignored;
    private ResourceGraph graph;
    private AwsClients clients;
    private String accountId;
    private List<String> zones;
    private EnvironmentLock.Observation lockSeen;
    /** Stopped when the session closes, whether or not a plan took them (a run that failed first). */
    private ReadsAhead readsAhead;

    /** A session of {@code env} with the other options of {@code options}. */
    Session(GlobalOptions options, String env, UnaryOperator<AwsSettings> awsCustomizer, ClientsByRegion borrowed) {
        this.options = options;
        this.awsCustomizer = awsCustomizer;
        this.borrowed = borrowed;
        this.loaded = new ConfigLoader().loadWithSources(options.configDir, env);
        this.config = options.region == null ? loaded.config() : loaded.config().withRegion(options.region);
        this.bundleDir = createBundleDir();
        this.code = bundle(config, options.functionsDir, bundleDir);
        // Built now, with no client: every configuration and graph error surfaces before any AWS call.
        this.graphWithoutZones = ResourceGraph.of(TapStack.resources(config, code, Zones.unknown(config)));
        refuseUnknownTimeoutTargets();
        this.ignored = resolveIgnoreChanges();
    }

    /**
     * {@code ignoreChanges}, resolved to this environment's resources: a glob that matches none,
     * a path a kind does not have, or a safeguard in a protected environment is refused here,
     * before any AWS call.
     */
    private IgnoredPaths resolveIgnoreChanges() {
        List<ResourceDef<?>> resources = graphWithoutZones.order().stream()
                .<ResourceDef<?>>map(graphWithoutZones::get)
                .toList();
        IgnoreRules.Resolved resolved = IgnoreRules.resolve(config, resources);
        if (!resolved.problems().isEmpty()) {
            throw new ConfigException(resolved.problems().stream()
                    .map(p -> loaded.problem(p.rule(), p.message()))
                    .toList());
        }
        return new IgnoredPaths(resolved.byId());
    }

    /**
     * A {@code timeouts} target must be a resource of this environment or a kind tapctl knows (a
     * kind may be one this environment has none of, since defaults.yaml serves every environment).
     */
    private void refuseUnknownTimeoutTargets() {
        Set<String> kinds = new TreeSet<>(AwsHandlerCatalog.allKinds());
        List<String> problems = config.timeouts().stream()
                .filter(t -> !graphWithoutZones.contains(t.target()) && !kinds.contains(t.target()))
                .map(t -> loaded.problem(
                        t,
                        "\"" + t.target() + "\" is neither a resource of " + config.env()
                                + " (e.g. data.db; plan --offline --json lists them) nor a kind (one of "
                                + String.join(", ", kinds) + ")"))
                .toList();
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }

    /** The configured bounds of resources' waits, for the engine. */
    private WaitLimits waitLimits() {
        Map<String, Map<String, java.time.Duration>> byTarget = new TreeMap<>();
        config.timeouts().forEach(t -> byTarget.computeIfAbsent(t.target(), k -> new TreeMap<>())
                .put(t.operation(), t.limit()));
        return new WaitLimits(byTarget);
    }

    /** Every configured function, bundled from its folder; a missing folder is a configuration error. */
    private static Map<String, FunctionCode> bundle(TapConfig config, Path functionsDir, Path outputDir) {
        Bundler bundler = new Bundler();
        Map<String, FunctionCode> code = new TreeMap<>();
        for (String function : new TreeSet<>(config.functions().keySet())) {
            try {
                FunctionBundle bundle = bundler.bundle(functionsDir.resolve(function), outputDir);
                code.put(function, new FunctionCode(bundle.codeSha256(), bundle.zip()));
            } catch (BundleException e) {
                throw new ConfigException("functions." + function + ": " + e.getMessage());
            }
        }
        return code;
    }

    private static Path createBundleDir() {
        try {
            return Files.createTempDirectory("tapctl-bundles-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a folder for function bundles", e);
        }
    }

    TapConfig config() {
        return config;
    }

    /** What a saved plan is made from, to tell later whether the configuration moved on. */
    PlanFile.ConfigurationDigest configurationDigest() {
        Map<String, String> functions = new TreeMap<>();
        code.forEach((name, function) -> functions.put(name, function.sha256()));
        return PlanFile.ConfigurationDigest.of(loaded.documents(), functions);
    }

    /**
     * The stack with its subnets in the zones AWS lists for this account and region, looked up
     * once per session (one DescribeAvailabilityZones call): for a plan or an apply. A region with
     * fewer zones than {@code network.azCount} fails here, before any mutating call (exit 65).
     */
    ResourceGraph graph() {
        if (graph == null) {
            List<String> available = zones != null ? zones : clients().availabilityZones();
            graph = ResourceGraph.of(TapStack.resources(config, code, Zones.choose(config, available)));
        }
        return graph;
    }

    /**
     * Asks AWS the run's first questions at once rather than one after another, since each is the
     * first call of its client and pays for the client's start too: the account id, the zones when
     * {@code withZones}, and a look at the lock when {@code withLock} (before any plan read).
     * {@link #online}, {@link #graph} and {@link #observeLock} then use the answers.
     */
    void askFirstQuestions(boolean withZones, boolean withLock) {
        answer(ask(withZones, withLock));
    }

    /**
     * A plan's first questions (the account id, the zones, and a look at the lock when
     * {@code withLock}), with its reads of {@code selection} (of {@link #graphWithoutZones}, with
     * {@code catalog}) begun while they are answered rather than after: the plan then waits one
     * round trip less (see {@link ReadsAhead}). The questions are asked first, so that the reads
     * do not hold them up. An environment bound to an account is first asked which account this
     * is, alone, so that nothing is read in another. The session stops the reads when it closes.
     */
    ReadsAhead askFirstQuestionsReadingAhead(
            Selection selection, HandlerCatalog catalog, int parallelism, boolean withLock) {
        FirstQuestions asked = ask(true, withLock);
        String account = accountId != null ? accountId : Unknown.ofAccount("accountId");
        readsAhead =
                ReadsAhead.start(selection, catalog, settings(account, parallelism, Set.of(), ProgressListener.SILENT));
        answer(asked);
        return readsAhead;
    }

    private record FirstQuestions(
            CompletableFuture<String> account,
            CompletableFuture<List<String>> zones,
            CompletableFuture<EnvironmentLock.Observation> lock) {}

    private FirstQuestions ask(boolean withZones, boolean withLock) {
        AwsClients aws = clients();
        // An environment bound to an account asks which account this is first, and alone.
        if (config.expectedAccount().isPresent()) {
            refuseOtherAccount();
        }
        return new FirstQuestions(
                accountId != null
                        ? CompletableFuture.completedFuture(accountId)
                        : CompletableFuture.supplyAsync(aws::accountId),
                withZones
                        ? CompletableFuture.supplyAsync(aws::availabilityZones)
                        : CompletableFuture.completedFuture(null),
                withLock ? CompletableFuture.supplyAsync(this::lookAtLock) : CompletableFuture.completedFuture(null));
    }

    private void answer(FirstQuestions asked) {
        accountId = Futures.join(asked.account());
        zones = Futures.join(asked.zones());
        lockSeen = Futures.join(asked.lock());
    }

    /**
     * The account guard: an environment that names its {@code account} runs in no other. Its
     * GetCallerIdentity is the run's first call, so a mismatch (exit 65, naming both accounts)
     * stops the run before any other call: nothing is read, locked or changed in the wrong account.
     */
    void refuseOtherAccount() {
        String expected = config.expectedAccount().orElse(null);
        if (expected == null) {
            return;
        }
        String actual = accountId != null ? accountId : clients().accountId();
        accountId = actual;
        if (!expected.equals(actual)) {
            throw new ConfigException(loaded.problem(
                    "account",
                    config.env() + " runs only in account " + expected + ", but the credentials are for account "
                            + actual + "; nothing was read or changed"));
        }
    }

    /**
     * Refuses, as invalid configuration (exit 65), a plan that creates what AWS would refuse to
     * create as configured: a PostgreSQL version RDS no longer offers. Like every configuration
     * problem, each names the file and the key that set the value (TapStack says which key sets
     * it, the loader which file); the second check that needs the account, after the zones. Asked
     * only of resources the plan creates, before anything changes.
     */
    void refuseRefusedCreations(Planner planner, Plan plan) {
        try {
            planner.refuseRefusedCreations(plan);
        } catch (CreationRefusedException e) {
            throw new ConfigException(e.refusals().stream()
                    .map(r -> TapStack.configKey(r.resourceId(), r.attribute())
                            .map(key -> loaded.problem(key, r.reason()))
                            .orElse(r.resourceId() + ": " + r.attribute() + ": " + r.reason()))
                    .toList());
        }
    }

    /**
     * The same resources, ids and dependencies with the zones unknown, for what needs no zone:
     * an offline plan (no AWS call), a destroy (it removes subnets wherever they are, so it must
     * not depend on how many zones the region lists today), and questions about ids.
     */
    ResourceGraph graphWithoutZones() {
        return graphWithoutZones;
    }

    AwsClients clients() {
        if (clients == null && borrowed != null) {
            clients = borrowed.of(config.region());
        }
        if (clients == null) {
            clients = new AwsClients(
                    awsCustomizer.apply(AwsSettings.defaults(config.region(), options.profile, options.endpointUrl)));
        }
        return clients;
    }

    /** Logical ids of the stack's functions, in graph order. */
    java.util.List<String> functionIds() {
        return graphWithoutZones.order().stream()
                .filter(id ->
                        OutputsCommand.isFunction(graphWithoutZones.get(id).kind()))
                .toList();
    }

    HandlerCatalog catalog() {
        return catalog(AwsHandlerCatalog.Options.DEFAULT);
    }

    HandlerCatalog catalog(AwsHandlerCatalog.Options options) {
        return new AwsHandlerCatalog(clients(), options);
    }

    /** A look at this environment's lock, taken before a plan so that the lock can later vouch for it. */
    EnvironmentLock.Observation observeLock() {
        return lockSeen != null ? lockSeen : lookAtLock();
    }

    private EnvironmentLock.Observation lookAtLock() {
        return clients().environmentLock(holder(), LOCK_LEASE).observe(lockId());
    }

    /**
     * Takes this environment's lock; a run holding it is named in the refusal (exit 75). The
     * lease tells whether the lock is as {@code seen} left it.
     */
    EnvironmentLock.Lease lock(EnvironmentLock.Observation seen) {
        return clients().environmentLock(holder(), LOCK_LEASE).acquire(lockId(), seen);
    }

    /** Removes this environment's lock whoever holds it. */
    java.util.Optional<EnvironmentLock.Holder> unlock() {
        return clients().environmentLock(holder(), LOCK_LEASE).forceUnlock(lockId());
    }

    String lockId() {
        return config.project() + "/" + config.env();
    }

    private static String holder() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            host = "unknown-host";
        }
        return System.getProperty("user.name") + "@" + host + " (pid "
                + ProcessHandle.current().pid() + ")";
    }

    /** Settings for a run against the account. */
    RunSettings online(int parallelism, Set<String> allowReplace, ProgressListener progress) {
        return settings(accountId != null ? accountId : clients().accountId(), parallelism, allowReplace, progress);
    }

    private RunSettings settings(String account, int parallelism, Set<String> allowReplace, ProgressListener progress) {
        return new RunSettings(config.env(), config.region(), account, parallelism, allowReplace, progress)
                .withOrphans(new RunSettings.OrphanScope(config.project(), config.prefix() + "-"))
                .withWaitLimits(waitLimits())
                .withIgnored(ignored);
    }

    /** Settings for a run against the account that replaces nothing and shows no progress: a plan or an import. */
    RunSettings online(int parallelism) {
        return online(parallelism, Set.of(), ProgressListener.SILENT);
    }

    /** Settings for a plan that treats the account as empty and makes no call. */
    RunSettings offline(int parallelism) {
        return new RunSettings(
                config.env(),
                config.region(),
                Unknown.ofAccount("accountId"),
                parallelism,
                Set.of(),
                ProgressListener.SILENT);
    }

    @Override
    public void close() {
        if (readsAhead != null) {
            readsAhead.close();
        }
        // Borrowed clients are closed by the run that lent them.
        if (clients != null && borrowed == null) {
            clients.close();
        }
        try (Stream<Path> files = Files.walk(bundleDir)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // A temporary folder left behind is harmless.
        }
    }
}

package dev.tapctl.engine;

import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.HandlerCatalog;
import dev.tapctl.engine.spi.Outputs;
import dev.tapctl.engine.spi.Ownership;
import dev.tapctl.engine.spi.ResourceDef;
import dev.tapctl.engine.spi.Tagged;
import dev.tapctl.engine.spi.Tags;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/**
 * The reads of one plan, shared by the apply and the destroy planner, and the step each resource
 * gets from what was read. With no catalog (offline) nothing is read and the account is empty.
 *
 * <p>A plan's reads are a few rounds of calls, not a walk along the graph: every resource whose
 * read needs only its own name, alias or tags is read at once, beside the orphan listings,
 * without waiting for its dependencies; only the decision waits for them, since the desired spec
 * needs their outputs. A kind whose read looks its object up by another resource's output (a
 * stage by its REST API's id) is read as soon as that resource has been read, and its decision
 * checks that it was read with the outputs decided. Each read makes its independent calls at once
 * ({@link dev.tapctl.engine.spi.ReadsAtOnce}). The reads have their own threads
 * ({@link ReadExecutor}), apart from {@code --parallelism}, which bounds what changes AWS.
 *
 * <p>When asked to, the round also asks a SNAPSHOT resource that is gone for the final snapshots
 * earlier destroys left of it (only a destroy plan needs them, see {@link RetainedDataNeeds}).
 */
final class ReadRound {
    /** How a planner turns what was read of one resource into its step. */
    @FunctionalInterface
    interface Decision {
        Step decide(ResourceDef<?> def, ErasedHandler handler, Object desired, Optional<Object> live);
    }

    /**
     * Every resource's step in graph order, then the orphans found; {@code finalSnapshots} by
     * logical id, of the resources that are gone, when asked for.
     */
    record Result(List<Step> steps, Map<String, List<String>> finalSnapshots) {
        Result {
            steps = List.copyOf(steps);
            finalSnapshots = Map.copyOf(finalSnapshots);
        }
    }

    private final Selection selection;
    /** What is read: the selection, and in a partial destroy what it needs to be found. */
    private final ResourceGraph graph;

    private final HandlerCatalog catalog;
    private final RunSettings settings;
    private final boolean askForFinalSnapshots;
    /**
     * Reading ahead of the answers to the first questions ({@link ReadsAhead}): the account id
     * and the zones are placeholders, and a read that would use one waits for the plan proper.
     */
    private final boolean beforeAnswers;

    /**
     * {@code catalog} null means offline: the account is treated as empty and no AWS call is made.
     * Only {@code selection} is read (see {@link Selection#readGraph}) and planned.
     */
    ReadRound(Selection selection, HandlerCatalog catalog, RunSettings settings, boolean askForFinalSnapshots) {
        this(selection, catalog, settings, askForFinalSnapshots, false);
    }

    private ReadRound(
            Selection selection,
            HandlerCatalog catalog,
            RunSettings settings,
            boolean askForFinalSnapshots,
            boolean beforeAnswers) {
        this.selection = selection;
        this.graph = selection.readGraph();
        this.catalog = catalog;
        this.settings = settings;
        this.askForFinalSnapshots = askForFinalSnapshots;
        this.beforeAnswers = beforeAnswers;
    }

    /**
     * Begins the reads of {@code selection} (of the graph without zones) with {@code settings}
     * whose account id may be a placeholder: every read, and every orphan listing, that needs
     * neither, on threads of its own. See {@link ReadsAhead}.
     */
    static ReadsAhead ahead(Selection selection, HandlerCatalog catalog, RunSettings settings) {
        ReadRound round = new ReadRound(selection, catalog, settings, false, true);
        ReadExecutor executor = new ReadExecutor();
        PlanReads reads = settings.planReads();
        return new ReadsAhead(
                executor,
                reads,
                round.startReads(executor, reads, Map.of()),
                round.startOrphanListings(executor.resources(), reads));
    }

    /** {@code passesOutputsOn}: whether dependants see the real outputs of what a step found, rather than placeholders. */
    Result run(Decision decision, Predicate<Step> passesOutputsOn) {
        // The plan's reads run on their own threads, not --parallelism's (see ReadExecutor).
        try (ReadExecutor executor = new ReadExecutor()) {
            PlanReads reads = settings.planReads();
            Map<String, CompletableFuture<FirstRead>> firstReads = startReads(executor, reads, Map.of());
            List<CompletableFuture<List<Step>>> orphans = startOrphanListings(executor.resources(), reads);
            return decide(decision, passesOutputsOn, firstReads, orphans, reads, executor);
        }
    }

    /**
     * The same with the reads begun {@code ahead}: each of them that used what this plan's read
     * would use serves it, on the same threads and with the same shared listings; the others
     * are read now. {@code ahead} is closed at the end.
     */
    Result run(Decision decision, Predicate<Step> passesOutputsOn, ReadsAhead ahead) {
        try (ahead) {
            Map<String, CompletableFuture<FirstRead>> firstReads =
                    startReads(ahead.executor(), ahead.reads(), ahead.firstReads());
            return decide(
                    decision, passesOutputsOn, firstReads, ahead.orphanListings(), ahead.reads(), ahead.executor());
        }
    }

    private Result decide(
            Decision decision,
            Predicate<Step> passesOutputsOn,
            Map<String, CompletableFuture<FirstRead>> firstReads,
            List<CompletableFuture<List<Step>>> orphanListings,
            PlanReads reads,
            ReadExecutor executor) {
        Map<String, Step> steps = new ConcurrentHashMap<>();
        Map<String, Outputs> outputs = new ConcurrentHashMap<>();
        Map<String, List<String>> finalSnapshots = new ConcurrentHashMap<>();
        // Deciding only reads and compares: as wide as the reads, whatever --parallelism says.
        Map<String, NodeResult> results = new GraphExecutor(ReadExecutor.THREADS).run(graph, false, id -> {
            ResourceDef<?> def = graph.get(id);
            Object desired = def.desired().apply(new RunInputs(def, settings, outputs, true));
            Optional<Object> live = Optional.empty();
            ErasedHandler handler = null;
            if (catalog != null) {
                handler = new ErasedHandler(catalog.forKind(def.kind()));
                FirstRead first = Futures.join(firstReads.get(id));
                FirstRead found = first.servesFor(handler, desired)
                        ? first.answer()
                        : read(def, handler, desired, reads, executor);
                live = found.live();
                if (!found.finalSnapshots().isEmpty()) {
                    finalSnapshots.put(id, found.finalSnapshots());
                }
            }
            Step step = decision.decide(def, handler, desired, live);
            steps.put(id, step);
            if (live.isPresent() && passesOutputsOn.test(step)) {
                outputs.put(id, handler.outputs(live.get()));
            }
        });
        if (results.values().stream().anyMatch(r -> r.status() != NodeResult.Status.SUCCEEDED)) {
            throw new RunFailedException("plan failed", results);
        }
        // What was read only to find the selection is not planned.
        List<Step> ordered = new ArrayList<>(
                selection.graph().order().stream().map(steps::get).toList());
        for (CompletableFuture<List<Step>> orphans : orphanListings) {
            Futures.join(orphans).stream()
                    .filter(orphan -> selection.includesOrphan(orphan.id()))
                    .forEach(ordered::add);
        }
        return new Result(ordered, finalSnapshots);
    }

    /**
     * What was read of one resource before its decision; {@code done} false when nothing was
     * (offline, or a read ahead that could not be made: its decision reads). {@code readKey} is
     * the hash of what of the spec the read used when that hangs on upstream outputs (a kind that
     * {@code ReadsUpstreamOutputs}), null when the read needs none of them; {@code failure} what
     * such a read threw, which counts only if it serves. {@code finalSnapshots}: those left of it,
     * when asked for.
     */
    record FirstRead(
            boolean done,
            String readKey,
            Optional<Object> live,
            List<String> finalSnapshots,
            RuntimeException failure) {
        static final FirstRead LATER = new FirstRead(false, null, Optional.empty(), List.of(), null);

        FirstRead {
            finalSnapshots = List.copyOf(finalSnapshots);
        }

        /**
         * Whether this read is the one the decision would make: always for a read that needs no
         * upstream output; for one made with upstream outputs read ahead of their decisions, when
         * what of the spec it used is that of the spec now decided (every upstream it looks at was
         * found and is kept, so its outputs are those it read). Otherwise it is read again.
         */
        boolean servesFor(ErasedHandler handler, Object desired) {
            return done && (readKey == null || readKey.equals(keyOf(handler, desired)));
        }

        /**
         * This read of a kind found by name, tags or alias, made ahead of the answers (its
         * {@code readKey} what of the spec it used then), as the plan's own read: its decision
         * takes it as it takes one made with the answers.
         */
        FirstRead servingAsMade() {
            return new FirstRead(true, null, live, finalSnapshots, failure);
        }

        /** What was read; the failure of the read rethrown. */
        FirstRead answer() {
            if (failure != null) {
                throw failure;
            }
            return this;
        }
    }

    /** What of {@code spec} the read of a kind that reads upstream outputs uses, as a hash. */
    private static String keyOf(ErasedHandler handler, Object spec) {
        return SpecHasher.hash(new ReadKey(handler.readsBy(spec)));
    }

    /** A record, so that whatever {@code readsBy} gives is hashed as a spec is. */
    private record ReadKey(Object readsBy) {}

    /**
     * Reads one resource; when asked to, also the final snapshots of a SNAPSHOT resource that is
     * gone (a live one keeps what its data needs anyway), so that no other plan pays for that call.
     */
    private FirstRead read(
            ResourceDef<?> def, ErasedHandler handler, Object spec, PlanReads reads, ReadExecutor executor) {
        NodeContext ctx = new NodeContext(def.id(), SpecHasher.hash(spec), settings.progress(), reads, executor);
        Optional<Object> live = handler.read(spec, ctx);
        boolean askForSnapshots =
                askForFinalSnapshots && live.isEmpty() && def.deletionPolicy() == DeletionPolicy.SNAPSHOT;
        return new FirstRead(true, null, live, askForSnapshots ? handler.finalSnapshots(spec, ctx) : List.of(), null);
    }

    /**
     * Starts the read of every resource at once. A kind that finds its object by name, alias or
     * tags is read with the spec computed as if no upstream output were known yet (placeholders,
     * which a read never sends to AWS). A kind that finds it by an upstream output (a stage by
     * its REST API's id) is read as soon as the outputs of its upstreams are known from their
     * reads ({@link #outputsAhead}), rather than after their decisions: those wait for everything
     * upstream of them, and would make the plan a walk along the graph. Its decision checks that
     * the read fits the decided spec ({@link FirstRead#servesFor}). The handlers are built on the
     * pool too, so that SDK clients are built in parallel rather than one after another.
     */
    private Map<String, CompletableFuture<FirstRead>> startReads(
            ReadExecutor executor, PlanReads reads, Map<String, CompletableFuture<FirstRead>> madeAhead) {
        Map<String, CompletableFuture<FirstRead>> first = new ConcurrentHashMap<>();
        Map<String, CompletableFuture<Optional<Outputs>>> ahead = new ConcurrentHashMap<>();
        for (String id : graph.order()) {
            if (catalog == null) {
                first.put(id, CompletableFuture.completedFuture(FirstRead.LATER));
                continue;
            }
            ResourceDef<?> def = graph.get(id);
            // Graph order: every upstream's read is started before this one.
            Map<String, CompletableFuture<Optional<Outputs>>> upstream = new LinkedHashMap<>();
            graph.dependenciesOf(id).forEach(dependency -> upstream.put(dependency, ahead.get(dependency)));
            CompletableFuture<FirstRead> early = madeAhead.get(id);
            CompletableFuture<FirstRead> read = early == null
                    ? firstRead(def, upstream, reads, executor)
                    : early.thenCompose(made -> servesNow(def, made)
                            .map(CompletableFuture::completedFuture)
                            .orElseGet(() -> firstRead(def, upstream, reads, executor)));
            first.put(id, read);
            ahead.put(id, outputsAhead(def, read, reads, executor));
        }
        return first;
    }

    /**
     * The first read of {@code def}: at once for a kind found by name, tags or alias, as soon as
     * the upstream outputs it is found by are known for the others.
     */
    private CompletableFuture<FirstRead> firstRead(
            ResourceDef<?> def,
            Map<String, CompletableFuture<Optional<Outputs>>> upstream,
            PlanReads reads,
            ReadExecutor executor) {
        return CompletableFuture.supplyAsync(
                        () -> {
                            ErasedHandler handler = new ErasedHandler(catalog.forKind(def.kind()));
                            if (handler.readsUpstreamOutputs()) {
                                return null;
                            }
                            Object probe = probe(def);
                            if (!beforeAnswers) {
                                return read(def, handler, probe, reads, executor);
                            }
                            return waitsForAnswers(handler, probe)
                                    ? FirstRead.LATER
                                    : readAhead(def, handler, probe, reads, executor);
                        },
                        executor.resources())
                .thenCompose(done -> done != null
                        ? CompletableFuture.completedFuture(done)
                        : readAfterUpstreamOutputs(def, upstream, reads, executor));
    }

    /**
     * What a read made ahead of the answers gives this plan: nothing when it was not made; a read
     * of a kind found by upstream outputs as it is, since its decision checks what it was read
     * by; a read of the others when what it used is what the spec with the answers uses.
     */
    private Optional<FirstRead> servesNow(ResourceDef<?> def, FirstRead made) {
        if (!made.done()) {
            return Optional.empty();
        }
        ErasedHandler handler = new ErasedHandler(catalog.forKind(def.kind()));
        if (handler.readsUpstreamOutputs()) {
            return Optional.of(made);
        }
        return made.readKey().equals(keyOf(handler, probe(def))) ? Optional.of(made.servingAsMade()) : Optional.empty();
    }

    /**
     * Whether, ahead of the answers to the first questions, {@code spec}'s read would use the
     * account id or a zone (a bucket's name): it waits for the plan proper.
     */
    private boolean waitsForAnswers(ErasedHandler handler, Object spec) {
        return beforeAnswers && SpecHasher.holdsAccountPlaceholder(handler.readsBy(spec));
    }

    /** The spec of {@code def} as if no upstream output were known yet. */
    private Object probe(ResourceDef<?> def) {
        return def.desired().apply(new RunInputs(def, settings, Map.of(), true));
    }

    /**
     * The outputs of what {@code def}'s read finds, as soon as they are known: from the first
     * call of its read for a kind that {@link dev.tapctl.engine.spi.FindsOutputsFirst} and finds
     * them there, otherwise from the whole read. Empty when nothing was found, or the read failed
     * (its decision says so).
     */
    private CompletableFuture<Optional<Outputs>> outputsAhead(
            ResourceDef<?> def, CompletableFuture<FirstRead> read, PlanReads reads, ReadExecutor executor) {
        // On the pool, as the reads: building a handler may build its SDK client.
        return CompletableFuture.supplyAsync(
                        () -> {
                            ErasedHandler handler = new ErasedHandler(catalog.forKind(def.kind()));
                            if (!handler.findsOutputsFirst()) {
                                return null;
                            }
                            Object probe = probe(def);
                            if (waitsForAnswers(handler, probe)) {
                                return null;
                            }
                            NodeContext ctx = new NodeContext(
                                    def.id(), SpecHasher.hash(probe), settings.progress(), reads, executor);
                            return handler.outputsFound(probe, ctx);
                        },
                        executor.resources())
                .exceptionally(e -> Optional.empty())
                // Not known from the first call (nothing found, or not that way): from the whole read.
                .thenCompose(early -> early != null && early.isPresent()
                        ? CompletableFuture.completedFuture(early)
                        : read.handle((found, failure) -> failure != null || found.failure() != null
                                ? Optional.<Outputs>empty()
                                : found.live().map(new ErasedHandler(catalog.forKind(def.kind()))::outputs)));
    }

    /**
     * The read of a kind that needs upstream outputs, as soon as what its read looks the object up
     * by ({@code readsBy}) holds no placeholder, or else once every upstream's outputs are known
     * from its read: with the outputs of those known (a placeholder for the others). A stage is
     * read once its API's id is known, without waiting for the routes' read, whose outputs only
     * its decision compares. What the read throws is kept for its decision, which rethrows it
     * only if this read serves.
     */
    private CompletableFuture<FirstRead> readAfterUpstreamOutputs(
            ResourceDef<?> def,
            Map<String, CompletableFuture<Optional<Outputs>>> upstream,
            PlanReads reads,
            ReadExecutor executor) {
        ErasedHandler handler = new ErasedHandler(catalog.forKind(def.kind()));
        CompletableFuture<FirstRead> first = new CompletableFuture<>();
        AtomicBoolean started = new AtomicBoolean();
        // Tried again as each upstream's outputs become known; the first that can, reads.
        Runnable attempt = () -> {
            try {
                boolean allKnown = upstream.values().stream().allMatch(CompletableFuture::isDone);
                Optional<Object> spec = specWithOutputsKnown(def, upstream);
                // Outputs that do not fit (a key the early ones lack), or, ahead of the answers, a read
                // by what is not known yet: read after the decisions, by the plan proper.
                if (spec.isEmpty() || beforeAnswers && SpecHasher.holdsPlaceholder(handler.readsBy(spec.get()))) {
                    if (allKnown && started.compareAndSet(false, true)) {
                        first.complete(FirstRead.LATER);
                    }
                } else if ((allKnown || !SpecHasher.holdsPlaceholder(handler.readsBy(spec.get())))
                        && started.compareAndSet(false, true)) {
                    CompletableFuture.supplyAsync(
                                    () -> readAhead(def, handler, spec.get(), reads, executor), executor.resources())
                            .whenComplete((read, failure) -> {
                                if (failure != null) {
                                    first.completeExceptionally(failure);
                                } else {
                                    first.complete(read);
                                }
                            });
                }
            } catch (RuntimeException e) {
                // Nothing may leave the decision waiting for ever.
                first.completeExceptionally(e);
            }
        };
        if (upstream.isEmpty()) {
            attempt.run();
        }
        upstream.values().forEach(outputs -> outputs.whenComplete((known, failure) -> attempt.run()));
        return first;
    }

    /** The spec of {@code def} with the upstream outputs known so far; empty when they do not fit it. */
    private Optional<Object> specWithOutputsKnown(
            ResourceDef<?> def, Map<String, CompletableFuture<Optional<Outputs>>> upstream) {
        Map<String, Outputs> found = new LinkedHashMap<>();
        upstream.forEach((dependency, outputs) -> {
            if (outputs.isDone()) {
                Futures.join(outputs).ifPresent(known -> found.put(dependency, known));
            }
        });
        try {
            return Optional.of(def.desired().apply(new RunInputs(def, settings, found, true)));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private FirstRead readAhead(
            ResourceDef<?> def, ErasedHandler handler, Object spec, PlanReads reads, ReadExecutor executor) {
        String key = keyOf(handler, spec);
        try {
            FirstRead read = read(def, handler, spec, reads, executor);
            return new FirstRead(true, key, read.live(), read.finalSnapshots(), null);
        } catch (RuntimeException e) {
            return new FirstRead(true, key, Optional.empty(), List.of(), e);
        }
    }

    /**
     * Objects that carry this environment's ownership tags but that the configuration no longer
     * has, one listing per kind of the graph or of the catalog (a kind the configuration has no
     * object of any more still has its objects listed); each is planned as its kind's orphan policy says.
     */
    private List<CompletableFuture<List<Step>>> startOrphanListings(ExecutorService pool, PlanReads reads) {
        if (catalog == null || settings.orphans() == null || !selection.looksForOrphans()) {
            return List.of();
        }
        // Orphans are told apart from every configured resource, selected or not.
        ResourceGraph configured = selection.configured();
        Map<String, Set<String>> namesByKind = new LinkedHashMap<>();
        for (String id : configured.order()) {
            ResourceDef<?> def = configured.get(id);
            namesByKind.computeIfAbsent(def.kind().name(), k -> new TreeSet<>()).add(def.name());
        }
        for (String kind : catalog.kinds()) {
            namesByKind.putIfAbsent(kind, Set.of());
        }
        List<CompletableFuture<List<Step>>> listings = new ArrayList<>();
        namesByKind.forEach((kind, names) ->
                listings.add(CompletableFuture.supplyAsync(() -> orphansOf(kind, names, reads), pool)));
        return listings;
    }

    private List<Step> orphansOf(String kind, Set<String> names, PlanReads reads) {
        List<Step> orphans = new ArrayList<>();
        ErasedHandler handler = new ErasedHandler(catalog.forKind(kind));
        Ownership owner = new Ownership(
                settings.orphans().project(), settings.env(), settings.orphans().namePrefix(), names);
        for (Object live : handler.listOrphans(owner, reads)) {
            Map<String, String> tags = live instanceof Tagged tagged ? tagged.tags() : Map.of();
            String logicalId = tags.getOrDefault(Tags.LOGICAL_ID, "");
            ResourceGraph configured = selection.configured();
            if (configured.contains(logicalId)
                    && configured.get(logicalId).kind().name().equals(kind)) {
                // Still configured (a kind found by tags, whose name tag was edited): its own
                // read plans it; deleting it as well would undo that.
                continue;
            }
            String name = tags.getOrDefault(Tags.NAME, logicalId);
            String id = logicalId.isEmpty() || configured.contains(logicalId)
                    ? Selection.ORPHAN + kind + ":" + name
                    : logicalId;
            DeletionPolicy policy = handler.orphanPolicy();
            Action action = policy == DeletionPolicy.RETAIN ? Action.RETAIN : Action.DELETE;
            orphans.add(new Step.Orphan(
                    id, kind, name, policy, live, noteOf(action, handler, live, "no longer in the configuration")));
        }
        return orphans;
    }

    /** A deletion the handler would refuse says so in the plan; anything else keeps {@code note}. */
    static String noteOf(Action action, ErasedHandler handler, Object live, String note) {
        return action == Action.DELETE
                ? handler.deletionRefusal(live).map(why -> "refused: " + why).orElse(note)
                : note;
    }
}

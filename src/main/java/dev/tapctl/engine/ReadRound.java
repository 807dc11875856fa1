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
import java.util.concurrent.Executors;

/**
 * The reads of one plan, shared by the apply and the destroy planner, and the step each resource
 * gets from what was read. With no catalog (offline) nothing is read and the account is empty.
 *
 * <p>A plan's reads are one round: every resource whose read needs only its own name, alias or
 * tags is read at once, beside the orphan listings, without waiting for its dependencies; only
 * the decision waits for them, since the desired spec needs their outputs. A kind whose read
 * looks its object up by another resource's output (a stage by its REST API's id) is read when
 * that output is known.
 *
 * <p>When asked to, the round also asks a SNAPSHOT resource that is gone for the final snapshots
 * earlier destroys left of it (only a destroy plan needs them, see {@link RetainedDataNeeds}).
 */
final class ReadRound {
    /** How a planner turns what was read of one resource into its step. */
    interface Decision {
        Step decide(ResourceDef<?> def, ErasedHandler handler, Object desired, Optional<Object> live);

        /** Whether dependants see the real outputs of what {@code step} found, rather than placeholders. */
        boolean passesOutputsOn(Step step);
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
     * {@code catalog} null means offline: the account is treated as empty and no AWS call is made.
     * Only {@code selection} is read (see {@link Selection#readGraph}) and planned.
     */
    ReadRound(Selection selection, HandlerCatalog catalog, RunSettings settings, boolean askForFinalSnapshots) {
        this.selection = selection;
        this.graph = selection.readGraph();
        this.catalog = catalog;
        this.settings = settings;
        this.askForFinalSnapshots = askForFinalSnapshots;
    }

    Result run(Decision decision) {
        // Orphan listings need only the configured names: they run beside the graph's reads.
        ExecutorService listing = Executors.newFixedThreadPool(settings.parallelism(), runnable -> {
            Thread thread = new Thread(runnable, "tapctl-orphans");
            thread.setDaemon(true);
            return thread;
        });
        try {
            PlanReads reads = settings.planReads();
            Map<String, CompletableFuture<FirstRead>> firstReads = startFirstRoundOfReads(listing, reads);
            List<CompletableFuture<List<Step>>> orphans = startOrphanListings(listing, reads);
            return decide(decision, firstReads, orphans, reads);
        } finally {
            listing.shutdownNow();
        }
    }

    private Result decide(
            Decision decision,
            Map<String, CompletableFuture<FirstRead>> firstReads,
            List<CompletableFuture<List<Step>>> orphanListings,
            PlanReads reads) {
        Map<String, Step> steps = new ConcurrentHashMap<>();
        Map<String, Outputs> outputs = new ConcurrentHashMap<>();
        Map<String, List<String>> finalSnapshots = new ConcurrentHashMap<>();
        Map<String, NodeResult> results = new GraphExecutor(settings.parallelism()).run(graph, false, id -> {
            ResourceDef<?> def = graph.get(id);
            Object desired = def.desired().apply(new RunInputs(def, settings, outputs, true));
            Optional<Object> live = Optional.empty();
            ErasedHandler handler = null;
            if (catalog != null) {
                handler = new ErasedHandler(catalog.forKind(def.kind()));
                FirstRead first = Futures.join(firstReads.get(id));
                FirstRead found = first.done() ? first : read(def, handler, desired, reads);
                live = found.live();
                if (!found.finalSnapshots().isEmpty()) {
                    finalSnapshots.put(id, found.finalSnapshots());
                }
            }
            Step step = decision.decide(def, handler, desired, live);
            steps.put(id, step);
            if (live.isPresent() && decision.passesOutputsOn(step)) {
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
     * What the first round read of one resource; {@code done} false when its read waits for
     * upstream outputs. {@code finalSnapshots}: those left of it, when asked for.
     */
    private record FirstRead(boolean done, Optional<Object> live, List<String> finalSnapshots) {
        static final FirstRead LATER = new FirstRead(false, Optional.empty(), List.of());

        FirstRead {
            finalSnapshots = List.copyOf(finalSnapshots);
        }
    }

    /**
     * Reads one resource; when asked to, also the final snapshots of a SNAPSHOT resource that is
     * gone (a live one keeps what its data needs anyway), so that no other plan pays for that call.
     */
    private FirstRead read(ResourceDef<?> def, ErasedHandler handler, Object spec, PlanReads reads) {
        NodeContext ctx = new NodeContext(def.id(), SpecHasher.hash(spec), settings.progress(), reads);
        Optional<Object> live = handler.read(spec, ctx);
        boolean askForSnapshots =
                askForFinalSnapshots && live.isEmpty() && def.deletionPolicy() == DeletionPolicy.SNAPSHOT;
        return new FirstRead(true, live, askForSnapshots ? handler.finalSnapshots(spec, ctx) : List.of());
    }

    /**
     * Starts the read of every resource whose kind finds its object without upstream outputs,
     * with the spec computed as if no upstream output were known yet (placeholders, which a read
     * never sends to AWS). The handlers are built on the pool too, so that SDK clients are built
     * in parallel rather than one after another.
     */
    private Map<String, CompletableFuture<FirstRead>> startFirstRoundOfReads(ExecutorService pool, PlanReads reads) {
        Map<String, CompletableFuture<FirstRead>> first = new LinkedHashMap<>();
        for (String id : graph.order()) {
            if (catalog == null) {
                first.put(id, CompletableFuture.completedFuture(FirstRead.LATER));
                continue;
            }
            ResourceDef<?> def = graph.get(id);
            first.put(
                    id,
                    CompletableFuture.supplyAsync(
                            () -> {
                                ErasedHandler handler = new ErasedHandler(catalog.forKind(def.kind()));
                                if (handler.readsUpstreamOutputs()) {
                                    return FirstRead.LATER;
                                }
                                Object probe = def.desired().apply(new RunInputs(def, settings, Map.of(), true));
                                return read(def, handler, probe, reads);
                            },
                            pool));
        }
        return first;
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

package dev.tapctl.engine;

import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.HandlerCatalog;
import dev.tapctl.engine.spi.Ownership;
import dev.tapctl.engine.spi.Tagged;
import dev.tapctl.engine.spi.Tags;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Set;
import java.util.TreeSet;
import dev.tapctl.engine.spi.Outputs;
import dev.tapctl.engine.spi.ResourceDef;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Reads every resource and decides what apply or destroy would do. With no catalog (offline)
 * nothing is read and the account is empty.
 *
 * <p>A plan's reads are one round: every resource whose read needs only its own name, alias or
 * tags is read at once, beside the orphan listings, without waiting for its dependencies; only
 * the decision waits for them, since the desired spec needs their outputs. A kind whose read
 * looks its object up by another resource's output (a stage by its REST API's id) is read when
 * that output is known.
 *
 * <p>A destroy plan also asks a SNAPSHOT resource that is gone for the final snapshots earlier
 * destroys left of it, in the same round, since what they need is kept (see
 * {@link RetainedDataNeeds}); other plans never ask.
 */
public final class Planner {
    private final ResourceGraph graph;
    private final HandlerCatalog catalog;
    private final RunSettings settings;

    /** {@code catalog} null means offline: the account is treated as empty and no AWS call is made. */
    public Planner(ResourceGraph graph, HandlerCatalog catalog, RunSettings settings) {
        this.graph = graph;
        this.catalog = catalog;
        this.settings = settings;
    }

    public Plan plan() {
        return run(false);
    }

    /** The outputs (ids, ARNs, endpoints) of every resource the plan found in the account. */
    public Map<String, Outputs> outputs(Plan plan) {
        Map<String, Outputs> outputs = new java.util.LinkedHashMap<>();
        for (Step change : plan.changes()) {
            if (change.live() != null && catalog != null) {
                outputs.put(change.id(), new ErasedHandler(catalog.forKind(change.kind())).outputs(change.live()));
            }
        }
        return outputs;
    }

    /**
     * Throws {@link CreationRefusedException} naming every resource {@code plan} creates (absent,
     * or replaced) that AWS would refuse to create as configured, asking each one's handler (see
     * {@code ResourceHandler#creationRefusal}); an object that exists is never asked about, and
     * offline nothing is asked. Plan and apply call it before anything changes: apply before it
     * takes the lock or asks the user.
     */
    public void refuseRefusedCreations(Plan plan) {
        if (catalog == null || plan.destroy()) {
            return;
        }
        List<CreationRefusedException.Refusal> refusals = new ArrayList<>();
        for (Step change : plan.changes()) {
            boolean creates = change instanceof Step.Create || change instanceof Step.Replace;
            if (creates && graph.contains(change.id())) {
                NodeContext ctx = new NodeContext(change.id(), SpecHasher.hash(change.desired()), settings.progress());
                new ErasedHandler(catalog.forKind(change.kind())).creationRefusal(change.desired(), ctx)
                        .ifPresent(why -> refusals.add(new CreationRefusedException.Refusal(change.id(), why.attribute(),
                                why.reason())));
            }
        }
        if (!refusals.isEmpty()) {
            throw new CreationRefusedException(refusals);
        }
    }

    /** What destroy would do: delete, snapshot or retain each resource that exists. */
    public Plan planDestroy() {
        return run(true);
    }

    private Plan run(boolean destroy) {
        // Orphan listings need only the configured names: they run beside the graph's reads.
        ExecutorService listing = Executors.newFixedThreadPool(settings.parallelism(), runnable -> {
            Thread thread = new Thread(runnable, "tapctl-orphans");
            thread.setDaemon(true);
            return thread;
        });
        try {
            PlanReads reads = new PlanReads();
            Map<String, CompletableFuture<FirstRead>> firstReads = startFirstRoundOfReads(listing, reads, destroy);
            List<CompletableFuture<List<Step>>> orphans = startOrphanListings(listing, reads);
            return run(destroy, firstReads, orphans, reads);
        } finally {
            listing.shutdownNow();
        }
    }

    private Plan run(boolean destroy, Map<String, CompletableFuture<FirstRead>> firstReads,
                     List<CompletableFuture<List<Step>>> orphanListings, PlanReads reads) {
        Map<String, Step> changes = new ConcurrentHashMap<>();
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
                FirstRead found = first.done() ? first : read(def, handler, desired, reads, destroy);
                live = found.live();
                if (!found.finalSnapshots().isEmpty()) {
                    finalSnapshots.put(id, found.finalSnapshots());
                }
            }
            Step change = destroy ? destroyChange(def, handler, desired, live) : change(def, handler, desired, live);
            changes.put(id, change);
            if (live.isPresent() && (change.action() == Action.NO_OP || change.action() == Action.UPDATE || destroy)) {
                outputs.put(id, handler.outputs(live.get()));
            }
        });
        if (results.values().stream().anyMatch(r -> r.status() != NodeResult.Status.SUCCEEDED)) {
            throw new RunFailedException("plan failed", results);
        }
        List<Step> ordered = new ArrayList<>(graph.order().stream().map(changes::get).toList());
        for (CompletableFuture<List<Step>> orphans : orphanListings) {
            ordered.addAll(Futures.join(orphans));
        }
        return new Plan(settings.env(), settings.region(), destroy,
                destroy ? new RetainedDataNeeds(graph, finalSnapshots).keep(ordered) : ordered);
    }

    /**
     * What the first round read of one resource; {@code done} false when its read waits for
     * upstream outputs. {@code finalSnapshots}: those left of it, when a destroy plan asked.
     */
    private record FirstRead(boolean done, Optional<Object> live, List<String> finalSnapshots) {
        static final FirstRead LATER = new FirstRead(false, Optional.empty(), List.of());

        FirstRead {
            finalSnapshots = List.copyOf(finalSnapshots);
        }
    }

    /**
     * Reads one resource; planning a destroy, also the final snapshots of a SNAPSHOT resource
     * that is gone (a live one keeps what its data needs anyway), so that no other plan pays for
     * that call.
     */
    private FirstRead read(ResourceDef<?> def, ErasedHandler handler, Object spec, PlanReads reads, boolean destroy) {
        NodeContext ctx = new NodeContext(def.id(), SpecHasher.hash(spec), settings.progress(), reads);
        Optional<Object> live = handler.read(spec, ctx);
        boolean askForSnapshots = destroy && live.isEmpty() && def.deletionPolicy() == DeletionPolicy.SNAPSHOT;
        return new FirstRead(true, live, askForSnapshots ? handler.finalSnapshots(spec, ctx) : List.of());
    }

    /**
     * Starts the read of every resource whose kind finds its object without upstream outputs,
     * with the spec computed as if no upstream output were known yet (placeholders, which a read
     * never sends to AWS). The handlers are built on the pool too, so that SDK clients are built
     * in parallel rather than one after another.
     */
    private Map<String, CompletableFuture<FirstRead>> startFirstRoundOfReads(ExecutorService pool, PlanReads reads,
                                                                             boolean destroy) {
        Map<String, CompletableFuture<FirstRead>> first = new LinkedHashMap<>();
        for (String id : graph.order()) {
            if (catalog == null) {
                first.put(id, CompletableFuture.completedFuture(FirstRead.LATER));
                continue;
            }
            ResourceDef<?> def = graph.get(id);
            first.put(id, CompletableFuture.supplyAsync(() -> {
                ErasedHandler handler = new ErasedHandler(catalog.forKind(def.kind()));
                if (handler.readsUpstreamOutputs()) {
                    return FirstRead.LATER;
                }
                Object probe = def.desired().apply(new RunInputs(def, settings, Map.of(), true));
                return read(def, handler, probe, reads, destroy);
            }, pool));
        }
        return first;
    }

    /**
     * Objects that carry this environment's ownership tags but that the configuration no longer
     * has, one listing per kind of the graph or of the catalog (a kind the configuration has no
     * object of any more still has its objects listed); each is planned as its kind's orphan policy says.
     */
    private List<CompletableFuture<List<Step>>> startOrphanListings(ExecutorService pool, PlanReads reads) {
        if (catalog == null || settings.orphans() == null) {
            return List.of();
        }
        Map<String, Set<String>> namesByKind = new LinkedHashMap<>();
        for (String id : graph.order()) {
            ResourceDef<?> def = graph.get(id);
            namesByKind.computeIfAbsent(def.kind(), k -> new TreeSet<>()).add(def.name());
        }
        for (String kind : catalog.kinds()) {
            namesByKind.putIfAbsent(kind, Set.of());
        }
        List<CompletableFuture<List<Step>>> listings = new ArrayList<>();
        namesByKind.forEach((kind, names) -> listings.add(CompletableFuture.supplyAsync(() -> orphansOf(kind, names, reads), pool)));
        return listings;
    }

    private List<Step> orphansOf(String kind, Set<String> names, PlanReads reads) {
        List<Step> orphans = new ArrayList<>();
        ErasedHandler handler = new ErasedHandler(catalog.forKind(kind));
        Ownership owner = new Ownership(settings.orphans().project(), settings.env(), settings.orphans().namePrefix(), names);
        for (Object live : handler.listOrphans(owner, reads)) {
            Map<String, String> tags = live instanceof Tagged tagged ? tagged.tags() : Map.of();
            String logicalId = tags.getOrDefault(Tags.LOGICAL_ID, "");
            if (graph.contains(logicalId) && graph.get(logicalId).kind().equals(kind)) {
                // Still configured (a kind found by tags, whose name tag was edited): its own
                // read plans it; deleting it as well would undo that.
                continue;
            }
            String name = tags.getOrDefault(Tags.NAME, logicalId);
            String id = logicalId.isEmpty() || graph.contains(logicalId) ? "orphan:" + kind + ":" + name : logicalId;
            DeletionPolicy policy = handler.orphanPolicy();
            Action action = policy == DeletionPolicy.RETAIN ? Action.RETAIN : Action.DELETE;
            orphans.add(new Step.Orphan(id, kind, name, policy, live,
                    noteOf(action, handler, live, "no longer in the configuration")));
        }
        return orphans;
    }

    private static Step change(ResourceDef<?> def, ErasedHandler handler, Object desired, Optional<Object> live) {
        return Decider.decide(def, handler, desired, live);
    }

    private static Step destroyChange(ResourceDef<?> def, ErasedHandler handler, Object desired,
                                      Optional<Object> live) {
        if (live.isEmpty()) {
            return new Step.Absent(def.id(), def.kind(), def.name(), def.dependsOn(), def.deletionPolicy(), desired);
        }
        if (def.deletionPolicy() == DeletionPolicy.RETAIN) {
            return new Step.Retain(def.id(), def.kind(), def.name(), def.dependsOn(), def.deletionPolicy(), desired,
                    live.get(), "");
        }
        String note = def.deletionPolicy() == DeletionPolicy.SNAPSHOT ? "final snapshot first" : "";
        return new Step.Delete(def.id(), def.kind(), def.name(), def.dependsOn(), def.deletionPolicy(), desired,
                live.get(), noteOf(Action.DELETE, handler, live.get(), note));
    }

    /** A deletion the handler would refuse says so in the plan; anything else keeps {@code note}. */
    private static String noteOf(Action action, ErasedHandler handler, Object live, String note) {
        return action == Action.DELETE
                ? handler.deletionRefusal(live).map(why -> "refused: " + why).orElse(note)
                : note;
    }
}

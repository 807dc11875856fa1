package dev.tapctl.engine;

import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.HandlerCatalog;
import dev.tapctl.engine.spi.Outputs;
import dev.tapctl.engine.spi.ResourceDef;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Carries out a plan. Replacements first tear down the old objects, dependants before what they
 * depend on (AWS refuses to delete a VPC that still has subnets); then every node starts as soon
 * as its dependencies are done. The live views the plan read are reused, so an apply reads each
 * resource once; specs that were partly unknown at plan time are computed again from the real
 * outputs and decided again, and a decision more destructive than the approved plan fails.
 */
public final class Applier {
    private final ResourceGraph graph;
    private final HandlerCatalog catalog;
    private final RunSettings settings;
    private final GraphExecutor executor;
    private final Map<String, Outputs> outputs = new ConcurrentHashMap<>();

    public Applier(ResourceGraph graph, HandlerCatalog catalog, RunSettings settings) {
        this.graph = graph;
        this.catalog = catalog;
        this.settings = settings;
        this.executor = new GraphExecutor(settings.parallelism());
    }

    /** Stops starting new resources; those in flight finish. */
    public void requestStop() {
        executor.requestStop();
    }

    /** Returns the outcome of every node; throws {@link RunFailedException} if any failed or was stopped. */
    public Map<String, NodeResult> apply(Plan plan) {
        refuseUnallowedReplacements(plan);
        refuseRefusedOrphanDeletions(plan);
        new OrphanRemover(graph, catalog, settings).remove(plan);
        if (plan.changes().stream().anyMatch(c -> c.action() == Action.REPLACE)) {
            Map<String, NodeResult> teardown = executor.run(graph, true, id -> tearDownReplaced(plan, id));
            requireAllSucceeded("apply failed while removing replaced resources", teardown);
        }
        outputs.clear();
        Map<String, NodeResult> results = executor.run(graph, false, id -> converge(plan, id, outputs));
        requireAllSucceeded("apply failed", results);
        return results;
    }

    /** The outputs of every resource after the last {@link #apply(Plan)}. */
    public Map<String, Outputs> outputs() {
        return Map.copyOf(outputs);
    }

    private void tearDownReplaced(Plan plan, String id) {
        Step planned = planned(plan, id);
        if (planned.action() != Action.REPLACE) {
            return;
        }
        ResourceDef<?> def = graph.get(id);
        ErasedHandler handler = handler(def);
        NodeContext ctx = new NodeContext(id, SpecHasher.hash(planned.desired()), settings.progress());
        step(id, "removing for replacement", () -> handler.delete(planned.desired(), planned.live(),
                def.deletionPolicy() == DeletionPolicy.SNAPSHOT ? DeletionPolicy.SNAPSHOT : DeletionPolicy.DELETE, ctx));
    }

    private void converge(Plan plan, String id, Map<String, Outputs> outputs) {
        ResourceDef<?> def = graph.get(id);
        Step planned = planned(plan, id);
        ErasedHandler handler = handler(def);
        Object desired = def.desired().apply(new RunInputs(def, settings, outputs, false));
        NodeContext ctx = new NodeContext(id, SpecHasher.hash(desired), settings.progress());
        // A replaced object was removed in the teardown pass.
        Optional<Object> live = planned.action() == Action.REPLACE ? Optional.empty() : Optional.ofNullable(planned.live());
        Step decision = Decider.decide(def, handler, desired, live);
        if (decision instanceof Step.Replace) {
            throw new IllegalStateException(id + " now needs replacement, which the approved plan did not show ("
                    + planned.action().json() + "); run plan and apply again");
        }
        Object result = switch (decision.action()) {
            case NO_OP -> live.get();
            case CREATE -> step(id, "creating", () -> handler.create(desired, ctx));
            case UPDATE -> step(id, "updating", () -> handler.update(desired, live.get(), decision.attributes(), ctx));
            default -> throw new IllegalStateException("apply does not " + decision.action().json());
        };
        outputs.put(id, handler.outputs(result));
    }

    private Step planned(Plan plan, String id) {
        return plan.change(id).orElseThrow(() -> new IllegalStateException("not planned: " + id));
    }

    private ErasedHandler handler(ResourceDef<?> def) {
        return new ErasedHandler(catalog.forKind(def.kind()));
    }

    private static void requireAllSucceeded(String what, Map<String, NodeResult> results) {
        if (results.values().stream().anyMatch(r -> r.status() != NodeResult.Status.SUCCEEDED)) {
            throw new RunFailedException(what, results);
        }
    }

    /**
     * Throws {@link DeletionRefusedException} if an orphan the plan deletes would refuse to go (a
     * removed function's dead-letter queue still holding messages, without --force).
     */
    public void refuseRefusedOrphanDeletions(Plan plan) {
        DeletionRefusals.refuse(plan, catalog, change -> change.reason() == Reason.ORPHAN);
    }

    /** Throws {@link ReplaceRefusedException} if the plan replaces data the user did not name. */
    public void refuseUnallowedReplacements(Plan plan) {
        for (Step change : plan.changes()) {
            if (!graph.contains(change.id())) {
                continue;
            }
            ResourceDef<?> def = graph.get(change.id());
            // Replacing something that holds data is done only when the user names it.
            if (change.action() == Action.REPLACE && def.deletionPolicy() != DeletionPolicy.DELETE
                    && !settings.allowReplace().contains(def.id())) {
                throw new ReplaceRefusedException(def.id());
            }
        }
    }

    private <T> T step(String id, String verb, Supplier<T> work) {
        long start = System.nanoTime();
        settings.progress().started(id, verb);
        try {
            T result = work.get();
            settings.progress().finished(id, verb, Duration.ofNanos(System.nanoTime() - start));
            return result;
        } catch (RuntimeException | Error e) {
            settings.progress().failed(id, verb, e, Duration.ofNanos(System.nanoTime() - start));
            throw e;
        }
    }
}

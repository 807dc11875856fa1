package dev.tapctl.engine;

import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.HandlerCatalog;
import dev.tapctl.engine.spi.Outputs;
import dev.tapctl.engine.spi.ResourceDef;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Carries out a plan. First the orphans go and replacements tear down the old objects, dependants
 * before what they depend on (AWS refuses to delete a VPC that still has subnets; see
 * {@link TeardownGraph}); then every node starts as soon as its dependencies are done. The live views the plan read are reused, so an apply reads each
 * resource once; specs that were partly unknown at plan time are computed again from the real
 * outputs and decided again, and a decision more destructive than the approved plan fails.
 */
public final class Applier {
    private final ResourceGraph graph;
    private final RunSettings settings;
    private final ChangeRun run;
    private final Map<String, Outputs> outputs = new ConcurrentHashMap<>();

    public Applier(ResourceGraph graph, HandlerCatalog catalog, RunSettings settings) {
        this.graph = graph;
        this.settings = settings;
        this.run = new ChangeRun(graph, catalog, settings);
    }

    /** Stops starting new resources; those in flight finish. */
    public void requestStop() {
        run.requestStop();
    }

    /** Returns the outcome of every node; throws {@link RunFailedException} if any failed or was stopped. */
    public Map<String, NodeResult> apply(Plan plan) {
        refuseUnallowedReplacements(plan);
        refuseRefusedOrphanDeletions(plan);
        removeOrphansAndReplaced(plan);
        outputs.clear();
        Map<String, NodeResult> results = run.each(graph, id -> converge(plan, id, outputs));
        requireAllSucceeded("apply failed", results);
        return results;
    }

    /** The outputs of every resource after the last {@link #apply(Plan)}. */
    public Map<String, Outputs> outputs() {
        return Map.copyOf(outputs);
    }

    /**
     * The teardown before anything is created: the orphans, and the old objects of replacements,
     * dependants first. A failure stops the apply before anything is created.
     */
    private void removeOrphansAndReplaced(Plan plan) {
        TeardownGraph teardown = run.teardown(plan);
        boolean replaces = plan.changes().stream().anyMatch(c -> c instanceof Step.Replace);
        if (!replaces && !teardown.hasOrphans()) {
            return;
        }
        Map<String, NodeResult> results = run.each(teardown, id -> {
            Step step = teardown.step(id);
            if (step instanceof Step.Replace || step instanceof Step.Orphan) {
                run.step(step);
            }
        });
        boolean orphanFailed = results.values().stream()
                .anyMatch(r -> r.status() == NodeResult.Status.FAILED && teardown.step(r.id()) instanceof Step.Orphan);
        requireAllSucceeded(
                orphanFailed ? "removing orphans failed" : "apply failed while removing replaced resources", results);
    }

    private void converge(Plan plan, String id, Map<String, Outputs> outputs) {
        ResourceDef<?> def = graph.get(id);
        Step planned = planned(plan, id);
        ErasedHandler handler = handler(def);
        Object desired = def.desired().apply(new RunInputs(def, settings, outputs, false));
        // A replaced object was removed in the teardown pass.
        Optional<Object> live =
                planned instanceof Step.Replace ? Optional.empty() : Optional.ofNullable(planned.live());
        Step decided = Decider.decide(def, handler, desired, live, settings.ignored());
        if (decided instanceof Step.Replace) {
            throw new IllegalStateException(id + " now needs replacement, which the approved plan did not show ("
                    + planned.action().json() + "); run plan and apply again");
        }
        if (!(run.step(decided) instanceof StepRunner.Result.Present present)) {
            throw new IllegalStateException("apply does not " + decided.action().json());
        }
        outputs.put(id, handler.outputs(present.live()));
    }

    private Step planned(Plan plan, String id) {
        return plan.change(id).orElseThrow(() -> new IllegalStateException("not planned: " + id));
    }

    private ErasedHandler handler(ResourceDef<?> def) {
        return new ErasedHandler(run.catalog().forKind(def.kind()));
    }

    private static void requireAllSucceeded(String what, Map<String, NodeResult> results) {
        if (!ChangeRun.allSucceeded(results)) {
            throw new RunFailedException(what, results);
        }
    }

    /**
     * Throws {@link DeletionRefusedException} if an orphan the plan deletes would refuse to go (a
     * removed function's dead-letter queue still holding messages, without --force).
     */
    public void refuseRefusedOrphanDeletions(Plan plan) {
        DeletionRefusals.refuse(plan, run.catalog(), change -> change.reason() == Reason.ORPHAN);
    }

    /** Throws {@link ReplaceRefusedException} if the plan replaces data the user did not name. */
    public void refuseUnallowedReplacements(Plan plan) {
        for (Step change : plan.changes()) {
            if (!graph.contains(change.id())) {
                continue;
            }
            ResourceDef<?> def = graph.get(change.id());
            // Replacing something that holds data is done only when the user names it.
            if (change.action() == Action.REPLACE
                    && def.deletionPolicy() != DeletionPolicy.DELETE
                    && !settings.allowReplace().contains(def.id())) {
                throw new ReplaceRefusedException(def.id());
            }
        }
    }
}

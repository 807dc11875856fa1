package dev.tapctl.engine;

import dev.tapctl.engine.spi.HandlerCatalog;
import dev.tapctl.engine.spi.Holdings;
import dev.tapctl.engine.spi.Outputs;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Reads every resource and decides what apply would do to it (see {@link ReadRound} for how the
 * reads go), then what each replaced or deleted object holds ({@link HoldingsReads});
 * {@link DestroyPlanner} decides what destroy would do. With no catalog (offline) nothing is read
 * and the account is empty.
 *
 * <p>A plan of {@code selection} only: nothing else is changed, and only it is read (see
 * {@link Selection}). {@code catalog} null means offline: no AWS call is made.
 */
public record Planner(Selection selection, HandlerCatalog catalog, RunSettings settings) {
    /** A plan of every resource of {@code graph}. */
    public Planner(ResourceGraph graph, HandlerCatalog catalog, RunSettings settings) {
        this(Selection.all(graph), catalog, settings);
    }

    public Plan plan() {
        return plan(null);
    }

    /**
     * The plan, taking the reads begun {@code ahead} of the first questions' answers (null: none),
     * which it closes.
     */
    public Plan plan(ReadsAhead ahead) {
        ReadRound.Decision decision =
                (def, handler, desired, live) -> Decider.decide(def, handler, desired, live, settings.ignored());
        // What is replaced or created gets new ids: its dependants see placeholders.
        Predicate<Step> passesOutputsOn =
                step -> step instanceof Step.NoOp || step instanceof Step.Update || step instanceof Step.Adopt;
        ReadRound reads = new ReadRound(selection, catalog, settings, false);
        ReadRound.Result round =
                ahead == null ? reads.run(decision, passesOutputsOn) : reads.run(decision, passesOutputsOn, ahead);
        Map<String, Holdings> holdings = new HoldingsReads(
                        catalog, settings, new RetainedDataNeeds(selection.graph(), Map.of()))
                .of(round.steps());
        return new Plan(settings.env(), settings.region(), false, round.steps(), selection.partial(), holdings);
    }

    /** The outputs (ids, ARNs, endpoints) of every resource the plan found in the account. */
    public Map<String, Outputs> outputs(Plan plan) {
        Map<String, Outputs> outputs = new LinkedHashMap<>();
        for (Step change : plan.changes()) {
            if (change.live() != null && catalog != null) {
                outputs.put(change.id(), new ErasedHandler(catalog.forKind(change.kind())).outputs(change.live()));
            }
        }
        return outputs;
    }

    /**
     * Throws {@link AdoptionRefusedException} naming every object made outside tapctl that
     * {@code plan} would have to replace to adopt, or that another tapctl environment or project
     * owns (see {@link Step.Adopt}). Plan and apply call it before anything changes: apply before it
     * takes the lock or asks the user.
     */
    public void refuseRefusedAdoptions(Plan plan) {
        List<String> refusals = plan.changes().stream()
                .filter(change -> change instanceof Step.Adopt adopt && adopt.refused())
                .map(change -> change.id() + " (" + change.name() + "): " + ((Step.Adopt) change).refusal())
                .toList();
        if (!refusals.isEmpty()) {
            throw new AdoptionRefusedException(refusals);
        }
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
            if (creates && selection.graph().contains(change.id())) {
                NodeContext ctx = new NodeContext(change.id(), SpecHasher.hash(change.desired()), settings.progress());
                new ErasedHandler(catalog.forKind(change.kind()))
                        .creationRefusal(change.desired(), ctx)
                        .ifPresent(why -> refusals.add(
                                new CreationRefusedException.Refusal(change.id(), why.attribute(), why.reason())));
            }
        }
        if (!refusals.isEmpty()) {
            throw new CreationRefusedException(refusals);
        }
    }
}

package dev.tapctl.engine;

import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.HandlerCatalog;
import dev.tapctl.engine.spi.ResourceDef;
import java.util.List;
import java.util.Optional;

/**
 * Reads every resource and decides what destroy would do: delete, snapshot or retain each one
 * that exists, and keep what retained data still needs ({@link RetainedDataNeeds}), for which the
 * reads also ask a SNAPSHOT resource that is gone for the final snapshots earlier destroys left of
 * it; then what each deleted or retained object holds ({@link HoldingsReads}). With no catalog
 * (offline) nothing is read and the account is empty.
 *
 * <p>A plan of {@code selection} only: nothing else is changed, and only it is read (see
 * {@link Selection}). {@code catalog} null means offline: no AWS call is made.
 */
public record DestroyPlanner(Selection selection, HandlerCatalog catalog, RunSettings settings) {
    /** A plan of every resource of {@code graph}. */
    public DestroyPlanner(ResourceGraph graph, HandlerCatalog catalog, RunSettings settings) {
        this(Selection.all(graph), catalog, settings);
    }

    public Plan plan() {
        // A destroy passes every output on: nothing is made again, so nothing gets a new id.
        ReadRound.Result round =
                new ReadRound(selection, catalog, settings, true).run(DestroyPlanner::step, step -> true);
        RetainedDataNeeds needs = new RetainedDataNeeds(selection.graph(), round.finalSnapshots());
        List<Step> steps = needs.keep(round.steps());
        return new Plan(
                settings.env(),
                settings.region(),
                true,
                steps,
                selection.partial(),
                new HoldingsReads(catalog, settings, needs).of(steps));
    }

    private static Step step(ResourceDef<?> def, ErasedHandler handler, Object desired, Optional<Object> live) {
        if (live.isEmpty()) {
            return new Step.Absent(
                    def.id(), def.kind().name(), def.name(), def.dependsOn(), def.deletionPolicy(), desired);
        }
        Provenance whose = Provenance.of(desired, live.get());
        if (whose.owner() != Provenance.Owner.THIS_ENVIRONMENT) {
            // Destroy deletes only what is this environment's: an object under the name that tapctl
            // never made nor adopted (no tapctl tag), or another environment's, is not its to delete.
            return retain(
                    def,
                    desired,
                    live.get(),
                    whose.owner() == Provenance.Owner.UNMANAGED
                            ? "not tapctl's (it carries no tapctl tag): left as it is"
                            : "another environment's or project's: left as it is");
        }
        if (def.deletionPolicy() == DeletionPolicy.RETAIN) {
            return retain(def, desired, live.get(), "");
        }
        String note = def.deletionPolicy() == DeletionPolicy.SNAPSHOT ? "final snapshot first" : "";
        return new Step.Delete(
                def.id(),
                def.kind().name(),
                def.name(),
                def.dependsOn(),
                def.deletionPolicy(),
                desired,
                live.get(),
                ReadRound.noteOf(Action.DELETE, handler, live.get(), note));
    }

    private static Step retain(ResourceDef<?> def, Object desired, Object live, String note) {
        return new Step.Retain(
                def.id(), def.kind().name(), def.name(), def.dependsOn(), def.deletionPolicy(), desired, live, note);
    }
}

package dev.tapctl.cli;

import dev.tapctl.aws.EnvironmentLock;
import dev.tapctl.engine.Action;
import dev.tapctl.engine.DeletionRefusedException;
import dev.tapctl.engine.DestroyFailedException;
import dev.tapctl.engine.DestroyPlanner;
import dev.tapctl.engine.Destroyer;
import dev.tapctl.engine.Plan;
import dev.tapctl.engine.ProgressListener;
import dev.tapctl.engine.ResourceGraph;
import dev.tapctl.engine.RunSettings;
import dev.tapctl.engine.Selection;
import dev.tapctl.engine.spi.DeleteResult;
import dev.tapctl.engine.spi.HandlerCatalog;
import dev.tapctl.resources.AwsHandlerCatalog;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "destroy",
        mixinStandardHelpOptions = true,
        description = "Tear the environment down in reverse dependency order, each resource by its deletion policy "
                + "(delete, snapshot, retain). A protected environment needs --confirm ENV or its name typed.")
final class DestroyCommand extends TapctlCommand {
    @Mixin
    ChangeOptions change;

    @Option(
            names = "--confirm",
            paramLabel = "ENV",
            description = "Confirm destroying ENV (required for protected environments).")
    String confirm;

    @Option(
            names = "--auto-approve",
            description = "Do not ask (an unprotected environment, or one confirmed with --confirm).")
    boolean autoApprove;

    @Option(
            names = "--force",
            description = "Also delete dead-letter queues that still hold messages (those events are lost).")
    boolean force;

    private static boolean deletesAnything(Plan plan) {
        return plan.changes().stream().anyMatch(c -> c.action() == Action.DELETE);
    }

    /** A protected environment needs its name, given or typed; any other needs a yes unless told not to ask. */
    private void confirm(Session session, String env) {
        boolean confirmed = confirm != null;
        Console console = root.console(global);
        if (session.config().protectedEnv() && !confirmed) {
            String typed = console.ask("\n" + env + " is protected. Type its name to destroy it: ");
            if (!typed.equals(env)) {
                throw new UserAbortException(
                        "Destroy cancelled: " + env + " was not confirmed. Nothing was changed.", ExitCodes.FAILURE);
            }
            confirmed = true;
        }
        if (!autoApprove && !confirmed) {
            String answer = console.ask("\nDestroy " + env + "? Only 'yes' is accepted: ");
            if (!answer.equals("yes")) {
                throw new UserAbortException("Destroy cancelled: nothing was changed.", ExitCodes.FAILURE);
            }
        }
    }

    /** A refused deletion stops the destroy before the lock, the question and any teardown, with the plan shown. */
    private static void refuseBeforeAnythingGoes(Destroyer destroyer, Plan plan, Console console) {
        try {
            destroyer.refuseRefusedDeletions(plan);
        } catch (DeletionRefusedException e) {
            PlanText.render(plan, console);
            throw e;
        }
    }

    private static void report(Console console, String title, Map<String, DeleteResult> done) {
        console.out().printf("%n%s%n", title);
        done.forEach((id, result) -> console.out()
                .printf(
                        "  %-12s %s%s%n",
                        result.outcome().name().toLowerCase(),
                        id,
                        result.detail().isEmpty() ? "" : "  " + result.detail()));
        console.out().flush();
    }

    @Override
    public Integer call() {
        Console console = root.console(global);
        try (Session session = root.session(global);
                ProgressPrinter progress = new ProgressPrinter(console)) {
            String env = session.config().env();
            if (confirm != null && !confirm.equals(env)) {
                throw new UserAbortException(
                        "Refusing to destroy " + env + ": --confirm names " + confirm + ". Nothing was changed.",
                        ExitCodes.FAILURE);
            }
            change.selection.check(session.graphWithoutZones());
            session.askFirstQuestions(false, true);
            RunTiming timing = new RunTiming(change.trace);
            RunSettings settings = session.online(change.parallelism.value(), Set.of(), timing.alongside(progress));
            // One catalog for the plan and the teardown: with --force the plan shows no refusal either.
            // A destroy removes subnets wherever they are: it neither needs nor looks up the zones.
            HandlerCatalog catalog = session.catalog(new AwsHandlerCatalog.Options(force));
            Selection chosen = change.selection.select(session.graphWithoutZones(), true);
            DestroyPlanner planner =
                    new DestroyPlanner(chosen, catalog, settings.withProgress(ProgressListener.SILENT));
            Destroyer destroyer = new Destroyer(chosen.graph(), catalog, settings);
            EnvironmentLock.Observation seen = session.observeLock();
            Plan plan = timing.phase("plan", planner::plan);
            change.selection.checkOrphans(chosen, plan);
            if (!deletesAnything(plan)) {
                // What is left is kept: the plan says why (e.g. a final snapshot still needs the key).
                PlanText.render(plan, console);
                console.out()
                        .println("Nothing to destroy in " + env + ": no resource of it that may be deleted exists.");
                return ExitCodes.OK;
            }
            refuseBeforeAnythingGoes(destroyer, plan, console);
            try (Interruption interruption = new Interruption();
                    EnvironmentLock.Lease lease = timing.phase("lock", () -> session.lock(seen))) {
                if (!lease.unchangedSinceObservation()) {
                    plan = timing.phase("plan again", planner::plan);
                }
                PlanText.render(plan, console);
                if (!deletesAnything(plan)) {
                    return ExitCodes.OK;
                }
                destroyer.refuseRefusedDeletions(plan);
                confirm(session, env);
                console.out().println();
                interruption.onInterrupt(destroyer::requestStop);
                try {
                    report(console, "Destroy of " + env + " complete:", destroyer.destroy(plan));
                } catch (DestroyFailedException e) {
                    // What did go (and the final snapshot's id) matters all the more when the rest did not.
                    report(console, "Destroy of " + env + " stopped; done so far:", e.done());
                    throw e;
                } finally {
                    // A destroy removes a resource once what depends on it is gone.
                    ResourceGraph graph = session.graphWithoutZones();
                    timing.report(
                            console,
                            "tapctl destroy " + env,
                            id -> graph.contains(id) ? List.copyOf(graph.dependantsOf(id)) : List.of());
                }
            }
            console.out().flush();
            return ExitCodes.OK;
        }
    }
}

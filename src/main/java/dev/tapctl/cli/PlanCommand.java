package dev.tapctl.cli;

import dev.tapctl.engine.DestroyPlanner;
import dev.tapctl.engine.Plan;
import dev.tapctl.engine.Planner;
import dev.tapctl.engine.ReadsAhead;
import dev.tapctl.engine.ResourceGraph;
import dev.tapctl.engine.RunSettings;
import dev.tapctl.engine.Selection;
import dev.tapctl.engine.spi.HandlerCatalog;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

@Command(
        name = "plan",
        mixinStandardHelpOptions = true,
        description = "Read every resource and show what apply (or destroy) would change, and why: "
                + "absent, config (the configuration changed) or drift (changed outside tapctl). "
                + "An object that exists under a resource's name but carries no tapctl tags (made by hand or by "
                + "another tool) is planned as adopt (unmanaged): apply tags it and reconciles it in place; one that "
                + "only a replacement could reconcile, or that another environment's tags claim, is refused (exit 1). "
                + "A difference the configuration's ignoreChanges covers is shown as drift (ignored) "
                + "or config (ignored) and is no change. "
                + "A delete, replace or retain of a table, bucket, database, queue or key says what it holds.")
final class PlanCommand extends TapctlCommand {
    @Mixin
    ParallelismOption parallelism;

    @Mixin
    PlanFormatOptions output;

    @Mixin
    SelectionOptions selection;

    @Option(names = "--detailed-exitcode", description = "Exit 2 when the plan has changes, 0 when it has none.")
    boolean detailedExitcode;

    @Option(names = "--offline", description = "Make no AWS call: treat the account as empty (needs no credentials).")
    boolean offline;

    @Option(
            names = "--destroy",
            description = "Plan a destroy: what would be deleted, snapshotted or retained, and what each holds.")
    boolean destroy;

    @Option(
            names = "--out",
            paramLabel = "FILE",
            description =
                    "Also save the plan to FILE: tapctl apply FILE carries out exactly it, or refuses if anything "
                            + "it was made from changed since; tapctl show FILE renders it. Not with --offline or --destroy.")
    Path out;

    @Override
    public Integer call() {
        PlanFormat format = output.format();
        if (out != null && (offline || destroy)) {
            // An offline plan read nothing to vouch for; a destroy is reviewed and confirmed as it runs.
            throw new ParameterException(
                    spec.commandLine(),
                    "--out: a saved plan is of an apply, made online; not with "
                            + (offline ? "--offline" : "--destroy"));
        }
        Console console = root.console(global);
        try (Session session = root.session(global)) {
            selection.check(session.graphWithoutZones());
            HandlerCatalog catalog = offline ? null : session.catalog();
            // Offline looks nothing up; a destroy plan shows what destroy would do, which needs no zone.
            // A plan's reads begin while the first questions are asked (ReadsAhead).
            ReadsAhead ahead = null;
            if (!offline && destroy) {
                session.askFirstQuestions(false, false);
            } else if (!offline) {
                ahead = session.askFirstQuestionsReadingAhead(
                        selection.select(session.graphWithoutZones(), false), catalog, parallelism.value(), false);
            }
            ResourceGraph graph = offline || destroy ? session.graphWithoutZones() : session.graph();
            RunSettings settings = offline ? session.offline(parallelism.value()) : session.online(parallelism.value());
            Selection chosen = selection.select(graph, destroy);
            Planner planner = new Planner(chosen, catalog, settings);
            Plan plan = destroy ? new DestroyPlanner(chosen, catalog, settings).plan() : planner.plan(ahead);
            selection.checkOrphans(chosen, plan);
            if (!offline && !destroy) {
                // An object made elsewhere that must not be adopted: refused, exit 1, nothing shown as doable.
                planner.refuseRefusedAdoptions(plan);
            }
            if (!offline) {
                session.refuseRefusedCreations(planner, plan);
            }
            if (out != null) {
                PlanFile.of(plan, settings.accountId(), session.configurationDigest())
                        .write(out);
                console.err()
                        .println("Saved the plan to " + out + ". To carry out exactly this plan: tapctl apply " + out);
                console.err().flush();
            }
            format.print(plan, console);
            return detailedExitcode && plan.hasChanges() ? ExitCodes.CHANGES : ExitCodes.OK;
        }
    }
}

package dev.tapctl.cli;

import dev.tapctl.engine.DestroyPlanner;
import dev.tapctl.engine.Plan;
import dev.tapctl.engine.Planner;
import dev.tapctl.engine.ProgressListener;
import dev.tapctl.engine.ResourceGraph;
import dev.tapctl.engine.RunSettings;
import dev.tapctl.engine.spi.HandlerCatalog;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(
        name = "plan",
        mixinStandardHelpOptions = true,
        description = "Read every resource and show what apply (or destroy) would change, and why: "
                + "absent, config (the configuration changed) or drift (changed outside tapctl). "
                + "A delete, replace or retain of a table, bucket, database, queue or key says what it holds.")
final class PlanCommand implements Callable<Integer> {
    @ParentCommand
    Tapctl root;

    @Mixin
    GlobalOptions global;

    @Mixin
    ParallelismOption parallelism;

    @Mixin
    PlanFormatOptions output;

    @Option(names = "--detailed-exitcode", description = "Exit 2 when the plan has changes, 0 when it has none.")
    boolean detailedExitcode;

    @Option(names = "--offline", description = "Make no AWS call: treat the account as empty (needs no credentials).")
    boolean offline;

    @Option(
            names = "--destroy",
            description = "Plan a destroy: what would be deleted, snapshotted or retained, and what each holds.")
    boolean destroy;

    @Override
    public Integer call() {
        PlanFormat format = output.format();
        Console console = root.console(global);
        try (Session session = root.session(global)) {
            // Offline looks nothing up; a destroy plan shows what destroy would do, which needs no zone.
            if (!offline) {
                session.askFirstQuestions(!destroy, false);
            }
            ResourceGraph graph = offline || destroy ? session.graphWithoutZones() : session.graph();
            HandlerCatalog catalog = offline ? null : session.catalog();
            RunSettings settings = offline
                    ? session.offline(parallelism.value())
                    : session.online(parallelism.value(), Set.of(), ProgressListener.SILENT);
            Planner planner = new Planner(graph, catalog, settings);
            Plan plan = destroy ? new DestroyPlanner(graph, catalog, settings).plan() : planner.plan();
            if (!offline) {
                session.refuseRefusedCreations(planner, plan);
            }
            format.print(plan, console);
            return detailedExitcode && plan.hasChanges() ? ExitCodes.CHANGES : ExitCodes.OK;
        }
    }
}

package dev.tapctl.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tapctl.aws.EnvironmentLock;
import dev.tapctl.engine.Applier;
import dev.tapctl.engine.NodeResult;
import dev.tapctl.engine.Plan;
import dev.tapctl.engine.Planner;
import dev.tapctl.engine.ProgressListener;
import dev.tapctl.engine.ReadsAhead;
import dev.tapctl.engine.ResourceGraph;
import dev.tapctl.engine.RunSettings;
import dev.tapctl.engine.Selection;
import dev.tapctl.engine.spi.HandlerCatalog;
import dev.tapctl.resources.AwsHandlerCatalog;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

@Command(
        name = "apply",
        mixinStandardHelpOptions = true,
        description = "Converge the account to the configuration: show the plan, ask, then create or reconcile "
                + "every resource in dependency order, independent ones in parallel; an object made outside tapctl "
                + "under a resource's name is adopted: tagged and reconciled in place, never replaced. What the configuration's "
                + "ignoreChanges covers is left as AWS has it.")
final class ApplyCommand extends TapctlCommand {
    @Mixin
    ChangeOptions change;

    @Option(names = "--auto-approve", description = "Apply without asking for confirmation.")
    boolean autoApprove;

    @Option(
            names = "--force",
            description = "Delete orphaned dead-letter queues even if they still hold messages (otherwise refused).")
    boolean force;

    @Option(
            names = "--allow-replace",
            paramLabel = "ID",
            description = "Allow replacing this data-holding resource (repeatable); otherwise such a plan is refused.")
    List<String> allowReplace = List.of();

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "FILE",
            description = "A saved plan (tapctl plan --out FILE): carry out exactly it, without asking, or refuse "
                    + "(exit 1) if anything it was made from changed since. Its environment comes from the file.")
    Path planFile;

    /** Reads FILE and takes its environment; null when apply plans for itself. */
    private SavedPlanCheck savedPlan() {
        if (planFile == null) {
            return null;
        }
        PlanFile saved = PlanFile.readArgument(spec, planFile);
        if (spec.commandLine().getParseResult().hasMatchedOption("--env") && !global.env.equals(saved.env())) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--env " + global.env + ": " + planFile + " is a plan of " + saved.env() + "; leave --env out");
        }
        if (!change.selection.targets.isEmpty() || !change.selection.excludes.isEmpty()) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--target/--exclude: a saved plan is applied with the selection it was made with, from the file");
        }
        // The plan is made again over the same selection, or it could not be the same plan.
        JsonNode partial = saved.plan().path("partial");
        partial.path("targets").forEach(t -> change.selection.targets.add(t.asText()));
        partial.path("excludes").forEach(e -> change.selection.excludes.add(e.asText()));
        global.env = saved.env();
        return new SavedPlanCheck(saved, planFile.toString());
    }

    /** The first questions asked, with the plan's reads begun meanwhile. */
    private ReadsAhead readAhead(Session session, HandlerCatalog catalog) {
        return session.askFirstQuestionsReadingAhead(
                change.selection.select(session.graphWithoutZones(), false), catalog, change.parallelism.value(), true);
    }

    @Override
    public Integer call() throws com.fasterxml.jackson.core.JsonProcessingException {
        SavedPlanCheck saved = savedPlan();
        Console console = root.console(global);
        try (Session session = root.session(global);
                ProgressPrinter progress = new ProgressPrinter(console)) {
            Set<String> allowed = new LinkedHashSet<>(allowReplace);
            for (String id : allowed) {
                if (!session.graphWithoutZones().contains(id)) {
                    throw new ParameterException(
                            spec.commandLine(), "--allow-replace: no resource " + id + " in the stack");
                }
            }
            if (saved != null) {
                saved.refuseOtherRegion(session.config().region());
            }
            change.selection.check(session.graphWithoutZones());
            HandlerCatalog catalog = session.catalog(new AwsHandlerCatalog.Options(force));
            // The plan's reads begin while the first questions are asked (ReadsAhead); a saved plan
            // reads nothing before its account is checked against the credentials'.
            ReadsAhead ahead = saved != null ? null : readAhead(session, catalog);
            if (saved != null) {
                session.askFirstQuestions(true, true);
            }
            // A region with too few zones is refused here, before any change.
            Selection chosen = change.selection.select(session.graph(), false);
            ResourceGraph graph = chosen.graph();
            RunTiming timing = new RunTiming(change.trace);
            RunSettings settings = session.online(change.parallelism.value(), allowed, timing.alongside(progress));
            if (saved != null) {
                saved.refuseOtherAccount(settings.accountId());
            }
            Planner planner = new Planner(chosen, catalog, settings.withProgress(ProgressListener.SILENT));
            // Nothing to change means nothing to race for: only a run that changes takes the lock.
            // A look at the lock before the plan tells, once the lock is held, whether another run
            // took it meanwhile; only then is the plan made again, so that what it shows is what it does.
            EnvironmentLock.Observation seen = session.observeLock();
            Plan plan = timing.phase("plan", () -> planner.plan(ahead));
            change.selection.checkOrphans(chosen, plan);
            // A saved plan is carried out only as it was reviewed: made again here, it must be the same.
            if (saved != null) {
                saved.refuseStale(plan, session.configurationDigest());
            }
            // An object made elsewhere that must not be adopted stops the run here (exit 1), before the lock.
            planner.refuseRefusedAdoptions(plan);
            if (!plan.hasChanges()) {
                PlanText.render(plan, console);
                return ExitCodes.OK;
            }
            // What AWS would not create as configured is a configuration error (exit 65), before the lock.
            session.refuseRefusedCreations(planner, plan);
            Applier applier = new Applier(graph, catalog, settings);
            applier.refuseUnallowedReplacements(plan);
            applier.refuseRefusedOrphanDeletions(plan);
            try (Interruption interruption = new Interruption();
                    EnvironmentLock.Lease lease = timing.phase("lock", () -> session.lock(seen))) {
                if (!lease.unchangedSinceObservation()) {
                    plan = timing.phase("plan again", planner::plan);
                    if (saved != null) {
                        saved.refuseStale(plan, session.configurationDigest());
                    }
                    planner.refuseRefusedAdoptions(plan);
                    session.refuseRefusedCreations(planner, plan);
                }
                PlanText.render(plan, console);
                if (!plan.hasChanges()) {
                    return ExitCodes.OK;
                }
                // A saved plan was reviewed when it was made: applying its file is the approval.
                if (!autoApprove && saved == null) {
                    String answer =
                            console.ask("\nApply these changes to " + plan.env() + "? Only 'yes' is accepted: ");
                    if (!answer.equals("yes")) {
                        throw new UserAbortException("Apply cancelled: nothing was changed.", ExitCodes.FAILURE);
                    }
                }
                console.out().println();
                interruption.onInterrupt(applier::requestStop);
                Map<String, NodeResult> results;
                try {
                    results = applier.apply(plan);
                } finally {
                    // Orphans, not in the graph, waited for nothing the configuration has.
                    timing.report(
                            console,
                            "tapctl apply " + plan.env(),
                            id -> graph.contains(id) ? graph.dependenciesOf(id) : List.of());
                }
                long changed = plan.changes().stream()
                        .filter(c -> c.action().changes())
                        .count();
                console.out()
                        .printf(
                                "%nApply complete: %d changed, %d resources in %s.%n%nOutputs:%n",
                                changed, results.size(), plan.env());
                // A partial run knows, and vouches for, only the outputs of what it selected.
                List<StackOutputs.Output> outputs = StackOutputs.of(applier.outputs(), session.functionIds()).stream()
                        .filter(output -> graph.contains(output.resourceId()))
                        .toList();
                OutputsCommand.print(console, outputs, false);
                List<String> problems = StackOutputs.verify(outputs, settings.accountId(), settings.region());
                problems.forEach(p -> console.err().println("error: output " + p));
                console.err().flush();
                return problems.isEmpty() ? ExitCodes.OK : ExitCodes.FAILURE;
            }
        }
    }
}

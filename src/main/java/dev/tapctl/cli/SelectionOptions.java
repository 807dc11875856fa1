package dev.tapctl.cli;

import dev.tapctl.engine.Plan;
import dev.tapctl.engine.ResourceGraph;
import dev.tapctl.engine.Selection;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code --target ID} and {@code --exclude ID} of plan, apply and destroy: a partial run (see
 * {@link Selection}). Every pattern is checked against the configured ids before any AWS call;
 * an orphan target ({@code orphan:ID}) once the plan has found the orphans, before any change.
 */
final class SelectionOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(
            names = "--target",
            paramLabel = "ID",
            description = "Work only on this resource (logical id; * and ? as globs, e.g. 'fn.*'; repeatable) and "
                    + "what it depends on; for a destroy, and what depends on it. orphan:ID targets an orphan. "
                    + "A partial run: other resources are neither read nor changed, orphans not removed.")
    List<String> targets = new ArrayList<>();

    @Option(
            names = "--exclude",
            paramLabel = "ID",
            description = "Leave this resource (logical id or glob; repeatable) alone, and what depends on it; for a "
                    + "destroy, and what it depends on. A partial run, as with --target; not with --target.")
    List<String> excludes = new ArrayList<>();

    /**
     * Checks the patterns against {@code graph}'s ids, before any AWS call: a pattern that matches no
     * resource, or --target with --exclude, is a usage error (exit 64).
     */
    void check(ResourceGraph graph) {
        if (!targets.isEmpty() && !excludes.isEmpty()) {
            throw usage("--target and --exclude are one or the other: what a target needs cannot be excluded");
        }
        List<String> orphanExcludes =
                excludes.stream().filter(Selection::namesOrphan).toList();
        if (!orphanExcludes.isEmpty()) {
            throw usage("--exclude " + orphanExcludes.get(0)
                    + ": a partial run removes no orphan anyway; --exclude takes ids of the configuration");
        }
        List<String> problems = new ArrayList<>();
        Selection.unmatched(graph, targets).forEach(p -> problems.add("--target " + p));
        Selection.unmatched(graph, excludes).forEach(p -> problems.add("--exclude " + p));
        if (!problems.isEmpty()) {
            throw usage(String.join(", ", problems) + ": matches no resource of the stack"
                    + " (tapctl plan --offline lists them; an orphan is targeted as orphan:ID)");
        }
    }

    /** The selection of {@code graph}; patterns already {@linkplain #check checked}. */
    Selection select(ResourceGraph graph, boolean destroy) {
        check(graph);
        return Selection.of(graph, targets, excludes, destroy);
    }

    /** An orphan target that names no orphan the plan found is a usage error, before any change. */
    void checkOrphans(Selection selection, Plan plan) {
        List<String> unmatched = selection.unmatchedOrphanTargets(plan);
        if (!unmatched.isEmpty()) {
            throw usage("--target " + String.join(", --target ", unmatched) + ": matches no orphan of " + plan.env()
                    + " (the plan lists them as delete (orphan))");
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}

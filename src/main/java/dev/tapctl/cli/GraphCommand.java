package dev.tapctl.cli;

import dev.tapctl.engine.Plan;
import dev.tapctl.engine.Planner;
import dev.tapctl.engine.RunSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "graph",
        mixinStandardHelpOptions = true,
        description = {
            "Print the environment's resource graph: one node per resource (by logical id, grouped by layer),"
                    + " an edge from each dependency to what depends on it.",
            "Without --plan it makes no AWS call. Render DOT with Graphviz (tapctl graph | dot -Tsvg > graph.svg);"
                    + " GitHub renders Mermaid inline in Markdown."
        })
final class GraphCommand extends TapctlCommand {
    enum Format {
        dot,
        mermaid
    }

    @Mixin
    ParallelismOption parallelism;

    @Option(names = "--format", paramLabel = "FORMAT", description = "dot (default) or mermaid.", defaultValue = "dot")
    Format format;

    @Option(
            names = "--plan",
            description = "Colour each node by its planned action (create, update, replace, delete, retain, no-op),"
                    + " reading the account as plan does; resources the plan deletes are drawn too.")
    boolean plan;

    @Option(names = "--offline", description = "With --plan: make no AWS call, treat the account as empty.")
    boolean offline;

    @Override
    public Integer call() {
        Console console = root.console(global);
        try (Session session = root.session(global)) {
            String title = "tap-" + global.env;
            StackPicture picture =
                    plan ? StackPicture.of(title, plan(session)) : StackPicture.of(title, session.graphWithoutZones());
            console.out().print(format == Format.dot ? DotPicture.render(picture) : MermaidPicture.render(picture));
            console.out().flush();
            return ExitCodes.OK;
        }
    }

    private Plan plan(Session session) {
        if (offline) {
            return new Planner(session.graphWithoutZones(), null, session.offline(parallelism.value())).plan();
        }
        session.askFirstQuestions(true, false);
        RunSettings settings = session.online(parallelism.value());
        return new Planner(session.graph(), session.catalog(), settings).plan();
    }
}

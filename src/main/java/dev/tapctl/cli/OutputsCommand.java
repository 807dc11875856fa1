package dev.tapctl.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.tapctl.engine.Plan;
import dev.tapctl.engine.Planner;
import dev.tapctl.engine.RunSettings;
import dev.tapctl.stack.Kinds;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

@Command(
        name = "outputs",
        mixinStandardHelpOptions = true,
        description = "Show the stack's outputs read from the account: API URL, function ARNs, table, bucket, "
                + "database endpoint, secret ARN, key ARN, VPC id.")
final class OutputsCommand extends TapctlCommand {
    @Mixin
    ParallelismOption parallelism;

    @Option(names = "--json", description = "Print the outputs as a JSON object.")
    boolean json;

    @Option(
            names = "--verify",
            description = "Check every output (ARN in this account and region, URL shape, "
                    + "resource found); exit 1 naming what is wrong.")
    boolean verify;

    @Option(
            names = "--show-secret",
            paramLabel = "ID",
            description = "Print only the value of this API key (e.g. api.key.default), alone on one line, for a "
                    + "script. Without it no key value is ever printed.")
    String showSecret;

    @Override
    public Integer call() throws JsonProcessingException {
        Console console = root.console(global);
        try (Session session = root.session(global)) {
            if (showSecret != null && !isApiKey(session, showSecret)) {
                throw new ParameterException(
                        spec.commandLine(),
                        "--show-secret: " + showSecret
                                + " is not an API key of the stack (api.key.<client>, one per name in api.apiKeys)");
            }
            session.askFirstQuestions(true, false);
            RunSettings settings = session.online(parallelism.value());
            Planner planner = new Planner(session.graph(), session.catalog(), settings);
            Plan plan = planner.plan();
            if (showSecret != null) {
                return printSecret(console, session, planner.outputs(plan).get(showSecret));
            }
            List<StackOutputs.Output> outputs = StackOutputs.of(planner.outputs(plan), session.functionIds());
            print(console, outputs, json);
            if (verify) {
                List<String> problems = StackOutputs.verify(outputs, settings.accountId(), settings.region());
                problems.forEach(p -> console.err().println("error: " + p));
                console.err().flush();
                if (!problems.isEmpty()) {
                    return ExitCodes.FAILURE;
                }
                console.err().println("All " + outputs.size() + " outputs verified.");
                console.err().flush();
            }
            return ExitCodes.OK;
        }
    }

    static void print(Console console, List<StackOutputs.Output> outputs, boolean json) throws JsonProcessingException {
        if (json) {
            console.out()
                    .println(JsonMapper.builder()
                            .build()
                            .writerWithDefaultPrettyPrinter()
                            .writeValueAsString(StackOutputs.asJson(outputs)));
        } else {
            outputs.forEach(
                    o -> console.out().printf("%-22s %s%n", o.name(), o.value() == null ? "(not found)" : o.value()));
        }
        console.out().flush();
    }

    private static boolean isApiKey(Session session, String id) {
        return session.graphWithoutZones().contains(id)
                && session.graphWithoutZones().get(id).kind().equals(Kinds.API_KEY);
    }

    /** The value alone on stdout; a key that does not exist yet is an error on stderr. */
    private int printSecret(Console console, Session session, dev.tapctl.engine.spi.Outputs outputs) {
        java.util.Optional<String> value = java.util.Optional.ofNullable(outputs)
                .flatMap(o -> o.get("apiKeyId"))
                .flatMap(keyId -> dev.tapctl.aws.ApiKeyValues.of(session.clients(), keyId));
        if (value.isEmpty()) {
            console.err().println("error: " + showSecret + " was not found in the account (run apply)");
            console.err().flush();
            return ExitCodes.FAILURE;
        }
        console.out().println(value.get());
        console.out().flush();
        return ExitCodes.OK;
    }

    static boolean isFunction(dev.tapctl.engine.spi.Kind<?> kind) {
        return kind.equals(Kinds.FUNCTION);
    }
}

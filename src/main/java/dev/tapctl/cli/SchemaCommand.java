package dev.tapctl.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "schema",
        mixinStandardHelpOptions = true,
        description = "Print the JSON Schema (draft 2020-12) of a JSON format tapctl writes: "
                + "plan (what plan --format json prints). Makes no AWS call.")
final class SchemaCommand implements Callable<Integer> {
    /** The schema of plan JSON, as published in the repository. */
    static final String PLAN = "/schemas/plan.schema.json";

    @Spec
    CommandSpec spec;

    /** Taken as by every command, though a schema depends on no environment. */
    @Mixin
    GlobalOptions global;

    @Parameters(index = "0", paramLabel = "FORMAT", description = "plan")
    String format;

    @Override
    public Integer call() {
        if (!format.equals("plan")) {
            throw new ParameterException(
                    spec.commandLine(), "schema: no schema named '" + format + "' (there is: plan)");
        }
        var out = spec.commandLine().getOut();
        out.print(planSchema());
        out.flush();
        return ExitCodes.OK;
    }

    static String planSchema() {
        try (InputStream in = SchemaCommand.class.getResourceAsStream(PLAN)) {
            if (in == null) {
                throw new IllegalStateException(PLAN + " is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.tapctl.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

@Command(
        name = "schema",
        mixinStandardHelpOptions = true,
        description = "Print the JSON Schema (draft 2020-12) of a JSON format tapctl writes: "
                + "plan (what plan --format json and show --format json print) or drift (what drift --json prints). "
                + "Makes no AWS call.")
final class SchemaCommand extends TapctlCommand {
    /** The schema of plan JSON, as published in the repository. */
    static final String PLAN = "/schemas/plan.schema.json";

    /** Each schema by the name {@code tapctl schema NAME} takes. */
    private static final java.util.Map<String, String> SCHEMAS =
            java.util.Map.of("plan", PLAN, "drift", "/schemas/drift.schema.json");

    @Parameters(index = "0", paramLabel = "FORMAT", description = "plan or drift")
    String format;

    @Override
    public Integer call() {
        String resource = SCHEMAS.get(format);
        if (resource == null) {
            throw new ParameterException(
                    spec.commandLine(), "schema: no schema named '" + format + "' (there are: plan, drift)");
        }
        var out = spec.commandLine().getOut();
        out.print(schema(resource));
        out.flush();
        return ExitCodes.OK;
    }

    static String planSchema() {
        return schema(PLAN);
    }

    private static String schema(String resource) {
        try (InputStream in = SchemaCommand.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

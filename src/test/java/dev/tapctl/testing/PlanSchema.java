package dev.tapctl.testing;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * The published plan JSON Schema ({@code src/main/resources/schemas/plan.schema.json}), checked by
 * a real validator. {@link CliRun} validates every {@code plan --json} it captures, so each test
 * that reads plan JSON checks the schema too, and a change to the format that the schema does not
 * follow fails the suite.
 */
public final class PlanSchema {
    private static final Schema SCHEMA = load();
    private static final AtomicInteger CHECKED = new AtomicInteger();

    private PlanSchema() {}

    /** Every way {@code json} breaks the schema; empty when it conforms. */
    public static List<String> problems(String json) {
        return SCHEMA.validate(json, InputFormat.JSON).stream()
                .map(Error::toString)
                .toList();
    }

    /** Fails with every problem, naming {@code what} printed it, unless {@code json} conforms. */
    public static void requireValid(String json, String what) {
        CHECKED.incrementAndGet();
        List<String> problems = problems(json);
        if (!problems.isEmpty()) {
            throw new AssertionError("the plan JSON of `" + what + "` breaks schemas/plan.schema.json:\n  "
                    + problems.stream().limit(20).collect(Collectors.joining("\n  ")));
        }
    }

    /** How many plans {@link #requireValid} has checked in this JVM (a test that the check runs at all). */
    public static int checked() {
        return CHECKED.get();
    }

    /** Whether {@code args} ask tapctl for a plan as JSON ({@code --json}, {@code --format json}). */
    public static boolean asksForPlanJson(List<String> args) {
        if (args.isEmpty() || !(args.get(0).equals("plan") || args.get(0).equals("show"))) {
            return false;
        }
        if (args.contains("-h") || args.contains("--help")) {
            return false;
        }
        int format = args.indexOf("--format");
        return args.contains("--json")
                || args.contains("--format=json")
                || (format >= 0
                        && format + 1 < args.size()
                        && args.get(format + 1).equals("json"));
    }

    private static Schema load() {
        try (InputStream in = PlanSchema.class.getResourceAsStream("/schemas/plan.schema.json")) {
            if (in == null) {
                throw new IllegalStateException("schemas/plan.schema.json is not on the class path");
            }
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                    .getSchema(in, InputFormat.JSON);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

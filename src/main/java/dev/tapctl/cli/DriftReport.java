package dev.tapctl.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tapctl.cli.EnvironmentDrift.ResourceDrift;
import dev.tapctl.cli.EnvironmentDrift.Standing;
import dev.tapctl.engine.spi.AttributeChange;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The drift of several environments, as text for a person and as JSON (schemas/drift.schema.json). */
final class DriftReport {
    static final int FORMAT_VERSION = 1;

    private DriftReport() {}

    static void text(List<EnvironmentDrift> environments, Console console) {
        var out = console.out();
        for (EnvironmentDrift env : environments) {
            if (env.error() != null) {
                out.printf("%s: not checked: %s%n%n", env.env(), env.error());
                continue;
            }
            out.printf("%s (%s, account %s)%n", env.env(), env.region(), env.account());
            for (ResourceDrift resource : env.resources()) {
                if (resource.standing() == Standing.IN_SYNC) {
                    continue;
                }
                out.printf(
                        "  %-10s %s  %s  %s  (%s)%n",
                        resource.standing().json(), resource.id(), resource.kind(), resource.name(), resource.why());
                for (AttributeChange attribute : resource.attributes()) {
                    out.printf(
                            "             %s: %s -> %s%n",
                            attribute.path(), PlanJson.value(attribute.before()), PlanJson.value(attribute.after()));
                }
            }
            out.println("  " + coverageLine(env));
            out.println();
        }
        out.flush();
    }

    /** Counts by standing, then what was compared and what no read can see. */
    static String coverageLine(EnvironmentDrift env) {
        Map<Standing, Long> counts = counts(env);
        String standings = counts.entrySet().stream()
                .filter(e -> e.getValue() > 0 || e.getKey() == Standing.IN_SYNC)
                .map(e -> e.getValue() + " " + e.getKey().json())
                .collect(Collectors.joining(", "));
        EnvironmentDrift.Coverage coverage = env.coverage();
        return "coverage: " + coverage.resources() + " resources (" + standings + "); " + coverage.compared()
                + " compared, " + coverage.attributes() + " attributes"
                + (coverage.notRead().isEmpty() ? "" : "; not read: " + String.join(", ", coverage.notRead()));
    }

    private static Map<Standing, Long> counts(EnvironmentDrift env) {
        Map<Standing, Long> counts = new EnumMap<>(Standing.class);
        for (Standing standing : Standing.values()) {
            counts.put(standing, 0L);
        }
        env.resources().forEach(r -> counts.merge(r.standing(), 1L, Long::sum));
        return counts;
    }

    static String json(List<EnvironmentDrift> environments) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        root.put("formatVersion", FORMAT_VERSION);
        ArrayNode envs = root.putArray("environments");
        for (EnvironmentDrift env : environments) {
            ObjectNode node = envs.addObject();
            node.put("env", env.env());
            if (env.error() != null) {
                node.put("error", env.error());
                continue;
            }
            node.put("region", env.region());
            node.put("account", env.account());
            ArrayNode resources = node.putArray("resources");
            for (ResourceDrift resource : env.resources()) {
                ObjectNode r = resources.addObject();
                r.put("id", resource.id());
                r.put("kind", resource.kind());
                r.put("name", resource.name());
                r.put("standing", resource.standing().json());
                if (!resource.why().isEmpty()) {
                    r.put("why", resource.why());
                }
                ArrayNode attributes = r.putArray("attributes");
                for (AttributeChange attribute : resource.attributes()) {
                    ObjectNode a = attributes.addObject();
                    a.put("path", attribute.path());
                    a.set("before", PlanJson.value(attribute.before()));
                    a.set("after", PlanJson.value(attribute.after()));
                }
            }
            ObjectNode coverage = node.putObject("coverage");
            coverage.put("resources", env.coverage().resources());
            coverage.put("compared", env.coverage().compared());
            coverage.put("attributes", env.coverage().attributes());
            env.coverage().notRead().forEach(coverage.putArray("notRead")::add);
            ObjectNode summary = node.putObject("summary");
            counts(env).forEach((standing, count) -> summary.put(standing.json(), count));
        }
        return PlanJson.pretty(root);
    }
}

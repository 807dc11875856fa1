package dev.tapctl.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tapctl.engine.Action;
import dev.tapctl.engine.Plan;
import dev.tapctl.engine.Step;
import dev.tapctl.engine.spi.AttributeChange;
import java.util.List;

/** Terraform-like plan text: one line per change with its reason, attribute before -> after. */
final class PlanText {
    private static final int MAX_VALUE = 160;

    private PlanText() {}

    static void render(Plan plan, Console console) {
        var out = console.out();
        out.printf(
                "%s env %s, region %s%n%n",
                plan.destroy() ? "Destroy plan for" : "Plan for", plan.env(), plan.region());
        List<String> partial = PartialNotice.lines(plan.partial());
        for (int i = 0; i < partial.size(); i++) {
            out.println(i == 0 ? console.paint("33", partial.get(i)) : "  " + partial.get(i));
        }
        if (!partial.isEmpty()) {
            out.println();
        }
        int unchanged = 0;
        for (Step change : plan.changes()) {
            if (!change.action().shown()) {
                unchanged++;
                if (!change.ignoresDifferences()) {
                    continue;
                }
            }
            step(change, plan, console);
        }
        var summary = plan.summary();
        if (plan.destroy()) {
            out.printf(
                    "%nDestroy: %d to delete, %d to retain, %d absent.%n",
                    summary.get(Action.DELETE), summary.get(Action.RETAIN), summary.get(Action.NO_OP));
        } else if (!plan.hasChanges()) {
            out.printf("No changes: %d resources match the configuration.%n", unchanged);
        } else {
            out.printf(
                    "%nPlan: %s%d to create, %d to update, %d to replace, %d to delete, %d unchanged.%n",
                    toAdopt(summary),
                    summary.get(Action.CREATE),
                    summary.get(Action.UPDATE),
                    summary.get(Action.REPLACE),
                    summary.get(Action.DELETE),
                    unchanged);
        }
        out.flush();
    }

    /** One step as a plan shows it: its line, what it holds, and its attributes. */
    static void step(Step change, Plan plan, Console console) {
        var out = console.out();
        String symbol = console.paint(
                colour(change.action()), String.format("%3s", change.action().symbol()));
        out.printf(
                "%s %s  %s  %s  (%s%s)%s%n",
                symbol,
                change.id(),
                change.kind(),
                change.name(),
                change.action().json(),
                change.reason() == null ? "" : ": " + change.reason().json(),
                change.note().isEmpty() ? "" : "  " + change.note());
        plan.holds(change).ifPresent(holds -> out.printf("        holds: %s%n", holds.summary()));
        for (AttributeChange attribute : change.attributes()) {
            if (change.action() == Action.CREATE) {
                out.printf("        %s = %s%n", attribute.path(), show(attribute.after()));
            } else {
                out.printf(
                        "        %s: %s -> %s%s%n",
                        attribute.path(),
                        show(attribute.before()),
                        show(attribute.after()),
                        attribute.forcesReplace() && !attribute.isIgnored()
                                ? console.paint("31", "  (forces replacement)")
                                : ignored(attribute));
            }
        }
    }

    /**
     * {@code 1 to adopt, } first in the counts of a plan that adopts objects made elsewhere (as
     * Terraform counts its imports first); nothing otherwise, so that every other plan reads as before.
     */
    static String toAdopt(java.util.Map<Action, Integer> summary) {
        int adopt = summary.getOrDefault(Action.ADOPT, 0);
        return adopt == 0 ? "" : adopt + " to adopt, ";
    }

    /** {@code drift (ignored)} or {@code config (ignored)} after a difference apply leaves alone. */
    static String ignored(AttributeChange attribute) {
        return switch (attribute.ignored()) {
            case NO -> "";
            case DRIFT -> "  drift (ignored)";
            case CONFIG -> "  config (ignored)";
        };
    }

    private static String show(Object value) {
        if (value == null) {
            return "(none)";
        }
        JsonNode json = PlanJson.value(value);
        String text = json.isTextual() ? "\"" + json.textValue() + "\"" : json.toString();
        return text.length() > MAX_VALUE ? text.substring(0, MAX_VALUE - 1) + "…" : text;
    }

    private static String colour(Action action) {
        return switch (action) {
            case CREATE -> "32";
            case UPDATE, ADOPT -> "33";
            case REPLACE, DELETE -> "31";
            default -> "36";
        };
    }
}

package dev.tapctl.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tapctl.engine.Action;
import dev.tapctl.engine.Plan;
import dev.tapctl.engine.Step;
import dev.tapctl.engine.spi.AttributeChange;
import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.stack.Kinds;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A plan as a pull-request comment (GitHub Markdown): the counts first, then what the plan
 * replaces or deletes and what that destroys, then every other change folded in a
 * {@code <details>} block. A reviewer must see the destructive part without unfolding anything,
 * and GitHub refuses a comment over 65,536 characters, so the output stays within {@link #LIMIT}:
 * the detail is cut first, and the comment then says which command prints the plan in full.
 * Values are rendered by {@link PlanJson#value}, so the comment shows nothing that plan JSON does not.
 */
final class PlanMarkdown {
    static final int LIMIT = 60_000;
    private static final int MAX_VALUE = 200;
    private static final Pattern BACKTICKS = Pattern.compile("`+");

    /** What deleting an object of a kind loses, beyond the object itself. */
    private static final Map<String, String> LOSES = Map.of(
            Kinds.DB_INSTANCE.name(), "its data is lost",
            Kinds.TABLE.name(), "its items are lost",
            Kinds.BUCKET.name(), "its objects are lost",
            Kinds.QUEUE.name(), "the messages it holds are lost",
            Kinds.SECRET.name(), "its value is lost",
            Kinds.LOG_GROUP.name(), "its log events are lost",
            Kinds.KMS_KEY.name(), "data encrypted with it can no longer be decrypted",
            Kinds.API_KEY.name(), "clients sending it are refused");

    /** Short enough to fit where the truncation note's room is kept. */
    static final String GRAPH_LEFT_OUT = "\nThe graph of the changes is left out to keep this within the limit:"
            + " `tapctl graph --plan --format mermaid` draws it.\n";

    private PlanMarkdown() {}

    /** The comment for {@code plan}, naming the command that prints it in full as JSON. */
    static String render(Plan plan, String fullJson) {
        List<Step> shown =
                plan.changes().stream().filter(c -> c.action().shown()).toList();
        List<Step> destructive = shown.stream().filter(PlanMarkdown::destroys).toList();
        // A no-op whose differences an ignoreChanges rule leaves alone is still shown, with them.
        List<Step> rest = plan.changes().stream()
                .filter(c -> c.action().shown() ? !destroys(c) : c.ignoresDifferences())
                .toList();
        List<String> rows = destructive.stream().map(c -> row(c, plan)).toList();
        List<String> details = rest.stream().map(c -> detail(c, plan)).toList();
        String fence = fence(details);
        String closing = fence + "\n\n</details>\n";
        // Whatever is cut, the closing of the folded block, the note and the graph's place still fit.
        int budget =
                LIMIT - closing.length() - truncated(shown.size(), fullJson).length() - GRAPH_LEFT_OUT.length();

        StringBuilder out = new StringBuilder(counts(plan)).append("\n\n");
        List<String> partial = PartialNotice.lines(plan.partial());
        if (!partial.isEmpty()) {
            // Right under the counts: a reviewer must not take a partial plan for the whole stack.
            out.append("> **").append(prose(partial.get(0))).append("**\n");
            partial.stream()
                    .skip(1)
                    .forEach(line -> out.append("> - ").append(prose(line)).append("\n"));
            out.append("\n");
        }
        int omitted = 0;
        if (destructive.isEmpty()) {
            out.append("Nothing is replaced or deleted.\n");
        } else {
            out.append("#### Replaced or deleted (").append(destructive.size()).append(")\n\n");
            out.append("| action | resource | kind | name | why | what it destroys |\n");
            out.append("|---|---|---|---|---|---|\n");
            for (String row : rows) {
                if (omitted > 0 || out.length() + row.length() > budget) {
                    omitted++;
                } else {
                    out.append(row);
                }
            }
        }
        if (!rest.isEmpty()) {
            String opening = "\n<details><summary>" + (destructive.isEmpty() ? "Every change" : "Every other change")
                    + " (" + rest.size() + ")</summary>\n\n" + fence + "diff\n";
            if (omitted > 0 || out.length() + opening.length() > budget) {
                omitted += rest.size();
            } else {
                out.append(opening);
                for (String detail : details) {
                    if (omitted > 0 || out.length() + detail.length() > budget) {
                        omitted++;
                    } else {
                        out.append(detail);
                    }
                }
                out.append(closing);
            }
        }
        String graph = graph(plan);
        // The picture comes last and only whole: within the limit, with room left for the note.
        int room = LIMIT
                - out.length()
                - (omitted > 0 ? truncated(omitted, fullJson).length() : 0);
        if (!shown.isEmpty() && graph.length() <= room) {
            out.append(graph);
        } else if (!shown.isEmpty()) {
            out.append(GRAPH_LEFT_OUT);
        }
        if (omitted > 0) {
            out.append(truncated(omitted, fullJson));
        }
        return out.toString();
    }

    /** The changed resources and their direct dependants as Mermaid, which GitHub draws, folded. */
    private static String graph(Plan plan) {
        return "\n<details><summary>Graph of the changes and what depends on them</summary>\n\n```mermaid\n"
                + MermaidPicture.render(StackPicture.ofChanges("tap-" + plan.env(), plan))
                + "```\n\n</details>\n";
    }

    private static String truncated(int omitted, String fullJson) {
        return String.format(
                Locale.ROOT,
                "\n**Truncated:** %d more changes are not shown, to keep this under %,d characters. "
                        + "The full plan: `%s`.\n",
                omitted,
                LIMIT,
                fullJson);
    }

    /** The first line: the counts, as the text plan's last line has them. */
    private static String counts(Plan plan) {
        Map<Action, Integer> summary = plan.summary();
        String where = code(plan.env()) + " (" + plan.region() + ")";
        if (plan.destroy()) {
            return "**Destroy plan for %s: %d to delete, %d to retain, %d absent.**"
                    .formatted(
                            where, summary.get(Action.DELETE), summary.get(Action.RETAIN), summary.get(Action.NO_OP));
        }
        if (!plan.hasChanges()) {
            return "**Plan for %s: no changes, %d resources match the configuration.**"
                    .formatted(where, summary.get(Action.NO_OP));
        }
        return "**Plan for %s: %s%d to create, %d to update, %d to replace, %d to delete, %d to retain, %d unchanged.**"
                .formatted(
                        where,
                        PlanText.toAdopt(summary),
                        summary.get(Action.CREATE),
                        summary.get(Action.UPDATE),
                        summary.get(Action.REPLACE),
                        summary.get(Action.DELETE),
                        summary.get(Action.RETAIN),
                        summary.get(Action.NO_OP));
    }

    private static boolean destroys(Step change) {
        return change.action() == Action.REPLACE || change.action() == Action.DELETE;
    }

    /** One destructive change; what it holds, read at plan time, follows what it destroys. */
    private static String row(Step change, Plan plan) {
        String destroys = destruction(change)
                + plan.holds(change).map(h -> "; holds: " + h.summary()).orElse("");
        return "| " + code(change.action().symbol()) + " | " + code(change.id()) + " | " + code(change.kind()) + " | "
                + code(change.name()) + " | " + why(change) + " | " + text(destroys) + " |\n";
    }

    /** The reason, and for a replacement the attributes that force it. */
    private static String why(Step change) {
        String reason = change.reason() == null ? "" : change.reason().json();
        List<String> forcing = change.attributes().stream()
                .filter(AttributeChange::forcesReplace)
                .map(a -> code(a.path()) + " " + code(show(a.before())) + " -> " + code(show(a.after())))
                .toList();
        return forcing.isEmpty() ? reason : reason + ": " + String.join(", ", forcing);
    }

    /** What carrying the change out destroys, by the resource's deletion policy. */
    static String destruction(Step change) {
        String loses = LOSES.get(change.kind());
        DeletionPolicy policy = change.deletionPolicy();
        String what;
        if (change.action() == Action.REPLACE) {
            what = switch (policy) {
                case SNAPSHOT ->
                    "deleted after a final snapshot, then created anew: its data stays only in the snapshot";
                case RETAIN ->
                    "deleted, then created anew (apply refuses unless --allow-replace " + change.id() + ")"
                            + (loses == null ? "" : ": " + loses);
                case DELETE -> "deleted, then created anew" + (loses == null ? "" : ": " + loses);
            };
        } else {
            what = policy == DeletionPolicy.SNAPSHOT
                    ? "deleted after a final snapshot, which keeps its data"
                    : "deleted" + (loses == null ? "" : ": " + loses);
        }
        return change.note().isEmpty() ? what : what + " (" + change.note() + ")";
    }

    /** One change in the folded block, terraform-like; the first column is what a diff block colours. */
    private static String detail(Step change, Plan plan) {
        StringBuilder out = new StringBuilder()
                .append(change.action().symbol())
                .append(' ')
                .append(change.id())
                .append("  ")
                .append(change.kind())
                .append("  ")
                .append(change.name())
                .append("  (")
                .append(change.action().json())
                .append(change.reason() == null ? "" : ": " + change.reason().json())
                .append(')')
                .append(change.note().isEmpty() ? "" : "  " + change.note())
                .append('\n');
        // A retained table or bucket says what it keeps, as the text plan does.
        plan.holds(change)
                .ifPresent(
                        h -> out.append("        holds: ").append(h.summary()).append('\n'));
        String mark = change.action() == Action.CREATE ? "+" : " ";
        for (AttributeChange attribute : change.attributes()) {
            out.append(mark).append("       ").append(attribute.path());
            if (change.action() == Action.CREATE) {
                out.append(" = ").append(show(attribute.after()));
            } else {
                out.append(": ")
                        .append(show(attribute.before()))
                        .append(" -> ")
                        .append(show(attribute.after()))
                        .append(
                                attribute.forcesReplace() && !attribute.isIgnored()
                                        ? "  (forces replacement)"
                                        : PlanText.ignored(attribute));
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static String show(Object value) {
        if (value == null) {
            return "(none)";
        }
        JsonNode json = PlanJson.value(value);
        String text = json.isTextual() ? "\"" + json.textValue() + "\"" : json.toString();
        text = text.replace('\n', ' ').replace('\r', ' ');
        return text.length() > MAX_VALUE ? text.substring(0, MAX_VALUE - 3) + "..." : text;
    }

    /** A code fence longer than any run of backticks in the block, so no value can close it. */
    private static String fence(List<String> blocks) {
        int longest = 0;
        for (String block : blocks) {
            Matcher run = BACKTICKS.matcher(block);
            while (run.find()) {
                longest = Math.max(longest, run.group().length());
            }
        }
        return "`".repeat(Math.max(3, longest + 1));
    }

    /** A code span in a table cell: a pipe would end the cell, a backtick the span. */
    private static String code(String value) {
        if (value == null || value.isEmpty()) {
            return "(none)";
        }
        String safe = value.replace("|", "\\|");
        if (!safe.contains("`")) {
            return "`" + safe + "`";
        }
        String ticks = "`".repeat(longestRun(safe) + 1);
        return ticks + " " + safe + " " + ticks;
    }

    private static int longestRun(String text) {
        Matcher run = BACKTICKS.matcher(text);
        int longest = 0;
        while (run.find()) {
            longest = Math.max(longest, run.group().length());
        }
        return longest;
    }

    /** Prose in a table cell: no HTML, no cell break. */
    private static String text(String value) {
        return value.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("|", "\\|");
    }

    /** Prose outside a table: no HTML, and a glob's {@code *} or an id's {@code _} is no emphasis. */
    private static String prose(String value) {
        return text(value).replace("*", "\\*").replace("_", "\\_");
    }

    /** The command that prints {@code plan} in full as JSON. */
    static String fullJsonCommand(Plan plan) {
        StringBuilder selection = new StringBuilder();
        plan.partial()
                .targets()
                .forEach(t -> selection.append(" --target '").append(t).append("'"));
        plan.partial()
                .excludes()
                .forEach(e -> selection.append(" --exclude '").append(e).append("'"));
        return "tapctl plan --env " + plan.env() + (plan.destroy() ? " --destroy" : "") + selection + " --format json";
    }
}

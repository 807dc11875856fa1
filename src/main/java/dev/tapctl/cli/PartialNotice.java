package dev.tapctl.cli;

import dev.tapctl.engine.Partial;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The warning a partial run's plan starts with (text and markdown): what was selected, that the
 * rest is neither read nor changed and orphans are not removed, and what each target pulled in or
 * each exclusion dropped, so that nobody mistakes it for the whole stack.
 */
final class PartialNotice {
    private PartialNotice() {}

    /** The warning line, then one line per target that pulled something in or exclusion that dropped something. */
    static List<String> lines(Partial partial) {
        if (!partial.active()) {
            return List.of();
        }
        List<String> lines = new ArrayList<>();
        String flags = String.join(
                " ",
                Stream.concat(
                                partial.targets().stream().map(t -> "--target " + t),
                                partial.excludes().stream().map(e -> "--exclude " + e))
                        .toList());
        List<String> orphans = partial.orphanTargets();
        lines.add("Warning: partial run (" + flags + "): only "
                + partial.selected().size() + " of "
                + partial.configured() + " resources are "
                + (partial.destroy() ? "in this destroy" : "read and changed")
                + "; orphans not removed"
                + (orphans.isEmpty() ? "" : " except those targeted (" + String.join(", ", orphans) + ")") + ".");
        partial.pulledIn()
                .forEach((id, added) -> lines.add(id + " pulls in: " + String.join(", ", added)
                        + (partial.destroy() ? " (they depend on it, so they go first)" : "")));
        partial.dropped()
                .forEach((id, gone) -> lines.add("excluding " + id + (partial.destroy() ? " keeps: " : " drops: ")
                        + String.join(", ", gone)
                        + (partial.destroy() ? " (it depends on them)" : " (they depend on it)")));
        return lines;
    }
}

package dev.tapctl.cli;

import dev.tapctl.engine.Plan;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** How a plan is printed: for a person at a terminal, for tools, or for a pull-request comment. */
enum PlanFormat {
    TEXT,
    JSON,
    MARKDOWN;

    /** What --format calls it: the name in lower case. */
    String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<PlanFormat> of(String word) {
        return Arrays.stream(values()).filter(f -> f.word().equals(word)).findFirst();
    }

    /** "text, json or markdown", for messages. */
    static String words() {
        String all = Arrays.stream(values()).map(PlanFormat::word).collect(Collectors.joining(", "));
        int last = all.lastIndexOf(", ");
        return all.substring(0, last) + " or " + all.substring(last + 2);
    }

    /** Prints {@code plan}, which {@code tapctl plan} made. */
    void print(Plan plan, Console console) {
        print(plan, console, PlanMarkdown.fullJsonCommand(plan));
    }

    /** Prints {@code plan}; {@code fullJson} is the command that prints the same plan in full as JSON. */
    void print(Plan plan, Console console, String fullJson) {
        switch (this) {
            case TEXT -> PlanText.render(plan, console);
            case JSON -> {
                console.out().println(PlanJson.render(plan));
                console.out().flush();
            }
            case MARKDOWN -> {
                console.out().print(PlanMarkdown.render(plan, fullJson));
                console.out().flush();
            }
        }
    }
}

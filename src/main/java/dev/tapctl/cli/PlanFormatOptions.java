package dev.tapctl.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code --format text|json|markdown} and {@code --json}, kept as its alias: how a command that
 * prints a plan prints it. A mixin, so that every such command takes the same words.
 */
final class PlanFormatOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    private PlanFormat format;

    @Option(names = "--json", description = "Same as --format json.")
    boolean json;

    @Option(
            names = "--format",
            paramLabel = "FORMAT",
            description = "text (default); json (formatVersion 1, its JSON Schema: tapctl schema plan); "
                    + "markdown (for a pull-request comment: counts, then replacements and deletions, "
                    + "then the rest folded; at most 60,000 characters).")
    void format(String word) {
        format = PlanFormat.of(word)
                .orElseThrow(() -> new ParameterException(
                        spec.commandLine(), "--format: expected " + PlanFormat.words() + ", got '" + word + "'"));
    }

    /** The chosen format; --json with another --format is a usage error, found before any AWS call. */
    PlanFormat format() {
        if (json && format != null && format != PlanFormat.JSON) {
            throw new ParameterException(
                    spec.commandLine(), "--json conflicts with --format " + format.word() + ": give one of them");
        }
        if (json) {
            return PlanFormat.JSON;
        }
        return format == null ? PlanFormat.TEXT : format;
    }
}

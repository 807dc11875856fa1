package dev.tapctl.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --trace FILE} of the commands that change the account. */
final class TraceOption {
    @Option(
            names = "--trace",
            paramLabel = "FILE",
            description =
                    "Write every step as a Chrome trace (JSON; open it in https://ui.perfetto.dev or"
                            + " chrome://tracing): one track per resource, spans for each step and wait, the plan and the lock.")
    Path file;
}

package dev.tapctl.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --parallelism N}: how many resources are worked on at once. */
final class ParallelismOption {
    static final int MAX = 64;
    static final int DEFAULT = 8;

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    private int value = DEFAULT;

    @Option(
            names = "--parallelism",
            paramLabel = "N",
            description = "Resources worked on at once, 1 to " + MAX + " (default: " + DEFAULT + ").")
    void set(int n) {
        if (n < 1 || n > MAX) {
            throw new ParameterException(
                    spec.commandLine(), "--parallelism: " + n + " is out of range (1 to " + MAX + ")");
        }
        value = n;
    }

    int value() {
        return value;
    }
}

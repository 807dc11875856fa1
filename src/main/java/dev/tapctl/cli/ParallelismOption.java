package dev.tapctl.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code --parallelism N}: how many resources are created, updated or deleted at once. A plan's
 * reads are not bounded by it: they have threads of their own (the engine's read executor),
 * since reads change nothing and AWS's read quotas are far above a handful of calls at once.
 */
final class ParallelismOption {
    static final int MAX = 64;
    static final int DEFAULT = 8;

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    private int value = DEFAULT;

    @Option(
            names = "--parallelism",
            paramLabel = "N",
            description = "Resources changed at once, 1 to " + MAX + " (default: " + DEFAULT + "); a plan's reads run"
                    + " on threads of their own.")
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

package dev.tapctl.cli;

import picocli.CommandLine.Mixin;

/**
 * The options of the two commands that change the account, apply and destroy: how many resources
 * change at once, the trace of the run, and the selection of a partial run. One mixin, so that
 * both take the same words and neither can drift from the other.
 */
final class ChangeOptions {
    @Mixin
    ParallelismOption parallelism;

    @Mixin
    TraceOption trace;

    @Mixin
    SelectionOptions selection;
}

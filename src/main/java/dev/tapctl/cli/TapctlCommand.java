package dev.tapctl.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * What every tapctl command has: the root (console, session factory), its own spec (for usage
 * errors) and the global options. picocli injects annotated fields of a superclass too.
 */
abstract class TapctlCommand implements Callable<Integer> {
    @ParentCommand
    Tapctl root;

    @Spec
    CommandSpec spec;

    /** Taken by every command (a command that needs no environment ignores --env). */
    @Mixin
    GlobalOptions global;
}

package dev.tapctl.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
        name = "show",
        mixinStandardHelpOptions = true,
        description = "Render a saved plan (tapctl plan --out FILE) as plan rendered it: text, json or markdown "
                + "(for the pull request). Checks the file as apply does; makes no AWS call.")
final class ShowCommand implements Callable<Integer> {
    @ParentCommand
    Tapctl root;

    @Spec
    CommandSpec spec;

    /** Taken as by every command (--no-color); the environment comes from the file. */
    @Mixin
    GlobalOptions global;

    @Mixin
    PlanFormatOptions output;

    @Parameters(index = "0", paramLabel = "FILE", description = "A plan file written by tapctl plan --out FILE.")
    Path file;

    @Override
    public Integer call() {
        PlanFormat format = output.format();
        PlanFile saved = PlanFile.readArgument(spec, file);
        format.print(saved.savedPlan(), root.console(global), "tapctl show " + file + " --format json");
        return ExitCodes.OK;
    }
}

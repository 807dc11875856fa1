package dev.tapctl.cli;

import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(
        name = "show",
        mixinStandardHelpOptions = true,
        description = "Render a saved plan (tapctl plan --out FILE) as plan rendered it: text, json or markdown "
                + "(for the pull request). Checks the file as apply does; makes no AWS call.")
final class ShowCommand extends TapctlCommand {
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

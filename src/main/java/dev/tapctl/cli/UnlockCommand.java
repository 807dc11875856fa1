package dev.tapctl.cli;

import picocli.CommandLine.Command;

@Command(
        name = "unlock",
        mixinStandardHelpOptions = true,
        description = "Remove the environment's lock left by a run that was killed (a live run renews its lease; "
                + "a dead one's lease also expires by itself after 2 minutes).")
final class UnlockCommand extends TapctlCommand {
    @Override
    public Integer call() {
        Console console = root.console(global);
        try (Session session = root.session(global)) {
            session.refuseOtherAccount();
            session.unlock()
                    .ifPresentOrElse(
                            holder -> console.out()
                                    .printf(
                                            "Removed the lock of %s held by %s since %s.%n",
                                            session.lockId(), holder.holder(), holder.since()),
                            () -> console.out().printf("%s is not locked.%n", session.lockId()));
            console.out().flush();
            return ExitCodes.OK;
        }
    }
}

package dev.tapctl.cli;

import dev.tapctl.resources.DeployerPolicy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

@Command(
        name = "deployer-policy",
        mixinStandardHelpOptions = true,
        description = {
            "Print the least-privilege IAM policy (JSON) that plan, apply and destroy of the environment need: "
                    + "the exact actions tapctl calls, on the environment's resource ARNs where AWS allows it "
                    + "(\"*\" only for actions that authorize against no resource, e.g. EC2's Describe*).",
            "The ARNs carry the account: given by --account, otherwise asked of AWS (sts:GetCallerIdentity, "
                    + "the only call this command makes)."
        })
final class DeployerPolicyCommand extends TapctlCommand {
    @Option(
            names = "--account",
            paramLabel = "ID",
            description = "The 12-digit account the policy is for; without it, the caller's account.")
    String account;

    @Override
    public Integer call() {
        if (account != null && !account.matches("\\d{12}")) {
            throw new ParameterException(spec.commandLine(), "--account: " + account + " is not a 12-digit account id");
        }
        Console console = root.console(global);
        try (Session session = root.session(global)) {
            String accountId = account != null ? account : session.clients().accountId();
            console.out().println(DeployerPolicy.of(session.config(), accountId).json());
            console.out().flush();
            return ExitCodes.OK;
        }
    }
}

package dev.tapctl.cli;

import dev.tapctl.aws.AwsSettings;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.function.UnaryOperator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The root command, and the one factory that main and the tests use to build the command line. */
@Command(
        name = "tapctl",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Provision one application stack per environment on AWS, without CloudFormation.",
        subcommands = {
            PlanCommand.class,
            ApplyCommand.class,
            DestroyCommand.class,
            ImportCommand.class,
            ShowCommand.class,
            DriftCommand.class,
            OutputsCommand.class,
            UnlockCommand.class,
            GraphCommand.class,
            SchemaCommand.class,
            DeployerPolicyCommand.class,
            CommandLine.HelpCommand.class
        },
        footerHeading = "%nExit codes:%n",
        footer = {
            "  0   success (plan: no changes)",
            "  1   failure",
            "  2   plan --detailed-exitcode: changes present",
            "  64  usage error",
            "  65  invalid configuration",
            "  75  the environment is locked by another run",
            "  130 interrupted"
        })
public final class Tapctl implements Runnable {
    @Spec
    CommandSpec spec;

    private final Console console;
    private final UnaryOperator<AwsSettings> awsCustomizer;

    private Tapctl(Console console, UnaryOperator<AwsSettings> awsCustomizer) {
        this.console = console;
        this.awsCustomizer = awsCustomizer;
    }

    /**
     * Builds the command line writing to {@code out} and {@code err}, reading confirmations from
     * {@code in}; {@code terminal}: they are a terminal (colours, a live progress summary);
     * {@code awsCustomizer} adjusts how SDK clients are built (tests add interceptors).
     */
    public static CommandLine commandLine(
            PrintWriter out,
            PrintWriter err,
            InputStream in,
            boolean terminal,
            UnaryOperator<AwsSettings> awsCustomizer) {
        Console console = new Console(
                out, err, new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)), terminal, terminal);
        Failures failures = new Failures();
        return new CommandLine(new Tapctl(console, awsCustomizer))
                .setOut(out)
                .setErr(err)
                .setExecutionExceptionHandler(failures)
                .setParameterExceptionHandler(failures)
                .setCaseInsensitiveEnumValuesAllowed(true);
    }

    Console console(GlobalOptions options) {
        return options.noColor || System.getenv("NO_COLOR") != null ? console.withoutColor() : console;
    }

    Session session(GlobalOptions options) {
        return new Session(options, options.env, awsCustomizer, null);
    }

    /**
     * A session of {@code env} (not the one of --env: drift checks several in one run) that borrows
     * its clients from {@code clients} (its region's) rather than building its own.
     */
    Session session(GlobalOptions options, String env, ClientsByRegion clients) {
        return new Session(options, env, awsCustomizer, clients);
    }

    /** Clients one run shares across the sessions of its environments, by region. */
    ClientsByRegion clientsByRegion(GlobalOptions options) {
        return new ClientsByRegion(options.profile, options.endpointUrl, awsCustomizer);
    }

    @Override
    public void run() {
        // Named from the registered commands, so the message cannot fall behind them.
        String commands = String.join(
                ", ",
                spec.subcommands().keySet().stream()
                        .filter(name -> !name.equals("help"))
                        .toList());
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required (" + commands + ")");
    }
}

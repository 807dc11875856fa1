package dev.tapctl.cli;

import dev.tapctl.aws.EnvironmentLock;
import dev.tapctl.config.ConfigException;
import dev.tapctl.engine.GraphException;
import dev.tapctl.engine.NodeResult;
import dev.tapctl.engine.ReplaceRefusedException;
import dev.tapctl.engine.RunFailedException;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/** Turns what went wrong into one clear message and the documented exit code; traces only at -v. */
final class Failures implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {

    @Override
    public int handleExecutionException(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        boolean verbose = parseResult.hasMatchedOption("-v") || parseResult.subcommands().stream()
                .anyMatch(sub -> sub.hasMatchedOption("-v"));
        int code = report(e, err);
        if (verbose) {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            err.println(trace);
        }
        err.flush();
        return code;
    }

    static int report(Throwable e, PrintWriter err) {
        if (e instanceof ConfigException config) {
            config.problems().forEach(p -> err.println("error: " + p));
            return ExitCodes.CONFIG;
        }
        if (e instanceof CommandLine.ParameterException usage) {
            err.println("error: " + usage.getMessage());
            return ExitCodes.USAGE;
        }
        if (e instanceof EnvironmentLock.HeldException held) {
            err.println("error: " + held.getMessage());
            return ExitCodes.LOCKED;
        }
        if (e instanceof UserAbortException abort) {
            err.println(abort.getMessage());
            return abort.exitCode();
        }
        if (e instanceof RunFailedException run) {
            err.println((run.interrupted() ? "interrupted: " : "error: ") + run.getMessage() + ":");
            run.results().values().stream().filter(r -> r.status() == NodeResult.Status.FAILED)
                    .forEach(r -> err.println("  failed   " + r.id() + ": " + describe(r.error())));
            run.results().values().stream().filter(r -> r.status() == NodeResult.Status.BLOCKED)
                    .forEach(r -> err.println("  blocked  " + r.id() + " (waits for " + r.blockedBy() + ")"));
            long succeeded = run.results().values().stream().filter(r -> r.status() == NodeResult.Status.SUCCEEDED).count();
            long skipped = run.results().values().stream().filter(r -> r.status() == NodeResult.Status.SKIPPED).count();
            err.println("  " + succeeded + " succeeded" + (skipped > 0 ? ", " + skipped + " not started" : ""));
            return run.interrupted() ? ExitCodes.INTERRUPTED : ExitCodes.FAILURE;
        }
        err.println("error: " + describe(e));
        return ExitCodes.FAILURE;
    }

    static String describe(Throwable e) {
        if (e instanceof AwsServiceException aws && aws.awsErrorDetails() != null) {
            return aws.awsErrorDetails().serviceName() + " " + aws.awsErrorDetails().errorCode() + ": "
                    + aws.awsErrorDetails().errorMessage();
        }
        if (e instanceof SdkClientException client) {
            return "cannot reach AWS: " + firstLine(client.getMessage());
        }
        if (e instanceof ReplaceRefusedException || e instanceof GraphException) {
            return e.getMessage();
        }
        return e.getClass().getSimpleName() + ": " + firstLine(e.getMessage());
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }

    @Override
    public int handleParseException(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println("error: " + e.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        err.println("Run '" + cmd.getCommandSpec().qualifiedName() + " --help' for usage.");
        err.flush();
        return ExitCodes.USAGE;
    }
}

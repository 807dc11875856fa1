package dev.tapctl.cli;

import dev.tapctl.aws.EnvironmentLock;
import dev.tapctl.config.ConfigException;
import dev.tapctl.engine.DeletionRefusedException;
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
            if (e instanceof RunFailedException run) {
                // The run's own trace says only that it failed; each resource's error says why.
                run.results().values().stream().filter(r -> r.status() == NodeResult.Status.FAILED)
                        .forEach(r -> err.println(r.id() + ":\n" + trace(r.error())));
            } else {
                err.println(trace(e));
            }
        }
        err.flush();
        return code;
    }

    private static String trace(Throwable e) {
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        return trace.toString();
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
        if (e instanceof DeletionRefusedException refused) {
            err.println("error: " + refused.getMessage() + ":");
            refused.refusals().forEach(r -> err.println("  refused  " + r));
            return ExitCodes.FAILURE;
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
            // The request id is what AWS Support asks for first.
            String request = aws.requestId() == null || aws.requestId().isBlank() ? "" : ", request " + aws.requestId();
            return aws.awsErrorDetails().serviceName() + " " + aws.awsErrorDetails().errorCode() + ": "
                    + aws.awsErrorDetails().errorMessage() + " (HTTP " + aws.statusCode() + request + ")";
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

package dev.tapctl.cli;

import dev.tapctl.aws.EnvironmentLock;
import dev.tapctl.aws.FailedCalls;
import dev.tapctl.aws.RetryBudget;
import dev.tapctl.config.ConfigException;
import dev.tapctl.engine.AdoptionRefusedException;
import dev.tapctl.engine.DeletionRefusedException;
import dev.tapctl.engine.GraphException;
import dev.tapctl.engine.NodeResult;
import dev.tapctl.engine.ReplaceRefusedException;
import dev.tapctl.engine.RunFailedException;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/** Turns what went wrong into one clear message and the documented exit code; traces only at -v. */
final class Failures implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {

    @Override
    public int handleExecutionException(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        boolean verbose = parseResult.hasMatchedOption("-v")
                || parseResult.subcommands().stream().anyMatch(sub -> sub.hasMatchedOption("-v"));
        int code = report(e, err);
        if (verbose) {
            if (e instanceof RunFailedException run) {
                // The run's own trace says only that it failed; each resource's error says why.
                run.results().values().stream()
                        .filter(r -> r.status() == NodeResult.Status.FAILED)
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
        if (e instanceof RetryBudget.InvalidSettingException setting) {
            // AWS_MAX_ATTEMPTS=abc and the like: a bad value, as a bad flag is.
            err.println("error: " + setting.getMessage());
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
        if (e instanceof StalePlanException stale) {
            stale.reasons().forEach(r -> err.println("error: plan is stale: " + r));
            err.println(
                    "Nothing was changed. Make the plan again (tapctl plan --out FILE), review it, and apply that.");
            return ExitCodes.FAILURE;
        }
        if (e instanceof AdoptionRefusedException refused) {
            err.println("error: " + refused.getMessage() + ":");
            refused.refusals().forEach(r -> err.println("  refused  " + r));
            return ExitCodes.FAILURE;
        }
        if (e instanceof DeletionRefusedException refused) {
            err.println("error: " + refused.getMessage() + ":");
            refused.refusals().forEach(r -> err.println("  refused  " + r));
            return ExitCodes.FAILURE;
        }
        if (e instanceof RunFailedException run) {
            err.println((run.interrupted() ? "interrupted: " : "error: ") + run.getMessage() + ":");
            run.results().values().stream()
                    .filter(r -> r.status() == NodeResult.Status.FAILED)
                    .forEach(r -> err.println("  failed   " + r.id() + ": " + describe(r.error())));
            run.results().values().stream()
                    .filter(r -> r.status() == NodeResult.Status.BLOCKED)
                    .forEach(r -> err.println("  blocked  " + r.id() + " (waits for " + r.blockedBy() + ")"));
            long succeeded = run.results().values().stream()
                    .filter(r -> r.status() == NodeResult.Status.SUCCEEDED)
                    .count();
            long skipped = run.results().values().stream()
                    .filter(r -> r.status() == NodeResult.Status.SKIPPED)
                    .count();
            err.println("  " + succeeded + " succeeded" + (skipped > 0 ? ", " + skipped + " not started" : ""));
            return run.interrupted() ? ExitCodes.INTERRUPTED : ExitCodes.FAILURE;
        }
        err.println("error: " + describe(e));
        return ExitCodes.FAILURE;
    }

    static String describe(Throwable e) {
        if (e instanceof AwsServiceException aws) {
            return awsError(aws);
        }
        if (e instanceof SdkClientException client) {
            // A waiter wraps an answer none of its acceptors expects: report AWS's answer.
            for (Throwable cause = client.getCause();
                    cause != null && cause != cause.getCause();
                    cause = cause.getCause()) {
                if (cause instanceof AwsServiceException aws) {
                    return awsError(aws);
                }
            }
            String call = FailedCalls.of(client)
                    .map(c -> " (" + c + attempts(", after ", attempts(client, c), 2) + ")")
                    .orElse("");
            return "cannot reach AWS" + call + ": " + firstLine(client.getMessage());
        }
        if (e instanceof ReplaceRefusedException || e instanceof GraphException) {
            return e.getMessage();
        }
        return e.getClass().getSimpleName() + ": " + firstLine(e.getMessage());
    }

    /**
     * {@code Ec2 DescribeVpcs: InvalidVpcID.NotFound: The vpc ID 'vpc-1' does not exist (HTTP 400, request r-1)},
     * with {@code after N attempts} where the SDK tried more than once; an answer without error code
     * and message (a bare 503 from a load balancer or proxy) says so:
     * {@code Lambda GetFunction: HTTP 503 with no error message from AWS, after 10 attempts (request r-1)}.
     * The operation is known for calls made through {@link dev.tapctl.aws.AwsClients}; otherwise
     * only the service AWS named is shown.
     */
    private static String awsError(AwsServiceException aws) {
        AwsErrorDetails details = aws.awsErrorDetails();
        FailedCalls.Call call = FailedCalls.of(aws).orElse(null);
        String service = details == null || blank(details.serviceName()) ? "AWS" : details.serviceName();
        String where = call != null ? call.toString() : service;
        String code = details == null || blank(details.errorCode()) ? null : details.errorCode();
        String message = details == null || blank(details.errorMessage()) ? null : details.errorMessage();
        int attempts = attempts(aws, call);
        // The request id is what AWS Support asks for first.
        String request = blank(aws.requestId()) ? null : "request " + aws.requestId();
        if (code == null && message == null) {
            return where + ": HTTP " + aws.statusCode() + " with no error message from AWS"
                    + attempts(", after ", attempts, 1) + (request == null ? "" : " (" + request + ")");
        }
        String what = code == null
                ? message
                : message == null ? code + " with no error message from AWS" : code + ": " + message;
        return where + ": " + what + " (HTTP " + aws.statusCode() + attempts(", after ", attempts, 2)
                + (request == null ? "" : ", " + request) + ")";
    }

    /** The attempts the SDK made: its own count where it kept one, else the one of the failed call. */
    private static int attempts(SdkException e, FailedCalls.Call call) {
        if (e.numAttempts() != null) {
            return e.numAttempts();
        }
        return call == null ? 0 : call.attempts();
    }

    /** {@code prefix + "N attempts"} when {@code attempts} is at least {@code shownFrom}, else nothing. */
    private static String attempts(String prefix, int attempts, int shownFrom) {
        if (attempts < shownFrom || attempts < 1) {
            return "";
        }
        return prefix + attempts + (attempts == 1 ? " attempt" : " attempts");
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
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

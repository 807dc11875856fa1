package dev.tapctl.aws;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.waiters.Waiter;
import software.amazon.awssdk.core.waiters.WaiterAcceptor;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.core.waiters.WaiterResponse;
import software.amazon.awssdk.retries.api.BackoffStrategy;

/**
 * The one place tapctl retries an AWS error itself. The SDK's retry strategy already retries
 * throttling, 5xx answers and broken connections; what it must not retry, and tapctl does here,
 * are the 4xx answers AWS documents as "not yet": a change that has not propagated (IAM User
 * Guide, "Changes that I make are not always immediately visible": a new role Lambda cannot
 * assume; "Eventual consistency in the Amazon EC2 API" and "AWS KMS eventual consistency": a new
 * id the next call does not find), a name AWS keeps for a while (an SQS queue deleted less than
 * 60 s ago), or an object something else still holds while it goes away (DependencyViolation,
 * DeleteConflict). Every use names exactly the error it waits out and what it waits for, and is
 * bounded in time: never a blanket retry. The polling is an SDK waiter whose only retry acceptor
 * is that error; any other answer, success or failure, ends the wait at once.
 */
public final class Eventually {
    private static final Duration FIRST_PAUSE = Duration.ofMillis(500);

    private final Duration timeout;
    private final Duration interval;

    /**
     * @param timeout  how long one wait may last in all (AWS documents no bound for propagation;
     *                 terraform-provider-aws allows 2 minutes for IAM, EC2 and KMS alike)
     * @param interval the longest pause between two attempts
     */
    public Eventually(Duration timeout, Duration interval) {
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.interval = Objects.requireNonNull(interval, "interval");
    }

    /**
     * Exponential from half a second (or the interval, if shorter) up to the interval, as AWS
     * advises for EC2 ("starting with a couple of seconds"): a change that propagates quickly
     * costs little waiting, a slow one is not asked about too often.
     */
    private BackoffStrategy backoff() {
        Duration base = interval.compareTo(FIRST_PAUSE) < 0 ? interval : FIRST_PAUSE;
        return BackoffStrategy.exponentialDelayHalfJitter(base, interval);
    }

    public Duration timeout() {
        return timeout;
    }

    /**
     * Runs {@code call}, and again after a growing pause while it fails with an error {@code notYet}
     * accepts, until the timeout. {@code status} hears {@code "waiting for " + waitingFor} once,
     * when the first such error comes. After the timeout the last error is thrown as it was, its
     * message prefixed with what was waited for and how long.
     */
    public <T> T retry(String waitingFor, Predicate<Throwable> notYet, Consumer<String> status, Supplier<T> call) {
        AtomicBoolean told = new AtomicBoolean();
        AtomicReference<RuntimeException> last = new AtomicReference<>();
        @SuppressWarnings("unchecked")
        Class<T> type = (Class<T>) Object.class;
        Waiter<T> waiter = Waiter.builder(type)
                .overrideConfiguration(WaiterOverrideConfiguration.builder()
                        .maxAttempts(Integer.MAX_VALUE)
                        .waitTimeout(timeout)
                        .backoffStrategyV2(backoff())
                        .build())
                .addAcceptor(WaiterAcceptor.successOnResponseAcceptor(response -> true))
                .addAcceptor(WaiterAcceptor.retryOnExceptionAcceptor(notYet))
                .addAcceptor(WaiterAcceptor.successOnExceptionAcceptor(e -> !notYet.test(e)))
                .build();
        WaiterResponse<T> response;
        try {
            response = waiter.run(() -> {
                try {
                    return call.get();
                } catch (RuntimeException e) {
                    if (notYet.test(e)) {
                        last.set(e);
                        if (!told.getAndSet(true)) {
                            status.accept("waiting for " + waitingFor);
                        }
                    }
                    throw e;
                }
            });
        } catch (SdkClientException e) {
            RuntimeException cause = last.get();
            throw new NotYetException(
                    "still waiting for " + waitingFor + " after " + display(timeout)
                            + (cause == null ? "" : ": " + messageOf(cause)),
                    cause == null ? e : cause);
        }
        Optional<Throwable> failure = response.matched().exception();
        if (failure.isPresent()) {
            if (failure.get() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(failure.get());
        }
        return response.matched().response().orElse(null);
    }

    /** Like {@link #retry(String, Predicate, Consumer, Supplier)} for a call that answers nothing of use. */
    public void run(String waitingFor, Predicate<Throwable> notYet, Consumer<String> status, Runnable call) {
        retry(waitingFor, notYet, status, () -> {
            call.run();
            return Boolean.TRUE;
        });
    }

    private static String display(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }

    /** An AWS error with this code (the SDK's error code, e.g. {@code InvalidGroup.NotFound}). */
    public static Predicate<Throwable> code(String errorCode) {
        return e -> errorCode.equals(errorCodeOf(e));
    }

    /** An AWS error with this code whose message contains {@code text} (AWS's wording, not the SDK's). */
    public static Predicate<Throwable> codeAndMessage(String errorCode, String text) {
        return e -> errorCode.equals(errorCodeOf(e)) && messageOf(e).contains(text);
    }

    /** The AWS error code, or "" when the error is not AWS's or carries none. */
    public static String errorCodeOf(Throwable e) {
        if (e instanceof AwsServiceException aws
                && aws.awsErrorDetails() != null
                && aws.awsErrorDetails().errorCode() != null) {
            return aws.awsErrorDetails().errorCode();
        }
        return "";
    }

    /** AWS's own message of an error (without the SDK's suffix), or the exception's. */
    public static String messageOf(Throwable e) {
        if (e instanceof AwsServiceException aws
                && aws.awsErrorDetails() != null
                && aws.awsErrorDetails().errorMessage() != null) {
            return aws.awsErrorDetails().errorMessage();
        }
        return Objects.toString(e.getMessage(), "");
    }

    /** The wait ran out; the cause is the last "not yet" answer AWS gave. */
    public static final class NotYetException extends IllegalStateException {
        NotYetException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}

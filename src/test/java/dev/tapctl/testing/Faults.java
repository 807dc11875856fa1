package dev.tapctl.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Faults injected at the SDK boundary (DESIGN.md section 5), as {@link ExecutionInterceptor}s given
 * to the client factory through {@code AwsSettings.withInterceptors}, so the real SDK clients, their
 * marshalling and their retry strategy (tapctl's budget: standard mode, 10 attempts) are all in the path.
 */
public final class Faults {
    private Faults() {}

    /** A process that dies right after the N-th mutating call (see {@link Crash}). */
    public static Crash crashAfterMutatingCall(int n) {
        return new Crash(n, CallLog.Call::mutating, "mutating call");
    }

    static CallLog.Call call(ExecutionAttributes attributes) {
        return new CallLog.Call(
                attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME),
                attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
    }

    /**
     * What the test sees of a process that died: thrown where the SDK would have handed tapctl a
     * response. Not an {@code SdkException}, so neither a retry strategy nor a handler's
     * {@code catch (XxxException e)} takes it for an answer from AWS.
     */
    public static final class SimulatedCrash extends RuntimeException {
        SimulatedCrash(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * The process dies right after AWS has carried out the N-th call that {@code counted} selects:
     * the side effect happened, but tapctl never sees the response (the answer, or the error, is
     * replaced by a {@link SimulatedCrash}). From then on every call fails before it is sent, as a
     * dead process makes no more calls; the answers to calls already on the wire are lost too.
     *
     * <p>Calls are numbered in the order they start ({@code beforeExecution}, once per operation,
     * not per retry), the numbering of {@link CallLog}; run the command with {@code --parallelism 1}
     * so that the N-th call is the same call on every run.
     */
    public static final class Crash implements ExecutionInterceptor {
        private static final ExecutionAttribute<Integer> ORDINAL = new ExecutionAttribute<>("tapctl.crash.ordinal");

        private final int n;
        private final Predicate<CallLog.Call> counted;
        private final String what;
        private final AtomicInteger seen = new AtomicInteger();
        private final AtomicBoolean dead = new AtomicBoolean();
        private volatile String crashedAfter;

        public Crash(int n, Predicate<CallLog.Call> counted, String what) {
            if (n < 1) {
                throw new IllegalArgumentException("n starts at 1");
            }
            this.n = n;
            this.counted = counted;
            this.what = what;
        }

        /** Whether the N-th call happened, so the process "died". */
        public boolean crashed() {
            return dead.get();
        }

        /** "Service:Operation" of the call after which the process died, or null. */
        public String crashedAfter() {
            return crashedAfter;
        }

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            if (dead.get()) {
                throw new SimulatedCrash("process already dead (crashed after " + what + " " + n + ", " + crashedAfter
                        + "): " + call(attributes) + " is never made");
            }
            if (counted.test(call(attributes))) {
                attributes.putAttribute(ORDINAL, seen.incrementAndGet());
            }
        }

        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            if (dead.get()) {
                throw new SimulatedCrash("process dead: " + call(attributes) + " is never sent");
            }
        }

        @Override
        public SdkResponse modifyResponse(Context.ModifyResponse context, ExecutionAttributes attributes) {
            if (dies(attributes)) {
                throw crash();
            }
            if (dead.get()) {
                throw new SimulatedCrash("process dead: the answer to " + call(attributes) + " is never read");
            }
            return context.response();
        }

        @Override
        public Throwable modifyException(Context.FailedExecution context, ExecutionAttributes attributes) {
            // AWS answered the N-th call with an error (e.g. AlreadyExists): the call was made all
            // the same, and the process dies before it reads the answer.
            if (dies(attributes)) {
                return crash();
            }
            if (dead.get() && !(context.exception() instanceof SimulatedCrash)) {
                return new SimulatedCrash("process dead: the answer to " + call(attributes) + " is never read");
            }
            return context.exception();
        }

        private boolean dies(ExecutionAttributes attributes) {
            Integer ordinal = attributes.getAttribute(ORDINAL);
            if (ordinal != null && ordinal == n && dead.compareAndSet(false, true)) {
                crashedAfter = call(attributes).toString();
                return true;
            }
            return false;
        }

        private SimulatedCrash crash() {
            return new SimulatedCrash(
                    "simulated crash right after " + what + " " + n + " (" + crashedAfter + ") was carried out");
        }
    }

    /**
     * AWS answers {@code operation} with {@code rewrite} of the emulator's real answer: an account
     * whose facts differ from the emulator's (fewer availability zones, say). The call is made as
     * usual, so call logs and the client's own handling see it; only the parsed response changes.
     */
    public static <R extends SdkResponse> ExecutionInterceptor answer(
            String operation, Class<R> type, UnaryOperator<R> rewrite) {
        return new ExecutionInterceptor() {
            @Override
            public SdkResponse modifyResponse(Context.ModifyResponse context, ExecutionAttributes attributes) {
                if (!call(attributes).operation().equals(operation)) {
                    return context.response();
                }
                return rewrite.apply(type.cast(context.response()));
            }
        };
    }

    /** Every attempt waits {@code delay} before it is sent: AWS's latency, without its variance. */
    public static final class Latency implements ExecutionInterceptor {
        private final Duration delay;

        public Latency(Duration delay) {
            this.delay = delay;
        }

        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Answers a seeded share of attempts with the service's own throttling error, before the request
     * is sent: like AWS's throttling, a throttled attempt has no side effect. The error is thrown
     * from {@code beforeTransmission}, which the SDK runs once per attempt inside its retry loop, as
     * an {@link AwsServiceException} carrying the service's throttling code and HTTP status, so the
     * client's retry strategy classifies it exactly as a throttling answer from AWS (backs
     * off with its throttling delay, spends retry-quota tokens) and tries again.
     *
     * <p>Why not throttle every attempt at the same rate: the SDK's own budget is 3 attempts per
     * call (tapctl's is 10, but a user may set fewer), so throttling each attempt independently at
     * 30% would make 0.3^3 = 2.7% of calls fail outright (several per apply), which tests the dice,
     * not tapctl. Here a first attempt is
     * throttled with probability {@code firstAttemptRate}, a second one with
     * {@code secondAttemptRate}, and a third one never: a call is throttled at most twice in a row,
     * so every call succeeds through the SDK's own retries, and a failure means that something
     * other than the SDK's strategy (a home-made retry, a handler taking the throttle for an
     * answer) got in the way.
     */
    public static final class Throttle implements ExecutionInterceptor {
        private static final ExecutionAttribute<Integer> ATTEMPT = new ExecutionAttribute<>("tapctl.throttle.attempt");

        /** One throttled attempt. */
        public record Throttled(CallLog.Call call, int attempt, String errorCode) {}

        private final Random random;
        private final double firstAttemptRate;
        private final double secondAttemptRate;
        private final List<Throttled> throttled = new ArrayList<>();
        private final AtomicInteger attempts = new AtomicInteger();
        private final ConcurrentHashMap<String, AtomicInteger> unabsorbed = new ConcurrentHashMap<>();

        public Throttle(long seed, double firstAttemptRate, double secondAttemptRate) {
            this.random = new Random(seed);
            this.firstAttemptRate = firstAttemptRate;
            this.secondAttemptRate = secondAttemptRate;
        }

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            attributes.putAttribute(ATTEMPT, 0);
        }

        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            int attempt = attributes.getAttribute(ATTEMPT) + 1;
            attributes.putAttribute(ATTEMPT, attempt);
            attempts.incrementAndGet();
            double rate = attempt == 1 ? firstAttemptRate : attempt == 2 ? secondAttemptRate : 0;
            boolean throttle;
            synchronized (random) {
                throttle = random.nextDouble() < rate;
            }
            if (!throttle) {
                return;
            }
            CallLog.Call call = call(attributes);
            ThrottleAnswer answer = ThrottleAnswer.of(call.service());
            synchronized (throttled) {
                throttled.add(new Throttled(call, attempt, answer.code()));
            }
            throw AwsServiceException.builder()
                    .statusCode(answer.status())
                    .message("Rate exceeded (injected by the test, attempt " + attempt + ")")
                    .awsErrorDetails(AwsErrorDetails.builder()
                            .serviceName(call.service())
                            .errorCode(answer.code())
                            .errorMessage("Rate exceeded")
                            .build())
                    .build();
        }

        /** An operation that still ended in a throttling error: the SDK's retries did not absorb it. */
        @Override
        public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
            if (context.exception() instanceof AwsServiceException aws && aws.isThrottlingException()) {
                unabsorbed
                        .computeIfAbsent(call(attributes).toString(), k -> new AtomicInteger())
                        .incrementAndGet();
            }
        }

        public List<Throttled> throttled() {
            synchronized (throttled) {
                return List.copyOf(throttled);
            }
        }

        /** Every attempt that reached {@code beforeTransmission}, throttled or sent. */
        public int attempts() {
            return attempts.get();
        }

        /** Operations that ended in a throttling error (the SDK gave up), with how often. */
        public Map<String, Integer> unabsorbed() {
            Map<String, Integer> copy = new TreeMap<>();
            unabsorbed.forEach((k, v) -> copy.put(k, v.get()));
            return copy;
        }
    }

    /**
     * The error each service answers when it throttles a caller, with its HTTP status; keyed by
     * the SDK's {@code SERVICE_NAME} attribute ("Ec2", "Iam", "ApiGateway", ...).
     */
    record ThrottleAnswer(String code, int status) {
        static ThrottleAnswer of(String service) {
            return switch (service) {
                // EC2 answers RequestLimitExceeded with HTTP 503; S3 SlowDown with 503.
                case "Ec2" -> new ThrottleAnswer("RequestLimitExceeded", 503);
                case "S3" -> new ThrottleAnswer("SlowDown", 503);
                // The query-protocol services (IAM, STS, RDS) say "Throttling".
                case "Iam", "Sts", "Rds" -> new ThrottleAnswer("Throttling", 400);
                case "Sqs" -> new ThrottleAnswer("RequestThrottled", 400);
                case "Lambda", "ApiGateway" -> new ThrottleAnswer("TooManyRequestsException", 429);
                // KMS, CloudWatch Logs, Secrets Manager, DynamoDB.
                default -> new ThrottleAnswer("ThrottlingException", 400);
            };
        }
    }
}

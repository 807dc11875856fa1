package dev.tapctl.aws;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.retries.api.AcquireInitialTokenRequest;
import software.amazon.awssdk.retries.api.AcquireInitialTokenResponse;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RecordSuccessRequest;
import software.amazon.awssdk.retries.api.RecordSuccessResponse;
import software.amazon.awssdk.retries.api.RefreshRetryTokenRequest;
import software.amazon.awssdk.retries.api.RefreshRetryTokenResponse;
import software.amazon.awssdk.retries.api.RetryStrategy;

/**
 * Keeps a run's API Gateway calls within the account's fixed control-plane quotas ("Amazon API
 * Gateway quotas", https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html, table
 * "API Gateway quotas for creating, deploying and managing an API"; they cannot be raised):
 * UpdateAccount 1 request every 20 s, CreateDeployment 1 every 5 s, CreateRestApi 1 every 3 s,
 * DeleteRestApi 1 every 30 s, ..., and all operations together 10 per second with a burst of 40.
 * AWS answers a request over them with 429 TooManyRequestsException, which the SDK's retry
 * strategy retries with its own backoff; that backoff knows nothing of a 1-per-20 s quota, and a
 * retry loop of tapctl's own (a role API Gateway cannot use yet) would spend the quota faster than
 * it refills. So each attempt, the SDK's retries included, first takes a token from the operation's
 * bucket and from the bucket of all operations, waiting for it when there is none. The wait for the
 * operation's turn is never spent from an attempt's timeout: a first attempt waits in
 * {@code beforeExecution}, before the call's and the attempt's clocks start (so calls queued behind
 * one another each keep their whole call timeout), and a retry waits as the delay of the retry
 * strategy ({@link #pace}), between attempts, within the call's timeout as the SDK's backoff is. (It used to wait in
 * {@code beforeTransmission}, within the attempt: a DeleteRestApi retried after a 429 waited 33 s
 * of a 30 s attempt timeout, was cut off, took another turn further out, and so on until the call's
 * 2 minutes were gone.) Another process using the same account can still take the
 * quota first; its 429 is then the SDK's to retry, and the pacing spaces those retries too.
 *
 * <p>The buckets refill at 90 % of AWS's rate: a request reaches AWS a little later than it
 * leaves, and a quota met exactly would be exceeded by that jitter.
 */
public final class ApiGatewayPacing implements ExecutionInterceptor {

    /** A token bucket: {@code burst} requests at once, refilled by one every {@code every}. */
    record Quota(int burst, Duration every) {
        static Quota onePer(Duration every) {
            return new Quota(1, every);
        }

        static Quota perSecond(int requests) {
            return new Quota(requests, Duration.ofMillis(1000 / requests));
        }
    }

    static final Map<String, Quota> QUOTAS = Map.ofEntries(
            Map.entry("CreateApiKey", Quota.perSecond(5)),
            Map.entry("CreateDeployment", Quota.onePer(Duration.ofSeconds(5))),
            Map.entry("CreateResource", Quota.perSecond(5)),
            Map.entry("CreateRestApi", Quota.onePer(Duration.ofSeconds(3))),
            Map.entry("DeleteApiKey", Quota.perSecond(5)),
            Map.entry("DeleteResource", Quota.perSecond(5)),
            Map.entry("DeleteRestApi", Quota.onePer(Duration.ofSeconds(30))),
            Map.entry("GetResources", new Quota(5, Duration.ofMillis(400))),
            Map.entry("PutRestApi", Quota.onePer(Duration.ofSeconds(1))),
            Map.entry("UpdateAccount", Quota.onePer(Duration.ofSeconds(20))),
            Map.entry("UpdateUsagePlan", Quota.onePer(Duration.ofSeconds(20))));

    /** "Total operations: 10 requests per second with a burst of 40". */
    static final Quota ALL_OPERATIONS = new Quota(40, Duration.ofMillis(100));

    private static final double SAFETY = 0.9;

    private static final ThreadLocal<String> CURRENT_OPERATION = new ThreadLocal<>();

    private final Map<String, Quota> quotas;
    private final LongSupplier nanoClock;
    private final Sleeper sleeper;
    private final Bucket all;
    private final Map<String, Bucket> perOperation = new ConcurrentHashMap<>();

    public ApiGatewayPacing() {
        this(System::nanoTime, ApiGatewayPacing::sleepNanos);
    }

    ApiGatewayPacing(LongSupplier nanoClock, Sleeper sleeper) {
        this(QUOTAS, nanoClock, sleeper);
    }

    /** With quotas of a test's own (short ones, so that it runs on the real clock in a few seconds). */
    ApiGatewayPacing(Map<String, Quota> quotas, LongSupplier nanoClock, Sleeper sleeper) {
        this.quotas = Map.copyOf(quotas);
        this.nanoClock = nanoClock;
        this.sleeper = sleeper;
        this.all = new Bucket(ALL_OPERATIONS);
    }

    ApiGatewayPacing(Map<String, Quota> quotas) {
        this(quotas, System::nanoTime, ApiGatewayPacing::sleepNanos);
    }

    /** Paces the calls of the client {@code override} configures, whose retries {@code retries} decides. */
    public void pace(ClientOverrideConfiguration.Builder override, RetryStrategy retries) {
        override.retryStrategy(new PacedRetries(retries)).addExecutionInterceptor(this);
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        CURRENT_OPERATION.set(operation);
        // The first attempt's turn is waited for here, before the SDK starts the clocks of the call
        // and of its attempt: a turn 30 s away must not be spent from a 30 s attempt timeout, nor
        // the third of three queued deletes from its 2-minute call timeout.
        sleeper.sleep(reserveOperation(operation));
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        // The total is reserved once the operation's own turn has come, so that a long wait for
        // UpdateAccount does not hold tokens the other operations could use meanwhile. Its waits
        // are short (10 per second), so they may come out of the attempt's time.
        sleeper.sleep(all.reserve());
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        CURRENT_OPERATION.remove();
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        CURRENT_OPERATION.remove();
    }

    /** The wait for the next turn of {@code operation} (null or unlimited: none), taken now. */
    private long reserveOperation(String operation) {
        Quota quota = operation == null ? null : quotas.get(operation);
        return quota == null
                ? 0
                : perOperation
                        .computeIfAbsent(operation, op -> new Bucket(quota))
                        .reserve();
    }

    /**
     * The SDK's retries, each retry of a paced operation delayed until the operation's next turn (or
     * the SDK's own backoff, if that is longer). The SDK sleeps that delay between attempts, outside
     * the attempt timeout. The retry strategy is not told the operation; the sync client runs the
     * interceptor's {@code beforeExecution}, every retry decision and {@code afterExecution} on the
     * calling thread, so the operation is passed in a thread-local.
     */
    private final class PacedRetries implements RetryStrategy {
        private final RetryStrategy sdk;

        PacedRetries(RetryStrategy sdk) {
            this.sdk = sdk;
        }

        @Override
        public AcquireInitialTokenResponse acquireInitialToken(AcquireInitialTokenRequest request) {
            return sdk.acquireInitialToken(request);
        }

        @Override
        public RefreshRetryTokenResponse refreshRetryToken(RefreshRetryTokenRequest request) {
            RefreshRetryTokenResponse retry = sdk.refreshRetryToken(request); // throws when it gives up
            Duration turn = Duration.ofNanos(reserveOperation(CURRENT_OPERATION.get()));
            return RefreshRetryTokenResponse.create(
                    retry.token(), turn.compareTo(retry.delay()) > 0 ? turn : retry.delay());
        }

        @Override
        public RecordSuccessResponse recordSuccess(RecordSuccessRequest request) {
            return sdk.recordSuccess(request);
        }

        @Override
        public int maxAttempts() {
            return sdk.maxAttempts();
        }

        @Override
        public Builder<?, ?> toBuilder() {
            return new PacedBuilder(sdk.toBuilder());
        }
    }

    /** A builder of the SDK's strategy whose result is paced too. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private final class PacedBuilder implements RetryStrategy.Builder<PacedBuilder, RetryStrategy> {
        private final RetryStrategy.Builder sdk;

        PacedBuilder(RetryStrategy.Builder<?, ?> sdk) {
            this.sdk = sdk;
        }

        @Override
        public PacedBuilder retryOnException(Predicate<Throwable> shouldRetry) {
            sdk.retryOnException(shouldRetry);
            return this;
        }

        @Override
        public PacedBuilder maxAttempts(int maxAttempts) {
            sdk.maxAttempts(maxAttempts);
            return this;
        }

        @Override
        public PacedBuilder backoffStrategy(BackoffStrategy backoffStrategy) {
            sdk.backoffStrategy(backoffStrategy);
            return this;
        }

        @Override
        public PacedBuilder throttlingBackoffStrategy(BackoffStrategy backoffStrategy) {
            sdk.throttlingBackoffStrategy(backoffStrategy);
            return this;
        }

        @Override
        public PacedBuilder treatAsThrottling(Predicate<Throwable> treatAsThrottling) {
            sdk.treatAsThrottling(treatAsThrottling);
            return this;
        }

        @Override
        public PacedBuilder useClientDefaults(boolean useClientDefaults) {
            sdk.useClientDefaults(useClientDefaults);
            return this;
        }

        @Override
        public RetryStrategy build() {
            return new PacedRetries((RetryStrategy) sdk.build());
        }
    }

    /** How long to wait for a token; a token taken now may be owed (negative balance = queue). */
    private final class Bucket {
        private final double capacity;
        private final double tokensPerNano;
        private double tokens;
        private long refilledAt;

        Bucket(Quota quota) {
            this.capacity = quota.burst();
            this.tokensPerNano = SAFETY / quota.every().toNanos();
            this.tokens = capacity;
            this.refilledAt = nanoClock.getAsLong();
        }

        synchronized long reserve() {
            long now = nanoClock.getAsLong();
            tokens = Math.min(capacity, tokens + (now - refilledAt) * tokensPerNano);
            refilledAt = now;
            tokens -= 1;
            return tokens >= 0 ? 0 : (long) Math.ceil(-tokens / tokensPerNano);
        }
    }

    @FunctionalInterface
    interface Sleeper {
        void sleep(long nanos);
    }

    private static void sleepNanos(long nanos) {
        if (nanos <= 0) {
            return;
        }
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw AbortedException.builder()
                    .message("interrupted while pacing API Gateway calls")
                    .cause(e)
                    .build();
        }
    }
}

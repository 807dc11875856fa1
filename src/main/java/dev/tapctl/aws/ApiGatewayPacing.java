package dev.tapctl.aws;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Keeps a run's API Gateway calls within the account's fixed control-plane quotas ("Amazon API
 * Gateway quotas", https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html, table
 * "API Gateway quotas for creating, deploying and managing an API"; they cannot be raised):
 * UpdateAccount 1 request every 20 s, CreateDeployment 1 every 5 s, CreateRestApi 1 every 3 s,
 * DeleteRestApi 1 every 30 s, ..., and all operations together 10 per second with a burst of 40.
 * AWS answers a request over them with 429 TooManyRequestsException, which the SDK's retry
 * strategy retries with its own backoff; that backoff knows nothing of a 1-per-20 s quota, and a
 * retry loop of tapctl's own (a role API Gateway cannot use yet) would spend the quota faster than
 * it refills. So each attempt, the SDK's retries included ({@code beforeTransmission} runs once per
 * attempt), first takes a token from the operation's bucket and from the bucket of all operations,
 * waiting for it when there is none. Another process using the same account can still take the
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

    private final LongSupplier nanoClock;
    private final Sleeper sleeper;
    private final Bucket all;
    private final Map<String, Bucket> perOperation = new ConcurrentHashMap<>();

    public ApiGatewayPacing() {
        this(System::nanoTime, ApiGatewayPacing::sleepNanos);
    }

    ApiGatewayPacing(LongSupplier nanoClock, Sleeper sleeper) {
        this.nanoClock = nanoClock;
        this.sleeper = sleeper;
        this.all = new Bucket(ALL_OPERATIONS);
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        Quota quota = operation == null ? null : QUOTAS.get(operation);
        long wait = quota == null
                ? 0
                : perOperation
                        .computeIfAbsent(operation, op -> new Bucket(quota))
                        .reserve();
        // The total is reserved once the operation's own turn has come, so that a long wait for
        // UpdateAccount does not hold tokens the other operations could use meanwhile.
        sleeper.sleep(wait);
        sleeper.sleep(all.reserve());
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

package dev.tapctl.aws;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration.Builder;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The only place that builds SDK clients. Each client is built on first use, so a command builds
 * only the clients it needs; all share one HTTP client, one retry budget ({@link RetryBudget}: the
 * user's AWS retry settings, else tapctl's default) and the same timeouts, and record the call each
 * failure came from ({@link FailedCalls}).
 */
public final class AwsClients implements AutoCloseable {
    private final AwsSettings settings;
    private final RetryBudget retryBudget;
    private final List<AutoCloseable> built = new ArrayList<>();
    private final Lazy<SdkHttpClient> http;
    private final Lazy<AwsCredentialsProvider> credentials;
    private final Lazy<Ec2Client> ec2;
    private final Lazy<KmsClient> kms;
    private final Lazy<IamClient> iam;
    private final Lazy<CloudWatchLogsClient> logs;
    private final Lazy<StsClient> sts;
    private final Lazy<SecretsManagerClient> secrets;
    private final Lazy<RdsClient> rds;
    private final Lazy<DynamoDbClient> dynamodb;
    private final Lazy<S3Client> s3;
    private final Lazy<SqsClient> sqs;
    private final Lazy<LambdaClient> lambda;
    private final Lazy<ApiGatewayClient> apigateway;
    private final Lazy<SnsClient> sns;
    private final Lazy<CloudWatchClient> cloudwatch;
    private final Lazy<String> accountId =
            new Lazy<>(() -> sts().getCallerIdentity().account());
    private final Lazy<List<String>> zones = new Lazy<>(() -> List.copyOf(AvailabilityZones.usable(ec2())));

    public AwsClients(AwsSettings settings) {
        this.settings = settings;
        // Resolved before any client is built, so that a retry setting the SDK would refuse is
        // reported once, up front.
        this.retryBudget = RetryBudget.resolve(settings.profile());
        this.http = new Lazy<>(() -> track(ApacheHttpClient.builder()
                .maxConnections(settings.maxConnections())
                .build()));
        this.credentials = new Lazy<>(() -> settings.profile() == null
                ? DefaultCredentialsProvider.builder().build()
                : ProfileCredentialsProvider.create(settings.profile()));
        this.ec2 = regional(Ec2Client::builder);
        this.kms = regional(KmsClient::builder);
        this.logs = regional(CloudWatchLogsClient::builder);
        this.sts = regional(StsClient::builder);
        this.secrets = regional(SecretsManagerClient::builder);
        this.rds = regional(RdsClient::builder);
        this.dynamodb = regional(DynamoDbClient::builder);
        this.sqs = regional(SqsClient::builder);
        this.lambda = regional(LambdaClient::builder);
        this.sns = regional(SnsClient::builder);
        this.cloudwatch = regional(CloudWatchClient::builder);
        // Paced under the account's fixed control-plane quotas, one pacing per run (ApiGatewayPacing);
        // tests that replace the SDK's retry delays (retryBackoff) do not wait for quotas either.
        ApiGatewayPacing pacing = settings.retryBackoff() == null ? new ApiGatewayPacing() : null;
        this.apigateway =
                new Lazy<>(() -> track(configure(ApiGatewayClient.builder(), Region.of(settings.region()), pacing)
                        .build()));
        // A custom endpoint (an emulator) has no per-bucket DNS names: address buckets by path.
        this.s3 = new Lazy<>(() -> track(configure(S3Client.builder(), Region.of(settings.region()))
                .forcePathStyle(throughCustomEndpoint("S3"))
                .build()));
        // IAM is global; through an endpoint override the emulator answers in the stack's region.
        this.iam = new Lazy<>(() -> track(configure(
                        IamClient.builder(),
                        throughCustomEndpoint("IAM") ? Region.of(settings.region()) : Region.AWS_GLOBAL)
                .build()));
    }

    public Ec2Client ec2() {
        return ec2.get();
    }

    public KmsClient kms() {
        return kms.get();
    }

    public IamClient iam() {
        return iam.get();
    }

    public CloudWatchLogsClient logs() {
        return logs.get();
    }

    public StsClient sts() {
        return sts.get();
    }

    public SecretsManagerClient secrets() {
        return secrets.get();
    }

    public RdsClient rds() {
        return rds.get();
    }

    public DynamoDbClient dynamodb() {
        return dynamodb.get();
    }

    public S3Client s3() {
        return s3.get();
    }

    public SqsClient sqs() {
        return sqs.get();
    }

    public LambdaClient lambda() {
        return lambda.get();
    }

    public ApiGatewayClient apigateway() {
        return apigateway.get();
    }

    public SnsClient sns() {
        return sns.get();
    }

    /** CloudWatch metrics and alarms (the log groups are {@link #logs()}). */
    public CloudWatchClient cloudwatch() {
        return cloudwatch.get();
    }

    public AwsSettings settings() {
        return settings;
    }

    /** The retry mode and attempts every client of this factory uses. */
    public RetryBudget retryBudget() {
        return retryBudget;
    }

    public String region() {
        return settings.region();
    }

    /** Waiter polling and maximum wait, the same for every waiter tapctl uses. */
    public WaiterOverrideConfiguration waiterConfig() {
        // The wait is bounded by time, not by each waiter's own attempt count (25 polls of a
        // database that takes 15 minutes would give up too early).
        Builder builder = WaiterOverrideConfiguration.builder()
                .maxAttempts(Integer.MAX_VALUE)
                .waitTimeout(settings.waitTimeout())
                .backoffStrategyV2(software.amazon.awssdk.retries.api.BackoffStrategy.fixedDelayWithoutJitter(
                        settings.waitPollInterval()));
        return builder.build();
    }

    /**
     * The bounded retry of AWS's documented "not yet" answers (see {@link Eventually}), pausing at
     * most {@code propagationInterval} between tries, for at most {@code propagationTimeout}.
     */
    public Eventually eventually() {
        return new Eventually(settings.propagationTimeout(), settings.propagationInterval());
    }

    /** The account-wide lock of environments, held by {@code holder} with a lease renewed while it runs. */
    public EnvironmentLock environmentLock(String holder, java.time.Duration lease) {
        return new EnvironmentLock(
                dynamodb(),
                software.amazon.awssdk.services.dynamodb.waiters.DynamoDbWaiter.builder()
                        .client(dynamodb())
                        .overrideConfiguration(waiterConfig())
                        .build(),
                holder,
                lease,
                java.time.Clock.systemUTC());
    }

    /**
     * The account the credentials belong to: one GetCallerIdentity per run, however many ask
     * (the session, and handlers that build an ARN of their own, such as the alarm topic's).
     */
    public String accountId() {
        return accountId.get();
    }

    /**
     * The names of the availability zones of this region where the account can place a subnet now
     * (one DescribeAvailabilityZones call per run, however many sessions ask: a drift over
     * several environments of the region; see {@link AvailabilityZones}), in no particular order.
     */
    public List<String> availabilityZones() {
        return zones.get();
    }

    /** A client of the stack's region, built on first use and closed with the others. */
    private <C extends AutoCloseable, B extends AwsSyncClientBuilder<B, C> & AwsClientBuilder<B, C>> Lazy<C> regional(
            Supplier<B> builder) {
        return new Lazy<>(() ->
                track(configure(builder.get(), Region.of(settings.region())).build()));
    }

    private <B extends AwsSyncClientBuilder<B, ?> & AwsClientBuilder<B, ?>> B configure(B builder, Region region) {
        return configure(builder, region, null);
    }

    private <B extends AwsSyncClientBuilder<B, ?> & AwsClientBuilder<B, ?>> B configure(
            B builder, Region region, ApiGatewayPacing pacing) {
        ClientOverrideConfiguration.Builder override = ClientOverrideConfiguration.builder()
                .retryStrategy(retryStrategy())
                .apiCallTimeout(settings.apiCallTimeout())
                .apiCallAttemptTimeout(settings.apiCallAttemptTimeout())
                // First, so that it counts every attempt, also one a later interceptor fails.
                .addExecutionInterceptor(FailedCalls.INTERCEPTOR);
        settings.interceptors().forEach(override::addExecutionInterceptor);
        if (pacing != null) {
            pacing.pace(override, retryStrategy());
        }
        builder.httpClient(http.get())
                .region(region)
                .credentialsProvider(credentials.get())
                .overrideConfiguration(override.build());
        if (settings.endpoint() != null) {
            builder.endpointOverride(settings.endpoint());
        }
        return builder;
    }

    /**
     * Whether calls of {@code service} go to an endpoint of the user's rather than AWS's: the
     * --endpoint-url flag, or what the SDK itself takes from the environment (AWS_ENDPOINT_URL,
     * AWS_ENDPOINT_URL_S3, ...) or the aws.endpointUrl system property, which the SDK resolves
     * on its own and tapctl leaves to it.
     */
    private boolean throughCustomEndpoint(String service) {
        return settings.endpoint() != null
                || isSet(System.getenv("AWS_ENDPOINT_URL_" + service))
                || isSet(System.getenv("AWS_ENDPOINT_URL"))
                || isSet(System.getProperty("aws.endpointUrl" + service.charAt(0)
                        + service.substring(1).toLowerCase()))
                || isSet(System.getProperty("aws.endpointUrl"));
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }

    /** The SDK's retries with the budget in force; in tests with a fixed delay instead of real backoff. */
    private RetryStrategy retryStrategy() {
        return retryBudget.strategy(settings.retryBackoff());
    }

    private synchronized <T extends AutoCloseable> T track(T closeable) {
        built.add(closeable);
        return closeable;
    }

    @Override
    public synchronized void close() {
        for (int i = built.size() - 1; i >= 0; i--) {
            try {
                built.get(i).close();
            } catch (Exception ignored) {
                // Closing at exit: nothing left to do with a failure.
            }
        }
        built.clear();
    }

    /** A value built once, on first use, safely across threads. */
    private static final class Lazy<T> {
        private final Supplier<T> supplier;
        private volatile T value;

        Lazy(Supplier<T> supplier) {
            this.supplier = supplier;
        }

        T get() {
            T result = value;
            if (result == null) {
                synchronized (this) {
                    result = value;
                    if (result == null) {
                        result = supplier.get();
                        value = result;
                    }
                }
            }
            return result;
        }
    }
}

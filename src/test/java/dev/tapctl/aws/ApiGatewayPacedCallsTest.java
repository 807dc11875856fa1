package dev.tapctl.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;

/**
 * Paced calls through a real SDK client on the real clock, with a quota short enough for a unit
 * test (DeleteRestApi 1 per second, as AWS's is 1 per 30 s) and an attempt timeout shorter than it
 * (AWS's quota is longer than tapctl's 30 s attempt timeout too). The wait for the quota must not
 * be spent from an attempt's or the call's time: a DeleteRestApi retried after a 429, or queued
 * behind others, used to time out attempt after attempt until the call's 120 s were gone.
 */
class ApiGatewayPacedCallsTest {
    private static final Duration ATTEMPT_TIMEOUT = Duration.ofMillis(400);
    private static final Duration CALL_TIMEOUT = Duration.ofMillis(1500);

    /** Answers DeleteRestApi, refusing the first {@code refusals} requests with 429; records when each came. */
    private static final class StubApiGateway implements SdkHttpClient {
        private final AtomicInteger refusals;
        private final List<Long> arrivals = new ArrayList<>();

        StubApiGateway(int refusals) {
            this.refusals = new AtomicInteger(refusals);
        }

        synchronized List<Long> arrivals() {
            return List.copyOf(arrivals);
        }

        @Override
        public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
            return new ExecutableHttpRequest() {
                @Override
                public HttpExecuteResponse call() {
                    synchronized (StubApiGateway.this) {
                        arrivals.add(System.nanoTime());
                    }
                    boolean refuse = refusals.getAndDecrement() > 0;
                    SdkHttpResponse.Builder response = SdkHttpResponse.builder()
                            .statusCode(refuse ? 429 : 202)
                            .putHeader("Content-Type", "application/json");
                    byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
                    if (refuse) {
                        response.putHeader("x-amzn-ErrorType", "TooManyRequestsException");
                        body = "{\"message\":\"Too Many Requests\"}".getBytes(StandardCharsets.UTF_8);
                    }
                    response.putHeader("Content-Length", String.valueOf(body.length));
                    return HttpExecuteResponse.builder()
                            .response(response.build())
                            .responseBody(AbortableInputStream.create(new ByteArrayInputStream(body)))
                            .build();
                }

                @Override
                public void abort() {}
            };
        }

        @Override
        public void close() {}
    }

    private static ApiGatewayClient client(StubApiGateway http) {
        ApiGatewayPacing pacing =
                new ApiGatewayPacing(Map.of("DeleteRestApi", ApiGatewayPacing.Quota.onePer(Duration.ofSeconds(1))));
        ClientOverrideConfiguration.Builder override = ClientOverrideConfiguration.builder()
                .apiCallTimeout(CALL_TIMEOUT)
                .apiCallAttemptTimeout(ATTEMPT_TIMEOUT);
        pacing.pace(override, RetryBudget.resolve(null).strategy(Duration.ofMillis(1)));
        return ApiGatewayClient.builder()
                .httpClient(http)
                .region(Region.US_EAST_1)
                .endpointOverride(URI.create("http://127.0.0.1:9"))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .overrideConfiguration(override.build())
                .build();
    }

    @Test
    void aRetryAfter429WaitsForTheQuotaAndThenHasAWholeAttempt() {
        StubApiGateway http = new StubApiGateway(1);
        try (ApiGatewayClient apigateway = client(http)) {
            apigateway.deleteRestApi(r -> r.restApiId("a"));
        }
        List<Long> arrivals = http.arrivals();
        assertThat(arrivals)
                .as("refused once (another process took the quota), then let through")
                .hasSize(2);
        assertThat(Duration.ofNanos(arrivals.get(1) - arrivals.get(0)))
                .as("the retry is paced under the quota, 1 per second with the margin")
                .isGreaterThanOrEqualTo(Duration.ofMillis(1100));
    }

    @Test
    void callsQueuedBehindTheQuotaEachGetTheirWholeTimeoutAfterTheirTurn() {
        StubApiGateway http = new StubApiGateway(0);
        long start = System.nanoTime();
        try (ApiGatewayClient apigateway = client(http)) {
            List<CompletableFuture<Void>> deletes = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                String id = "api-" + i;
                deletes.add(CompletableFuture.runAsync(() -> apigateway.deleteRestApi(r -> r.restApiId(id))));
            }
            // The third waits about 2.2 s for its turn: longer than an attempt and than a call may take.
            deletes.forEach(CompletableFuture::join);
        }
        List<Long> arrivals = http.arrivals();
        assertThat(arrivals).as("each delete sent once, none timed out").hasSize(3);
        assertThat(Duration.ofNanos(arrivals.get(2) - start))
                .as("the third left on its turn, two quota intervals in: later than a whole call timeout")
                .isGreaterThanOrEqualTo(Duration.ofMillis(2200))
                .isGreaterThan(CALL_TIMEOUT);
    }
}

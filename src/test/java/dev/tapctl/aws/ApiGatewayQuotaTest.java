package dev.tapctl.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tapctl.testing.Emulator;
import dev.tapctl.testing.EmulatorExtension;
import dev.tapctl.testing.HandlerFixture;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.apigateway.model.TooManyRequestsException;

/**
 * Against the emulator's model of API Gateway's fixed quotas (CreateRestApi: 1 request every 3 s
 * per account): calls sent as fast as they come are refused with 429, calls through tapctl's
 * pacing never are.
 */
@ExtendWith(EmulatorExtension.class)
class ApiGatewayQuotaTest {

    @Test
    void callsOverTheQuotaAreRefusedUnlessPaced(Emulator emulator) throws InterruptedException {
        emulator.realism().enable(Map.of());
        // Test clients replace the retry delays (1 ms) and so are not paced: their retries come
        // too fast for a 3 s quota.
        try (AwsClients unpaced = HandlerFixture.clients(emulator)) {
            unpaced.apigateway().createRestApi(r -> r.name("first"));
            assertThatThrownBy(() -> unpaced.apigateway().createRestApi(r -> r.name("second")))
                    .isInstanceOf(TooManyRequestsException.class);
        }
        int refused = emulator.realism().counts().get("apigateway.too_many_requests.CreateRestApi");
        assertThat(refused).as("the emulator enforces the quota").isPositive();

        Thread.sleep(3_100);
        try (AwsClients paced = new AwsClients(AwsSettings.defaults(emulator.region(), null, emulator.endpoint()))) {
            long start = System.nanoTime();
            for (int i = 0; i < 3; i++) {
                int n = i;
                paced.apigateway().createRestApi(r -> r.name("paced-" + n));
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .as("three requests, one every 3 s or more")
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(6));
        }
        assertThat(emulator.realism().counts().get("apigateway.too_many_requests.CreateRestApi"))
                .as("no paced request was refused")
                .isEqualTo(refused);
    }
}

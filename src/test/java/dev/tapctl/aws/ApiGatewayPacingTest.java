package dev.tapctl.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/** The pacing's arithmetic on a clock of its own: when each attempt may leave. */
class ApiGatewayPacingTest {
    private final AtomicLong now = new AtomicLong();
    private final List<Long> sent = new ArrayList<>();
    private final ApiGatewayPacing pacing = new ApiGatewayPacing(now::get, nanos -> now.addAndGet(Math.max(0, nanos)));

    private void send(String operation) {
        ExecutionAttributes attributes = new ExecutionAttributes();
        attributes.putAttribute(SdkExecutionAttribute.OPERATION_NAME, operation);
        // As the SDK runs them for a call's first attempt: its turn before the call's clocks start,
        // then the total quota right before it is sent.
        pacing.beforeExecution(null, attributes);
        pacing.beforeTransmission(null, attributes);
        pacing.afterExecution(null, attributes);
        sent.add(now.get());
    }

    private static long seconds(double s) {
        return (long) (s * 1e9);
    }

    @Test
    void updateAccountLeavesAtMostOnceEvery20SecondsWithAMargin() {
        for (int i = 0; i < 3; i++) {
            send("UpdateAccount");
        }
        assertThat(sent.get(0)).isZero();
        assertThat(sent.get(1) - sent.get(0))
                .isGreaterThanOrEqualTo(seconds(20))
                .isLessThan(seconds(23));
        assertThat(sent.get(2) - sent.get(1))
                .isGreaterThanOrEqualTo(seconds(20))
                .isLessThan(seconds(23));
    }

    @Test
    void aRetryAfterAPauseWaitsOnlyForWhatIsLeftOfTheQuota() {
        send("UpdateAccount");
        now.addAndGet(seconds(5));
        send("UpdateAccount");
        assertThat(sent.get(1)).isGreaterThanOrEqualTo(seconds(20)).isLessThan(seconds(23));
    }

    @Test
    void operationsWithoutAQuotaOfTheirOwnShareTheBurstOf40ThenTenPerSecond() {
        for (int i = 0; i < 40; i++) {
            send("PutMethod");
        }
        assertThat(now.get()).as("the burst leaves at once").isZero();
        for (int i = 0; i < 9; i++) {
            send("PutMethod");
        }
        // 9 more at 10 per second, less the margin: a little over 0.9 s.
        assertThat(now.get()).isBetween(seconds(0.9), seconds(1.1));
    }

    @Test
    void quotasAreKeptPerOperation() {
        send("CreateRestApi");
        send("CreateDeployment");
        send("UpdateAccount");
        assertThat(now.get()).as("three operations, each its first request").isZero();
        send("CreateRestApi");
        assertThat(now.get()).isBetween(seconds(3), seconds(3.5));
    }

    @Test
    void theDocumentedQuotasAreTheOnesPaced() {
        assertThat(ApiGatewayPacing.QUOTAS.get("UpdateAccount").every()).isEqualTo(Duration.ofSeconds(20));
        assertThat(ApiGatewayPacing.QUOTAS.get("UpdateUsagePlan").every()).isEqualTo(Duration.ofSeconds(20));
        assertThat(ApiGatewayPacing.QUOTAS.get("CreateDeployment").every()).isEqualTo(Duration.ofSeconds(5));
        assertThat(ApiGatewayPacing.QUOTAS.get("CreateRestApi").every()).isEqualTo(Duration.ofSeconds(3));
        assertThat(ApiGatewayPacing.QUOTAS.get("DeleteRestApi").every()).isEqualTo(Duration.ofSeconds(30));
        assertThat(ApiGatewayPacing.ALL_OPERATIONS.burst()).isEqualTo(40);
    }
}

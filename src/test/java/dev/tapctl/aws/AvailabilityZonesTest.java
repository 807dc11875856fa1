package dev.tapctl.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tapctl.testing.CallLog;
import dev.tapctl.testing.Emulator;
import dev.tapctl.testing.EmulatorExtension;
import dev.tapctl.testing.HandlerFixture;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.ec2.model.DescribeAvailabilityZonesRequest;
import software.amazon.awssdk.services.ec2.model.Filter;

/** The zone lookup against the emulator: what it asks EC2, and what it gets for regions without a, b, c. */
@ExtendWith(EmulatorExtension.class)
class AvailabilityZonesTest {

    @Test
    void asksOnceForAvailableAvailabilityZonesThatNeedNoOptInOrWereOptedInto(Emulator emulator) {
        CallLog log = new CallLog();
        List<DescribeAvailabilityZonesRequest> sent = new CopyOnWriteArrayList<>();
        ExecutionInterceptor capture = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                if (context.request() instanceof DescribeAvailabilityZonesRequest request) {
                    sent.add(request);
                }
            }
        };
        try (AwsClients clients = HandlerFixture.clients(emulator, log, capture)) {
            clients.availabilityZones();
        }

        assertThat(log.operations()).containsExactly("DescribeAvailabilityZones");
        assertThat(sent).singleElement().satisfies(request -> {
            assertThat(request.allAvailabilityZones())
                    .as("only zones this account may use")
                    .isNull();
            assertThat(request.filters())
                    .containsExactlyInAnyOrder(
                            Filter.builder()
                                    .name("zone-type")
                                    .values("availability-zone")
                                    .build(),
                            Filter.builder()
                                    .name("opt-in-status")
                                    .values("opt-in-not-required", "opted-in")
                                    .build());
        });
    }

    @Test
    void listsTheZonesTheRegionHasNotLettersMadeUp(Emulator emulator) {
        assertThat(zones(emulator, "ap-northeast-1"))
                .containsExactlyInAnyOrder("ap-northeast-1a", "ap-northeast-1c", "ap-northeast-1d");
        assertThat(zones(emulator, "ca-central-1"))
                .containsExactlyInAnyOrder("ca-central-1a", "ca-central-1b", "ca-central-1d");
        assertThat(zones(emulator, "us-west-1")).containsExactlyInAnyOrder("us-west-1a", "us-west-1b");
    }

    private static List<String> zones(Emulator emulator, String region) {
        try (AwsClients clients = HandlerFixture.clients(emulator, region)) {
            return clients.availabilityZones();
        }
    }
}

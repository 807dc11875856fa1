package dev.tapctl.resources.s3;

import static dev.tapctl.testing.CallLog.operations;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tapctl.aws.AwsClients;
import dev.tapctl.engine.spi.Holdings;
import dev.tapctl.testing.CallLog;
import dev.tapctl.testing.Emulator;
import dev.tapctl.testing.EmulatorExtension;
import dev.tapctl.testing.HandlerFixture;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;

/** A bucket's holdings from its CloudWatch storage metrics: every version counted, one call, no listing. */
@ExtendWith(EmulatorExtension.class)
class BucketHoldingsTest {
    private static final String NAME = "tap-test-holdings";
    private final CallLog calls = new CallLog();
    private AwsClients clients;
    private BucketHoldings holdings;

    @BeforeEach
    void setUp(Emulator emulator) {
        clients = HandlerFixture.clients(emulator, calls);
        holdings = new BucketHoldings(clients.cloudwatch(), Clock.systemUTC());
    }

    @AfterEach
    void tearDown() {
        clients.close();
    }

    @Test
    void countsEveryVersionAsS3sStorageMetricsDoWithOneCallAndNoListing() {
        clients.s3().createBucket(r -> r.bucket(NAME));
        clients.s3().putBucketVersioning(r -> r.bucket(NAME).versioningConfiguration(v -> v.status("Enabled")));
        clients.s3().putObject(r -> r.bucket(NAME).key("a"), RequestBody.fromString("12345"));
        clients.s3().putObject(r -> r.bucket(NAME).key("a"), RequestBody.fromString("1234567890"));
        clients.s3().putObject(r -> r.bucket(NAME).key("b"), RequestBody.fromString("123"));
        calls.clear();

        Holdings held = holdings.of(NAME);

        assertThat(held.facts()).containsEntry("objects", 3L).containsEntry("bytes", 18L);
        assertThat(held.facts().get("measuredAt").toString()).endsWith("T00:00:00Z");
        assertThat(held.summary()).startsWith("3 objects, 18 bytes in S3 Standard (CloudWatch storage metrics of ");
        assertThat(operations(calls.calls())).containsExactly("GetMetricData");
    }

    @Test
    void aBucketWithoutMetricsSaysSoAndWhy() {
        Holdings held = holdings.of("tap-test-never-made");

        assertThat(held.summary())
                .isEqualTo("no storage metrics in CloudWatch for the last three days"
                        + " (S3 publishes its storage metrics to CloudWatch once a day)");
        assertThat(held.facts()).doesNotContainKeys("objects", "bytes");
    }
}

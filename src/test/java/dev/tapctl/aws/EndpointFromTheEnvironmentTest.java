package dev.tapctl.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tapctl.testing.Emulator;
import dev.tapctl.testing.EmulatorExtension;
import java.net.URI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * DESIGN.md section 4: nothing to configure for a local emulator beyond --endpoint-url or
 * AWS_ENDPOINT_URL. The SDK reads the environment's endpoint itself; tapctl must then address
 * buckets by path and IAM in the stack's region, as it does for the flag. The system property
 * the SDK reads like the variable stands in for it here (a test cannot set its own environment).
 */
@ExtendWith(EmulatorExtension.class)
class EndpointFromTheEnvironmentTest {

    @AfterEach
    void tearDown() {
        System.clearProperty("aws.endpointUrl");
    }

    @Test
    void anEndpointNamedByHostWorksForBucketsAndRoles(Emulator emulator) {
        // "localhost", as LocalStack's default endpoint: <bucket>.localhost would not resolve.
        URI byName = URI.create("http://localhost:" + emulator.endpoint().getPort());
        System.setProperty("aws.endpointUrl", byName.toString());

        try (AwsClients clients = new AwsClients(AwsSettings.defaults(emulator.region(), null, null))) {
            clients.s3().createBucket(r -> r.bucket("tap-endpoint-check"));
            assertThat(clients.s3().listBuckets().buckets())
                    .extracting(b -> b.name())
                    .contains("tap-endpoint-check");
            assertThat(clients.iam().listRoles().roles()).isNotNull();
        }
    }
}

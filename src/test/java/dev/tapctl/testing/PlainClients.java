package dev.tapctl.testing;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * SDK clients for the emulator built the plain way, not through tapctl's AwsClients: the tests of
 * the emulator itself check what moto answers, whatever tapctl configures. Closes what it built
 * (and whatever else it is given) in one go.
 */
final class PlainClients implements AutoCloseable {
    private final List<AutoCloseable> built = new ArrayList<>();

    <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C extends AutoCloseable> C build(
            B builder, URI endpoint, String region) {
        return add(builder.endpointOverride(endpoint)
                .region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .httpClientBuilder(ApacheHttpClient.builder())
                .build());
    }

    /** A client of the emulator, in its region. */
    <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C extends AutoCloseable> C build(
            B builder, Emulator emulator) {
        return build(builder, emulator.endpoint(), emulator.region());
    }

    /** Closes {@code closeable} (a waiter, say) with the clients. */
    <T extends AutoCloseable> T add(T closeable) {
        built.add(closeable);
        return closeable;
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable closeable : built) {
            closeable.close();
        }
    }
}

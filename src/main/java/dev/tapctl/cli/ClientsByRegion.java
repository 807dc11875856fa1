package dev.tapctl.cli;

import dev.tapctl.aws.AwsClients;
import dev.tapctl.aws.AwsSettings;
import java.net.URI;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * One set of SDK clients per region, for a command that works on several environments in one
 * run ({@code drift}): sessions of one region share their clients, so the account is asked for
 * once (one GetCallerIdentity), the region's zones once, and each client is built once. The
 * clients are closed with this, not with the sessions that borrowed them.
 */
final class ClientsByRegion implements AutoCloseable {
    private final String profile;
    private final URI endpoint;
    private final UnaryOperator<AwsSettings> awsCustomizer;
    private final Map<String, AwsClients> byRegion = new TreeMap<>();

    ClientsByRegion(String profile, URI endpoint, UnaryOperator<AwsSettings> awsCustomizer) {
        this.profile = profile;
        this.endpoint = endpoint;
        this.awsCustomizer = awsCustomizer;
    }

    /** The clients of {@code region}, built on first use, as a session builds its own. */
    synchronized AwsClients of(String region) {
        return byRegion.computeIfAbsent(
                region, r -> new AwsClients(awsCustomizer.apply(AwsSettings.defaults(r, profile, endpoint))));
    }

    @Override
    public synchronized void close() {
        byRegion.values().forEach(AwsClients::close);
        byRegion.clear();
    }
}

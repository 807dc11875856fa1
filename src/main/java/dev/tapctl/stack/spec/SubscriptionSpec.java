package dev.tapctl.stack.spec;

import dev.tapctl.engine.spi.OutputKey;

/** A subscription of {@code endpoint} (an email address for protocol {@code email}) to a topic. */
public record SubscriptionSpec(String topicArn, String protocol, String endpoint) {
    // Outputs of this kind: the handler writes them, dependants read them.
    public static final OutputKey<SubscriptionSpec> ENDPOINT = OutputKey.of("endpoint");
    public static final OutputKey<SubscriptionSpec> ARN = OutputKey.of("arn");
}

package dev.tapctl.stack.spec;

/** A subscription of {@code endpoint} (an email address for protocol {@code email}) to a topic. */
public record SubscriptionSpec(String topicArn, String protocol, String endpoint) {
}

package dev.tapctl.stack.spec;

import dev.tapctl.engine.spi.OutputKey;
import java.util.Map;

/**
 * An SNS topic encrypted with the stack key. {@code arn} is where SNS puts a topic of that name
 * ({@code arn:aws:sns:<region>:<account>:<name>}), so a read is one GetTopicAttributes, never a
 * listing of every topic of the account.
 */
public record TopicSpec(String name, String arn, String kmsKeyArn, Map<String, String> tags) {
    // Outputs of this kind: the handler writes them, dependants read them.
    public static final OutputKey<TopicSpec> NAME = OutputKey.of("name");
    public static final OutputKey<TopicSpec> ARN = OutputKey.of("arn");

    public TopicSpec {
        tags = Map.copyOf(tags);
    }
}

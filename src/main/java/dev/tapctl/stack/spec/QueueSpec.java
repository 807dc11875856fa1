package dev.tapctl.stack.spec;

import dev.tapctl.engine.spi.OutputKey;
import java.util.Map;

/** An SQS queue encrypted with the stack key; used as a function's dead-letter queue. */
public record QueueSpec(String name, String kmsKeyArn, int messageRetentionSeconds, Map<String, String> tags) {
    // Outputs of this kind: the handler writes them, dependants read them.
    public static final OutputKey<QueueSpec> NAME = OutputKey.of("name");
    public static final OutputKey<QueueSpec> URL = OutputKey.of("url");
    public static final OutputKey<QueueSpec> ARN = OutputKey.of("arn");

    public QueueSpec {
        tags = Map.copyOf(tags);
    }
}

package dev.tapctl.stack.spec;

import java.util.Map;

/** An SQS queue encrypted with the stack key; used as a function's dead-letter queue. */
public record QueueSpec(String name, String kmsKeyArn, int messageRetentionSeconds, Map<String, String> tags) {
    public QueueSpec {
        tags = Map.copyOf(tags);
    }
}

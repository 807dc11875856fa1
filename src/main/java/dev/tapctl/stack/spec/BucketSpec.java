package dev.tapctl.stack.spec;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tapctl.engine.spi.OutputKey;
import io.soabase.recordbuilder.core.RecordBuilder;
import java.util.Map;

/** An S3 bucket: SSE-KMS with the stack key, versioned, all public access blocked, TLS-only policy. */
@RecordBuilder
public record BucketSpec(
        String name,
        String kmsKeyArn,
        boolean versioning,
        boolean blockPublicAccess,
        ObjectNode policy,
        Map<String, String> tags) {
    // Outputs of this kind: the handler writes them, dependants read them.
    public static final OutputKey<BucketSpec> NAME = OutputKey.of("name");
    public static final OutputKey<BucketSpec> ARN = OutputKey.of("arn");

    public BucketSpec {
        tags = Map.copyOf(tags);
    }

    public static BucketSpecBuilder builder() {
        return BucketSpecBuilder.builder();
    }
}

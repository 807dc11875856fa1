package dev.tapctl.stack.spec;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/** An S3 bucket: SSE-KMS with the stack key, versioned, all public access blocked, TLS-only policy. */
public record BucketSpec(String name, String kmsKeyArn, boolean versioning, boolean blockPublicAccess,
                         ObjectNode policy, Map<String, String> tags) {
    public BucketSpec {
        tags = Map.copyOf(tags);
    }
}

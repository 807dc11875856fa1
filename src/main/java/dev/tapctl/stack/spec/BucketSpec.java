package dev.tapctl.stack.spec;

import dev.tapctl.engine.spi.OutputKey;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/** An S3 bucket: SSE-KMS with the stack key, versioned, all public access blocked, TLS-only policy. */
public record BucketSpec(String name, String kmsKeyArn, boolean versioning, boolean blockPublicAccess,
                         ObjectNode policy, Map<String, String> tags) {
    // Outputs of this kind: the handler writes them, dependants read them.
    public static final OutputKey<BucketSpec> NAME = OutputKey.of("name");
    public static final OutputKey<BucketSpec> ARN = OutputKey.of("arn");

    public BucketSpec {
        tags = Map.copyOf(tags);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Named steps for every component: a declaration reads without positional literals. */
    public static final class Builder {
        private String name;
        private String kmsKeyArn;
        private boolean versioning;
        private boolean blockPublicAccess;
        private ObjectNode policy;
        private Map<String, String> tags;

        private Builder() {
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder kmsKeyArn(String kmsKeyArn) {
            this.kmsKeyArn = kmsKeyArn;
            return this;
        }

        public Builder versioning(boolean versioning) {
            this.versioning = versioning;
            return this;
        }

        public Builder blockPublicAccess(boolean blockPublicAccess) {
            this.blockPublicAccess = blockPublicAccess;
            return this;
        }

        public Builder policy(ObjectNode policy) {
            this.policy = policy;
            return this;
        }

        public Builder tags(Map<String, String> tags) {
            this.tags = tags;
            return this;
        }

        public BucketSpec build() {
            return new BucketSpec(name, kmsKeyArn, versioning, blockPublicAccess, policy, tags);
        }
    }
}

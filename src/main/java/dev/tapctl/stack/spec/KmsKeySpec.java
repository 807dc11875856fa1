package dev.tapctl.stack.spec;

import dev.tapctl.engine.spi.OutputKey;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/** Customer-managed symmetric key with its alias; {@code deletionWindowDays} is used by destroy. */
public record KmsKeySpec(String alias, String description, boolean rotationEnabled, ObjectNode policy,
                         int deletionWindowDays, Map<String, String> tags) {
    // Outputs of this kind: the handler writes them, dependants read them.
    public static final OutputKey<KmsKeySpec> KEY_ID = OutputKey.of("keyId");
    public static final OutputKey<KmsKeySpec> ARN = OutputKey.of("arn");
    public static final OutputKey<KmsKeySpec> ALIAS = OutputKey.of("alias");

    public KmsKeySpec {
        tags = Map.copyOf(tags);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Named steps for every component: a declaration reads without positional literals. */
    public static final class Builder {
        private String alias;
        private String description;
        private boolean rotationEnabled;
        private ObjectNode policy;
        private int deletionWindowDays;
        private Map<String, String> tags;

        private Builder() {
        }

        public Builder alias(String alias) {
            this.alias = alias;
            return this;
        }

        public Builder description(String description) {
            this.description = description;
            return this;
        }

        public Builder rotationEnabled(boolean rotationEnabled) {
            this.rotationEnabled = rotationEnabled;
            return this;
        }

        public Builder policy(ObjectNode policy) {
            this.policy = policy;
            return this;
        }

        public Builder deletionWindowDays(int deletionWindowDays) {
            this.deletionWindowDays = deletionWindowDays;
            return this;
        }

        public Builder tags(Map<String, String> tags) {
            this.tags = tags;
            return this;
        }

        public KmsKeySpec build() {
            return new KmsKeySpec(alias, description, rotationEnabled, policy, deletionWindowDays, tags);
        }
    }
}

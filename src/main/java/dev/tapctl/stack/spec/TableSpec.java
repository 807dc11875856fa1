package dev.tapctl.stack.spec;

import dev.tapctl.engine.spi.OutputKey;
import java.util.Map;

/** A DynamoDB table; {@code sortKey} is null for a table with a partition key only. */
public record TableSpec(String name, KeyAttribute partitionKey, KeyAttribute sortKey, String billingMode,
                        String kmsKeyArn, boolean pointInTimeRecovery, boolean deletionProtection,
                        Map<String, String> tags) {
    // Outputs of this kind: the handler writes them, dependants read them.
    public static final OutputKey<TableSpec> NAME = OutputKey.of("name");
    public static final OutputKey<TableSpec> ARN = OutputKey.of("arn");

    public TableSpec {
        tags = Map.copyOf(tags);
    }

    /** A key attribute: its name and scalar type (S, N or B). */
    public record KeyAttribute(String name, String type) {
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Named steps for every component: a declaration reads without positional literals. */
    public static final class Builder {
        private String name;
        private KeyAttribute partitionKey;
        private KeyAttribute sortKey;
        private String billingMode;
        private String kmsKeyArn;
        private boolean pointInTimeRecovery;
        private boolean deletionProtection;
        private Map<String, String> tags;

        private Builder() {
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder partitionKey(KeyAttribute partitionKey) {
            this.partitionKey = partitionKey;
            return this;
        }

        public Builder sortKey(KeyAttribute sortKey) {
            this.sortKey = sortKey;
            return this;
        }

        public Builder billingMode(String billingMode) {
            this.billingMode = billingMode;
            return this;
        }

        public Builder kmsKeyArn(String kmsKeyArn) {
            this.kmsKeyArn = kmsKeyArn;
            return this;
        }

        public Builder pointInTimeRecovery(boolean pointInTimeRecovery) {
            this.pointInTimeRecovery = pointInTimeRecovery;
            return this;
        }

        public Builder deletionProtection(boolean deletionProtection) {
            this.deletionProtection = deletionProtection;
            return this;
        }

        public Builder tags(Map<String, String> tags) {
            this.tags = tags;
            return this;
        }

        public TableSpec build() {
            return new TableSpec(name, partitionKey, sortKey, billingMode, kmsKeyArn, pointInTimeRecovery,
                    deletionProtection, tags);
        }
    }
}

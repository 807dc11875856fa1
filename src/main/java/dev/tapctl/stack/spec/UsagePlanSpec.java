package dev.tapctl.stack.spec;

import dev.tapctl.engine.spi.OutputKey;
import java.util.Map;

public record UsagePlanSpec(String name, String restApiId, String stageName, double rateLimit, int burstLimit,
                            int quotaLimit, String quotaPeriod, Map<String, String> tags) {
    // Outputs of this kind: the handler writes them, dependants read them.
    public static final OutputKey<UsagePlanSpec> USAGE_PLAN_ID = OutputKey.of("usagePlanId");

    public UsagePlanSpec {
        tags = Map.copyOf(tags);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Named steps for every component: a declaration reads without positional literals. */
    public static final class Builder {
        private String name;
        private String restApiId;
        private String stageName;
        private double rateLimit;
        private int burstLimit;
        private int quotaLimit;
        private String quotaPeriod;
        private Map<String, String> tags;

        private Builder() {
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder restApiId(String restApiId) {
            this.restApiId = restApiId;
            return this;
        }

        public Builder stageName(String stageName) {
            this.stageName = stageName;
            return this;
        }

        public Builder rateLimit(double rateLimit) {
            this.rateLimit = rateLimit;
            return this;
        }

        public Builder burstLimit(int burstLimit) {
            this.burstLimit = burstLimit;
            return this;
        }

        public Builder quotaLimit(int quotaLimit) {
            this.quotaLimit = quotaLimit;
            return this;
        }

        public Builder quotaPeriod(String quotaPeriod) {
            this.quotaPeriod = quotaPeriod;
            return this;
        }

        public Builder tags(Map<String, String> tags) {
            this.tags = tags;
            return this;
        }

        public UsagePlanSpec build() {
            return new UsagePlanSpec(name, restApiId, stageName, rateLimit, burstLimit, quotaLimit, quotaPeriod, tags);
        }
    }
}

package dev.tapctl.stack.spec;

import dev.tapctl.engine.spi.OutputKey;
import java.util.Map;

/** A VPC flow log delivered to a CloudWatch Logs group through {@code deliverLogsPermissionArn}. */
public record FlowLogSpec(String name, String vpcId, String trafficType, String logGroupName,
                          String deliverLogsPermissionArn, int maxAggregationInterval, Map<String, String> tags) {
    // Outputs of this kind: the handler writes them, dependants read them.
    public static final OutputKey<FlowLogSpec> FLOW_LOG_ID = OutputKey.of("flowLogId");

    public FlowLogSpec {
        tags = Map.copyOf(tags);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Named steps for every component: a declaration reads without positional literals. */
    public static final class Builder {
        private String name;
        private String vpcId;
        private String trafficType;
        private String logGroupName;
        private String deliverLogsPermissionArn;
        private int maxAggregationInterval;
        private Map<String, String> tags;

        private Builder() {
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder vpcId(String vpcId) {
            this.vpcId = vpcId;
            return this;
        }

        public Builder trafficType(String trafficType) {
            this.trafficType = trafficType;
            return this;
        }

        public Builder logGroupName(String logGroupName) {
            this.logGroupName = logGroupName;
            return this;
        }

        public Builder deliverLogsPermissionArn(String deliverLogsPermissionArn) {
            this.deliverLogsPermissionArn = deliverLogsPermissionArn;
            return this;
        }

        public Builder maxAggregationInterval(int maxAggregationInterval) {
            this.maxAggregationInterval = maxAggregationInterval;
            return this;
        }

        public Builder tags(Map<String, String> tags) {
            this.tags = tags;
            return this;
        }

        public FlowLogSpec build() {
            return new FlowLogSpec(name, vpcId, trafficType, logGroupName, deliverLogsPermissionArn,
                    maxAggregationInterval, tags);
        }
    }
}

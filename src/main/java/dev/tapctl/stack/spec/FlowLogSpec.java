package dev.tapctl.stack.spec;

import dev.tapctl.engine.spi.OutputKey;
import io.soabase.recordbuilder.core.RecordBuilder;
import java.util.Map;

/** A VPC flow log delivered to a CloudWatch Logs group through {@code deliverLogsPermissionArn}. */
@RecordBuilder
public record FlowLogSpec(
        String name,
        String vpcId,
        String trafficType,
        String logGroupName,
        String deliverLogsPermissionArn,
        int maxAggregationInterval,
        Map<String, String> tags) {
    // Outputs of this kind: the handler writes them, dependants read them.
    public static final OutputKey<FlowLogSpec> FLOW_LOG_ID = OutputKey.of("flowLogId");

    public FlowLogSpec {
        tags = Map.copyOf(tags);
    }

    public static FlowLogSpecBuilder builder() {
        return FlowLogSpecBuilder.builder();
    }
}

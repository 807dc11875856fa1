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
}

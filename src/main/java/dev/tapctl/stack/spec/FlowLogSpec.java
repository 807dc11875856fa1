package dev.tapctl.stack.spec;

import java.util.Map;

/** A VPC flow log delivered to a CloudWatch Logs group through {@code deliverLogsPermissionArn}. */
public record FlowLogSpec(String name, String vpcId, String trafficType, String logGroupName,
                          String deliverLogsPermissionArn, int maxAggregationInterval, Map<String, String> tags) {
    public FlowLogSpec {
        tags = Map.copyOf(tags);
    }
}

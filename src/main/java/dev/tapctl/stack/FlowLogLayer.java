package dev.tapctl.stack;

import static dev.tapctl.stack.Policies.allow;
import static dev.tapctl.stack.Policies.allowPrincipal;
import static dev.tapctl.stack.Policies.document;
import static dev.tapctl.stack.Policies.withCondition;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tapctl.engine.spi.Ref;
import dev.tapctl.stack.spec.FlowLogSpec;
import dev.tapctl.stack.spec.IamRoleSpec;
import dev.tapctl.stack.spec.KmsKeySpec;
import dev.tapctl.stack.spec.LogGroupSpec;
import dev.tapctl.stack.spec.VpcSpec;
import java.util.List;
import java.util.Map;

/** The VPC's flow log, into an encrypted log group of its own, written through a role of its own. */
final class FlowLogLayer {
    /** Seconds; the longer of the two intervals flow logs allow, fewer and larger records. */
    private static final int MAX_AGGREGATION_INTERVAL = 600;

    private FlowLogLayer() {}

    static void declare(LayerContext context, Ref<KmsKeySpec> key, Ref<VpcSpec> vpc) {
        Names names = context.names();
        ResourceTags tags = context.tags();
        StackBuilder stack = context.stack();
        String groupName = names.flowLogGroup();
        Ref<LogGroupSpec> group = context.logGroup("network.flowlogs.group", groupName, key);

        String roleName = names.flowLogRole();
        Ref<IamRoleSpec> role = stack.add("network.flowlogs.role", Kinds.IAM_ROLE, roleName, in -> {
            Arns arns = Arns.of(in);
            ObjectNode trust = document(withCondition(
                    withCondition(
                            allowPrincipal(
                                    "VpcFlowLogsAssumesRole",
                                    "Service",
                                    "vpc-flow-logs.amazonaws.com",
                                    List.of("sts:AssumeRole"),
                                    List.of()),
                            "StringEquals",
                            Map.of("aws:SourceAccount", List.of(in.accountId()))),
                    "ArnLike",
                    Map.of("aws:SourceArn", List.of(arns.flowLog("*")))));
            String groupArn = arns.logGroup(groupName);
            // DescribeLogGroups authorizes against log-group:* only; the rest is this group alone.
            ObjectNode policy = document(
                    allow(
                            "WriteFlowLogsToTheGroup",
                            List.of("logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"),
                            List.of(groupArn, groupArn + ":log-stream:*")),
                    allow("FindTheGroup", List.of("logs:DescribeLogGroups"), List.of(arns.logGroup("*"))));
            return new IamRoleSpec(
                    roleName,
                    "Lets VPC flow logs of " + context.config().prefix() + " write to " + groupName,
                    trust,
                    Map.of(roleName, policy),
                    List.of(),
                    tags.of("network.flowlogs.role", roleName));
        });

        String flowLogName = names.flowLog();
        stack.add("network.flowlogs", Kinds.FLOW_LOG, flowLogName, in -> FlowLogSpec.builder()
                .name(flowLogName)
                .vpcId(in.get(vpc, VpcSpec.VPC_ID))
                .trafficType("ALL")
                .logGroupName(in.get(group, LogGroupSpec.NAME))
                .deliverLogsPermissionArn(in.get(role, IamRoleSpec.ARN))
                .maxAggregationInterval(MAX_AGGREGATION_INTERVAL)
                .tags(tags.of("network.flowlogs", flowLogName))
                .build());
    }
}

package dev.tapctl.resources.ec2;

import dev.tapctl.engine.spi.AttributeChange;
import dev.tapctl.engine.spi.DeleteResult;
import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.HandlerContext;
import dev.tapctl.engine.spi.Tagged;
import dev.tapctl.engine.spi.Unknown;
import dev.tapctl.resources.support.AwsResourceHandler;
import dev.tapctl.resources.support.Diff;
import dev.tapctl.stack.Kinds;
import dev.tapctl.stack.spec.FlowLogSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.CreateFlowLogsResponse;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.FlowLog;
import software.amazon.awssdk.services.ec2.model.FlowLogsResourceType;
import software.amazon.awssdk.services.ec2.model.LogDestinationType;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.UnsuccessfulItem;

/**
 * A VPC flow log delivered to a CloudWatch Logs group. AWS cannot modify a flow log, so every
 * owned field but the tags is changed by replacement. Found by its ownership tags.
 */
public final class FlowLogHandler extends AwsResourceHandler<FlowLogSpec, FlowLogHandler.Live> {

    public record Live(
            String flowLogId,
            String resourceId,
            String trafficType,
            String logGroupName,
            String deliverLogsPermissionArn,
            Integer maxAggregationInterval,
            Map<String, String> tags)
            implements Tagged {
        public Live {
            tags = Map.copyOf(tags);
        }
    }

    private final Ec2Client ec2;

    public FlowLogHandler(Ec2Client ec2) {
        super(Kinds.FLOW_LOG);
        this.ec2 = ec2;
    }

    /** The describe a plan shares (the environment's flow logs, or every environment's of a drift run). */
    private final Ec2Finder<FlowLog> flowLogs =
            new Ec2Finder<>("DescribeFlowLogs", "flow log", this::describeFlowLogs, FlowLog::tags, FlowLog::flowLogId);

    private List<FlowLog> describeFlowLogs(List<Filter> filters) {
        return ec2.describeFlowLogsPaginator(r -> r.filter(filters)).flowLogs().stream()
                .toList();
    }

    @Override
    public Optional<Live> read(FlowLogSpec desired, HandlerContext ctx) {
        // All the ownership tags, Project included: a plan reads the flow log before its VPC's id is
        // known, and two projects may both have an environment called dev.
        boolean vpcKnown = !Unknown.isUnknown(desired.vpcId());
        List<FlowLog> found;
        if (ctx.reads().shared()) {
            // The plan's describe of the environment's flow logs, narrowed to the VPC here.
            found = flowLogs.owned(ctx, desired.tags()).stream()
                    .filter(log -> !vpcKnown || desired.vpcId().equals(log.resourceId()))
                    .toList();
        } else {
            List<Filter> filters = new ArrayList<>(Ec2Tags.ownedBy(desired.tags()));
            if (vpcKnown) {
                filters.add(Ec2Tags.filter("resource-id", desired.vpcId()));
            }
            found = describeFlowLogs(filters);
        }
        return flowLogs.single(found, desired.tags())
                .map(log -> new Live(
                        log.flowLogId(),
                        log.resourceId(),
                        log.trafficTypeAsString(),
                        log.logGroupName(),
                        log.deliverLogsPermissionArn(),
                        log.maxAggregationInterval(),
                        Ec2Tags.toMap(log.tags())));
    }

    @Override
    public List<AttributeChange> diff(FlowLogSpec desired, Live live) {
        return Diff.of(desired, live)
                .replacing("vpcId", FlowLogSpec::vpcId, Live::resourceId)
                .replacingFields("trafficType", "logGroupName", "deliverLogsPermissionArn", "maxAggregationInterval")
                .tags()
                .changes();
    }

    @Override
    protected Live createKnown(FlowLogSpec desired, HandlerContext ctx) {
        Map<String, String> tags = ctx.tagsToWrite(desired.tags());
        CreateFlowLogsResponse response = ec2.createFlowLogs(r -> r.resourceType(FlowLogsResourceType.VPC)
                .resourceIds(desired.vpcId())
                .trafficType(desired.trafficType())
                .logDestinationType(LogDestinationType.CLOUD_WATCH_LOGS)
                .logGroupName(desired.logGroupName())
                .deliverLogsPermissionArn(desired.deliverLogsPermissionArn())
                .maxAggregationInterval(desired.maxAggregationInterval())
                .tagSpecifications(Ec2Tags.specification(ResourceType.VPC_FLOW_LOG, tags))
                .clientToken(Ec2Calls.clientToken()));
        // CreateFlowLogs answers 200 with per-resource failures instead of an error.
        if (!response.unsuccessful().isEmpty() || response.flowLogIds().isEmpty()) {
            throw new IllegalStateException(
                    "CreateFlowLogs for " + desired.vpcId() + " failed: " + describe(response.unsuccessful()));
        }
        return new Live(
                response.flowLogIds().get(0),
                desired.vpcId(),
                desired.trafficType(),
                desired.logGroupName(),
                desired.deliverLogsPermissionArn(),
                desired.maxAggregationInterval(),
                tags);
    }

    @Override
    protected Live updateKnown(FlowLogSpec desired, Live live, List<AttributeChange> changes, HandlerContext ctx) {
        return new Live(
                live.flowLogId(),
                live.resourceId(),
                live.trafficType(),
                live.logGroupName(),
                live.deliverLogsPermissionArn(),
                live.maxAggregationInterval(),
                Ec2Tags.retag(ec2, ctx, desired.tags(), live, live.flowLogId()));
    }

    @Override
    public DeleteResult delete(Live live, DeletionPolicy policy, HandlerContext ctx) {
        Ec2Calls.ignoringNotFound(() -> {
            // Like CreateFlowLogs, DeleteFlowLogs reports failures per id in a successful answer.
            List<UnsuccessfulItem> failed =
                    ec2.deleteFlowLogs(r -> r.flowLogIds(live.flowLogId())).unsuccessful().stream()
                            .filter(item -> !isNotFound(item))
                            .toList();
            if (!failed.isEmpty()) {
                throw new IllegalStateException("DeleteFlowLogs " + live.flowLogId() + " failed: " + describe(failed));
            }
        });
        return DeleteResult.deleted();
    }

    private static boolean isNotFound(UnsuccessfulItem item) {
        return item.error() != null
                && item.error().code() != null
                && item.error().code().endsWith(".NotFound");
    }

    private static String describe(List<UnsuccessfulItem> items) {
        if (items.isEmpty()) {
            return "no flow log id returned";
        }
        return items.stream()
                .map(item -> item.resourceId() + ": "
                        + (item.error() == null
                                ? "unknown error"
                                : item.error().code() + " " + item.error().message()))
                .collect(Collectors.joining("; "));
    }
}

package dev.tapctl.resources.ec2;

import dev.tapctl.aws.Eventually;
import dev.tapctl.engine.spi.AttributeChange;
import dev.tapctl.engine.spi.DeleteResult;
import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.HandlerContext;
import dev.tapctl.engine.spi.Imports;
import dev.tapctl.engine.spi.ListsOrphans;
import dev.tapctl.engine.spi.Outputs;
import dev.tapctl.engine.spi.Ownership;
import dev.tapctl.engine.spi.SharedReads;
import dev.tapctl.engine.spi.Tagged;
import dev.tapctl.resources.support.AwsResourceHandler;
import dev.tapctl.resources.support.Diff;
import dev.tapctl.stack.Kinds;
import dev.tapctl.stack.spec.RouteTableSpec;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Route;
import software.amazon.awssdk.services.ec2.model.RouteOrigin;
import software.amazon.awssdk.services.ec2.model.RouteTable;
import software.amazon.awssdk.services.ec2.model.RouteTableAssociation;
import software.amazon.awssdk.services.ec2.model.RouteTableAssociationStateCode;

/**
 * A custom route table (never the VPC's main one): exactly the spec's routes besides the local
 * one, and exactly the spec's subnets associated. Found by its ownership tags.
 */
public final class RouteTableHandler extends AwsResourceHandler<RouteTableSpec, RouteTableHandler.Live>
        implements ListsOrphans<RouteTableHandler.Live>, Imports<RouteTableSpec, RouteTableHandler.Live> {

    private static final String LOCAL = "local";
    private static final String VPC_ENDPOINT_PREFIX = "vpce-";

    /**
     * @param routes       destination -> target of every route but the VPC's local one
     * @param associations subnet id -> association id
     */
    public record Live(
            String routeTableId,
            String vpcId,
            Map<String, String> routes,
            Map<String, String> associations,
            Map<String, String> tags)
            implements Tagged {
        public Live {
            routes = Map.copyOf(routes);
            associations = Map.copyOf(associations);
            tags = Map.copyOf(tags);
        }
    }

    private final Ec2Client ec2;
    private final Eventually eventually;

    public RouteTableHandler(Ec2Client ec2, Eventually eventually) {
        super(Kinds.ROUTE_TABLE);
        this.ec2 = ec2;
        this.eventually = eventually;
    }

    @Override
    public Optional<Live> read(RouteTableSpec desired, HandlerContext ctx) {
        return tables.find(ctx, desired.tags(), RouteTableHandler::notMain).map(RouteTableHandler::live);
    }

    /** The VPC's main table is refused, as its read never finds one. */
    @Override
    public Imports.ById<RouteTableSpec, Live> byId() {
        return new Ec2Import<>(
                        ec2,
                        "rtb-",
                        RouteTableSpec::tags,
                        Live::routeTableId,
                        this::describeId,
                        RouteTable::ownerId,
                        RouteTableHandler::live)
                .refusing(table -> notMain(table)
                        ? ""
                        : "it is the main route table of " + table.vpcId()
                                + ", which tapctl never owns, changes or deletes");
    }

    /**
     * Tables of the environment whose name the configuration no longer has: the single private
     * table after network.natGateways went to one per zone (its subnets have moved to their
     * zones' tables by then), or the per-zone ones after it went back. The plan's listing serves.
     */
    @Override
    public List<Live> listOrphans(Ownership owner, SharedReads reads) {
        return tables.orphans(reads, owner, RouteTableHandler::notMain, RouteTableHandler::live);
    }

    /** DescribeRouteTables (paginated) with the given filters; shared within a plan. */
    private List<RouteTable> describe(List<Filter> filters) {
        return ec2.describeRouteTablesPaginator(r -> r.filters(filters)).routeTables().stream()
                .toList();
    }

    /** DescribeRouteTables of one id: the import's, and the create's confirmation. */
    private List<RouteTable> describeId(String id) {
        return ec2.describeRouteTables(r -> r.routeTableIds(id)).routeTables();
    }

    /** Someone may have tagged (or promoted) the main table; tapctl never owns, changes or deletes it. */
    private static boolean notMain(RouteTable table) {
        return table.associations().stream().noneMatch(a -> Boolean.TRUE.equals(a.main()));
    }

    private final Ec2Finder<RouteTable> tables = new Ec2Finder<>(
            "DescribeRouteTables", "route table", this::describe, RouteTable::tags, RouteTable::routeTableId);

    @Override
    public List<AttributeChange> diff(RouteTableSpec desired, Live live) {
        Map<String, String> wanted = wantedRoutes(desired);
        var destinations = new TreeSet<>(wanted.keySet());
        destinations.addAll(live.routes().keySet());
        List<AttributeChange> routes = destinations.stream()
                .filter(destination -> !Objects.equals(live.routes().get(destination), wanted.get(destination)))
                .map(destination -> AttributeChange.of(
                        "routes[" + destination + "]", live.routes().get(destination), wanted.get(destination)))
                .toList();
        var liveSubnets = new TreeSet<>(live.associations().keySet());
        var wantedSubnets = new TreeSet<>(desired.subnetIds());
        return Diff.of(desired, live)
                .replacingFields("vpcId")
                .with(routes)
                .when(
                        !liveSubnets.equals(wantedSubnets),
                        "subnetIds",
                        List.copyOf(liveSubnets),
                        List.copyOf(wantedSubnets))
                .tags()
                .changes();
    }

    @Override
    protected Live createKnown(RouteTableSpec desired, HandlerContext ctx) {
        Map<String, String> tags = ctx.tagsToWrite(desired.tags());
        RouteTable table = ec2.createRouteTable(r -> r.vpcId(desired.vpcId())
                        .clientToken(Ec2Calls.clientToken())
                        .tagSpecifications(Ec2Tags.specification(ResourceType.ROUTE_TABLE, tags)))
                .routeTable();
        Ec2Calls.awaitVisible(eventually, table.routeTableId(), ctx, () -> describeId(table.routeTableId()));
        // Reconciled from what AWS answered rather than assumed empty: a replayed client token
        // answers with the table an earlier attempt made. A crash before the routes and
        // associations are in leaves a tagged table that the next run finds and completes.
        return reconcile(desired, live(table), tags);
    }

    @Override
    protected Live updateKnown(RouteTableSpec desired, Live live, List<AttributeChange> changes, HandlerContext ctx) {
        return reconcile(desired, live, Ec2Tags.retag(ec2, ctx, desired.tags(), live, live.routeTableId()));
    }

    @Override
    public DeleteResult delete(Live live, DeletionPolicy policy, HandlerContext ctx) {
        live.associations().values().forEach(this::disassociate);
        Ec2Calls.ignoringNotFound(() -> ec2.deleteRouteTable(r -> r.routeTableId(live.routeTableId())));
        return DeleteResult.deleted();
    }

    @Override
    public Outputs outputs(Live live) {
        return Outputs.of(RouteTableSpec.ROUTE_TABLE_ID, live.routeTableId());
    }

    /**
     * Makes the routes, then the associations, what the spec says. Routes come first so that a
     * subnet that moves to this table finds its way out already there.
     */
    private Live reconcile(RouteTableSpec desired, Live live, Map<String, String> tags) {
        String tableId = live.routeTableId();
        Map<String, String> wanted = wantedRoutes(desired);
        for (RouteTableSpec.Route route : desired.routes()) {
            String destination = route.destinationCidr();
            String current = live.routes().get(destination);
            if (current == null) {
                ec2.createRoute(r -> r.routeTableId(tableId)
                        .destinationCidrBlock(destination)
                        .gatewayId(route.gatewayId())
                        .natGatewayId(route.natGatewayId()));
            } else if (!current.equals(route.target())) {
                ec2.replaceRoute(r -> r.routeTableId(tableId)
                        .destinationCidrBlock(destination)
                        .gatewayId(route.gatewayId())
                        .natGatewayId(route.natGatewayId()));
            }
        }
        live.routes().keySet().stream().filter(d -> !wanted.containsKey(d)).forEach(d -> deleteRoute(tableId, d));

        Map<String, String> associations = new TreeMap<>(live.associations());
        for (String subnetId : desired.subnetIds()) {
            if (!associations.containsKey(subnetId)) {
                associations.put(subnetId, associate(tableId, subnetId));
            }
        }
        for (var extra : live.associations().entrySet()) {
            if (!desired.subnetIds().contains(extra.getKey())) {
                disassociate(extra.getValue());
                associations.remove(extra.getKey());
            }
        }
        return new Live(tableId, live.vpcId(), wanted, associations, tags);
    }

    /**
     * A subnet belongs to exactly one route table; if another (non-main) one holds it, move the
     * association instead of failing on it.
     */
    private String associate(String tableId, String subnetId) {
        Optional<String> elsewhere = ec2
                .describeRouteTablesPaginator(r -> r.filters(Ec2Tags.filter("association.subnet-id", subnetId)))
                .routeTables()
                .stream()
                .flatMap(t -> t.associations().stream())
                .filter(a -> subnetId.equals(a.subnetId()) && isCurrent(a))
                .map(RouteTableAssociation::routeTableAssociationId)
                .findFirst();
        if (elsewhere.isPresent()) {
            return ec2.replaceRouteTableAssociation(
                            r -> r.associationId(elsewhere.get()).routeTableId(tableId))
                    .newAssociationId();
        }
        return ec2.associateRouteTable(r -> r.routeTableId(tableId).subnetId(subnetId))
                .associationId();
    }

    private void disassociate(String associationId) {
        Ec2Calls.ignoringNotFound(() -> ec2.disassociateRouteTable(r -> r.associationId(associationId)));
    }

    private void deleteRoute(String tableId, String destination) {
        Ec2Calls.ignoringNotFound(() -> ec2.deleteRoute(r -> {
            r.routeTableId(tableId);
            if (destination.startsWith("pl-")) {
                r.destinationPrefixListId(destination);
            } else if (destination.contains(":")) {
                r.destinationIpv6CidrBlock(destination);
            } else {
                r.destinationCidrBlock(destination);
            }
        }));
    }

    private static Map<String, String> wantedRoutes(RouteTableSpec desired) {
        Map<String, String> wanted = new TreeMap<>();
        desired.routes().forEach(route -> wanted.put(route.destinationCidr(), route.target()));
        return wanted;
    }

    private static Live live(RouteTable table) {
        Map<String, String> routes = new TreeMap<>();
        table.routes().stream()
                // The local route is AWS's; propagated ones belong to a gateway's propagation, which
                // DeleteRoute cannot remove.
                .filter(route -> !LOCAL.equals(route.gatewayId())
                        && route.origin() != RouteOrigin.ENABLE_VGW_ROUTE_PROPAGATION
                        && !isGatewayEndpointRoute(route))
                .forEach(route -> routes.put(destination(route), target(route)));
        Map<String, String> associations = new TreeMap<>();
        table.associations().stream()
                .filter(a -> a.subnetId() != null && isCurrent(a))
                .forEach(a -> associations.put(a.subnetId(), a.routeTableAssociationId()));
        return new Live(table.routeTableId(), table.vpcId(), routes, associations, Ec2Tags.toMap(table.tags()));
    }

    /**
     * A route a gateway endpoint put in: to the service's prefix list, through the endpoint
     * ({@code vpce-...}). AWS PrivateLink Guide, "Gateway endpoints" (Routing): the endpoint adds
     * it to each route table it is associated with, and it changes only with the endpoint's route
     * tables. It belongs to the endpoint, so the table neither reports nor removes it.
     */
    private static boolean isGatewayEndpointRoute(Route route) {
        return route.destinationPrefixListId() != null
                && route.gatewayId() != null
                && route.gatewayId().startsWith(VPC_ENDPOINT_PREFIX);
    }

    private static boolean isCurrent(RouteTableAssociation association) {
        return association.associationState() == null
                || association.associationState().state() == RouteTableAssociationStateCode.ASSOCIATED
                || association.associationState().state() == RouteTableAssociationStateCode.ASSOCIATING;
    }

    private static String destination(Route route) {
        return Stream.of(
                        route.destinationCidrBlock(), route.destinationIpv6CidrBlock(), route.destinationPrefixListId())
                .filter(Objects::nonNull)
                .findFirst()
                .orElse("?");
    }

    /** Whatever the route points at: a route to anything but the spec's gateway is drift all the same. */
    private static String target(Route route) {
        return Stream.of(
                        route.gatewayId(),
                        route.natGatewayId(),
                        route.transitGatewayId(),
                        route.vpcPeeringConnectionId(),
                        route.egressOnlyInternetGatewayId(),
                        route.instanceId(),
                        route.networkInterfaceId(),
                        route.localGatewayId(),
                        route.carrierGatewayId(),
                        route.coreNetworkArn())
                .filter(Objects::nonNull)
                .findFirst()
                .orElse("?");
    }
}

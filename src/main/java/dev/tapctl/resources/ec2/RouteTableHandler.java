package dev.tapctl.resources.ec2;

import dev.tapctl.aws.Eventually;
import dev.tapctl.engine.spi.AttributeChange;
import dev.tapctl.engine.spi.DeleteResult;
import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.HandlerContext;
import dev.tapctl.engine.spi.Imports;
import dev.tapctl.engine.spi.ListsOrphans;
import dev.tapctl.engine.spi.Tagged;
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
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Route;
import software.amazon.awssdk.services.ec2.model.RouteOrigin;
import software.amazon.awssdk.services.ec2.model.RouteTable;
import software.amazon.awssdk.services.ec2.model.RouteTableAssociation;
import software.amazon.awssdk.services.ec2.model.RouteTableAssociationStateCode;

/**
 * A custom route table (never the VPC's main one): exactly the spec's routes besides the local
 * one, and exactly the spec's subnets associated. Found by its ownership tags. Its orphans are
 * the single private table after network.natGateways went to one per zone (its subnets have moved
 * to their zones' tables by then), or the per-zone ones after it went back.
 */
public final class RouteTableHandler extends Ec2Handler<RouteTableSpec, RouteTableHandler.Live, RouteTable>
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

    public RouteTableHandler(Ec2Client ec2, Eventually eventually) {
        super(Kinds.ROUTE_TABLE, ec2, eventually, Ec2Objects.routeTables(ec2), Live::routeTableId);
    }

    /** Someone may have tagged (or promoted) the main table; tapctl never owns, changes or deletes it. */
    @Override
    boolean counts(RouteTable table) {
        return table.associations().stream().noneMatch(a -> Boolean.TRUE.equals(a.main()));
    }

    @Override
    String refusal(RouteTable table) {
        return counts(table)
                ? ""
                : "it is the main route table of " + table.vpcId() + ", which tapctl never owns, changes or deletes";
    }

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
        awaitVisible(table.routeTableId(), ctx);
        // Reconciled from what AWS answered rather than assumed empty: a replayed client token
        // answers with the table an earlier attempt made. A crash before the routes and
        // associations are in leaves a tagged table that the next run finds and completes.
        return reconcile(desired, live(table), tags);
    }

    @Override
    protected Live updateKnown(RouteTableSpec desired, Live live, List<AttributeChange> changes, HandlerContext ctx) {
        return reconcile(desired, live, retag(desired, live, ctx));
    }

    @Override
    public DeleteResult delete(Live live, DeletionPolicy policy, HandlerContext ctx) {
        live.associations().values().forEach(this::disassociate);
        Ec2Calls.ignoringNotFound(() -> ec2.deleteRouteTable(r -> r.routeTableId(live.routeTableId())));
        return DeleteResult.deleted();
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

    @Override
    Live live(RouteTable table) {
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

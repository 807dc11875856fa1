package dev.tapctl.stack.spec;

import dev.tapctl.engine.spi.OutputKey;
import dev.tapctl.engine.spi.Tagged;
import java.util.List;
import java.util.Map;

/**
 * A route table with the routes tapctl owns (the VPC's local route is AWS's, and so are the
 * prefix-list routes a gateway endpoint puts in: they belong to the endpoint) and the subnets it
 * is associated with.
 */
public record RouteTableSpec(
        String name, String vpcId, List<Route> routes, List<String> subnetIds, Map<String, String> tags)
        implements Tagged {
    // Outputs of this kind: the handler writes them, dependants read them.
    public static final OutputKey<RouteTableSpec> ROUTE_TABLE_ID = OutputKey.of("routeTableId");

    public RouteTableSpec {
        routes = List.copyOf(routes);
        subnetIds = List.copyOf(subnetIds);
        tags = Map.copyOf(tags);
    }

    /**
     * A route to an internet gateway ({@code gatewayId}) or to a NAT gateway ({@code natGatewayId}):
     * exactly one of the two is set.
     */
    public record Route(String destinationCidr, String gatewayId, String natGatewayId) {
        public Route {
            if ((gatewayId == null) == (natGatewayId == null)) {
                throw new IllegalArgumentException(
                        "route to " + destinationCidr + ": exactly one of gatewayId and natGatewayId must be set");
            }
        }

        /** A route to an internet gateway. */
        public Route(String destinationCidr, String gatewayId) {
            this(destinationCidr, gatewayId, null);
        }

        public static Route toNatGateway(String destinationCidr, String natGatewayId) {
            return new Route(destinationCidr, null, natGatewayId);
        }

        /** The id the route points at, whichever kind it is. */
        public String target() {
            return gatewayId != null ? gatewayId : natGatewayId;
        }
    }
}

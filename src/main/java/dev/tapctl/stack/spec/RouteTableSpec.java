package dev.tapctl.stack.spec;

import java.util.List;
import java.util.Map;

/**
 * A route table with the routes tapctl owns (the VPC's local route is AWS's) and the subnets it
 * is associated with.
 */
public record RouteTableSpec(String name, String vpcId, List<Route> routes, List<String> subnetIds,
                             Map<String, String> tags) {
    public RouteTableSpec {
        routes = List.copyOf(routes);
        subnetIds = List.copyOf(subnetIds);
        tags = Map.copyOf(tags);
    }

    /** A route to an internet gateway. */
    public record Route(String destinationCidr, String gatewayId) {
    }
}

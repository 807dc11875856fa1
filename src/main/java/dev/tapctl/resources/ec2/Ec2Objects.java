package dev.tapctl.resources.ec2;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Address;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.InternetGateway;
import software.amazon.awssdk.services.ec2.model.NatGateway;
import software.amazon.awssdk.services.ec2.model.RouteTable;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.Vpc;
import software.amazon.awssdk.services.ec2.model.VpcEndpoint;

/**
 * The describes of one EC2 kind, by the ownership tags and by id, and what tells its objects
 * apart; the factories below declare every kind's in one place, as terraform-provider-aws keeps
 * the EC2 finders in one file ({@code internal/service/ec2/find.go}).
 *
 * @param describe the name under which a plan shares the describe's answer ({@link Ec2Finder#describe})
 * @param what the kind as messages name it ("VPC")
 * @param idPrefix what every id of the kind starts with
 * @param byFilters the describe (every page) with the given filters
 * @param byId the describe of one id: the import's, and a create's confirmation
 * @param tagsOf an object's tags
 * @param idOf an object's id
 * @param ownerOf the account that owns an object (null: the kind does not say)
 * @param <T> the SDK's object
 */
record Ec2Objects<T>(
        String describe,
        String what,
        String idPrefix,
        Function<List<Filter>, List<T>> byFilters,
        Ec2Import.Describe<T> byId,
        Function<T, List<Tag>> tagsOf,
        Function<T, String> idOf,
        Function<T, String> ownerOf) {

    Ec2Finder<T> finder() {
        return new Ec2Finder<>(describe, what, byFilters, tagsOf, idOf);
    }

    static Ec2Objects<Vpc> vpcs(Ec2Client ec2) {
        return new Ec2Objects<>(
                "DescribeVpcs",
                "VPC",
                "vpc-",
                filters -> ec2.describeVpcsPaginator(r -> r.filters(filters)).vpcs().stream()
                        .toList(),
                id -> ec2.describeVpcs(r -> r.vpcIds(id)).vpcs(),
                Vpc::tags,
                Vpc::vpcId,
                Vpc::ownerId);
    }

    static Ec2Objects<Subnet> subnets(Ec2Client ec2) {
        return new Ec2Objects<>(
                "DescribeSubnets",
                "subnet",
                "subnet-",
                filters -> ec2.describeSubnetsPaginator(r -> r.filters(filters)).subnets().stream()
                        .toList(),
                id -> ec2.describeSubnets(r -> r.subnetIds(id)).subnets(),
                Subnet::tags,
                Subnet::subnetId,
                Subnet::ownerId);
    }

    static Ec2Objects<InternetGateway> internetGateways(Ec2Client ec2) {
        return new Ec2Objects<>(
                "DescribeInternetGateways",
                "internet gateway",
                "igw-",
                filters -> ec2.describeInternetGatewaysPaginator(r -> r.filters(filters)).internetGateways().stream()
                        .toList(),
                id -> ec2.describeInternetGateways(r -> r.internetGatewayIds(id))
                        .internetGateways(),
                InternetGateway::tags,
                InternetGateway::internetGatewayId,
                InternetGateway::ownerId);
    }

    /**
     * DescribeAddresses has no pages. It answers only this account's addresses, by allocation id,
     * the id a NAT gateway names.
     */
    static Ec2Objects<Address> addresses(Ec2Client ec2) {
        return new Ec2Objects<>(
                "DescribeAddresses",
                "Elastic IP address",
                "eipalloc-",
                filters -> ec2.describeAddresses(r -> r.filters(filters)).addresses(),
                id -> ec2.describeAddresses(r -> r.allocationIds(id)).addresses(),
                Address::tags,
                Address::allocationId,
                address -> null);
    }

    static Ec2Objects<SecurityGroup> securityGroups(Ec2Client ec2) {
        return new Ec2Objects<>(
                "DescribeSecurityGroups",
                "security group",
                "sg-",
                filters -> ec2.describeSecurityGroupsPaginator(r -> r.filters(filters)).securityGroups().stream()
                        .toList(),
                id -> ec2.describeSecurityGroups(r -> r.groupIds(id)).securityGroups(),
                SecurityGroup::tags,
                SecurityGroup::groupId,
                SecurityGroup::ownerId);
    }

    static Ec2Objects<RouteTable> routeTables(Ec2Client ec2) {
        return new Ec2Objects<>(
                "DescribeRouteTables",
                "route table",
                "rtb-",
                filters -> ec2.describeRouteTablesPaginator(r -> r.filters(filters)).routeTables().stream()
                        .toList(),
                id -> ec2.describeRouteTables(r -> r.routeTableIds(id)).routeTables(),
                RouteTable::tags,
                RouteTable::routeTableId,
                RouteTable::ownerId);
    }

    /**
     * The NAT gateways in one of {@code states} (the filter joins the ownership tags'), and by id
     * whatever their state. DescribeNatGateways answers only this account's gateways, and a NAT
     * gateway has no owner field.
     */
    static Ec2Objects<NatGateway> natGateways(Ec2Client ec2, List<String> states) {
        return new Ec2Objects<>(
                "DescribeNatGateways:" + String.join(",", states),
                "NAT gateway",
                "nat-",
                ownership -> {
                    List<Filter> filters = new ArrayList<>(ownership);
                    filters.add(Filter.builder().name("state").values(states).build());
                    return ec2.describeNatGatewaysPaginator(r -> r.filter(filters)).natGateways().stream()
                            .toList();
                },
                id -> ec2.describeNatGateways(r -> r.natGatewayIds(id)).natGateways(),
                NatGateway::tags,
                NatGateway::natGatewayId,
                gateway -> null);
    }

    /** The endpoints whose state ({@code stateOf}, lower case) is not one of {@code gone}; by id, whatever it is. */
    static Ec2Objects<VpcEndpoint> vpcEndpoints(
            Ec2Client ec2, Set<String> gone, Function<VpcEndpoint, String> stateOf) {
        return new Ec2Objects<>(
                "DescribeVpcEndpoints",
                "VPC endpoint",
                "vpce-",
                filters -> ec2.describeVpcEndpointsPaginator(r -> r.filters(filters)).vpcEndpoints().stream()
                        .filter(endpoint -> !gone.contains(stateOf.apply(endpoint)))
                        .toList(),
                id -> ec2.describeVpcEndpoints(r -> r.vpcEndpointIds(id)).vpcEndpoints(),
                VpcEndpoint::tags,
                VpcEndpoint::vpcEndpointId,
                VpcEndpoint::ownerId);
    }
}

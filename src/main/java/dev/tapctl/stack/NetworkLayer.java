package dev.tapctl.stack;

import dev.tapctl.config.Cidrs;
import dev.tapctl.config.TapConfig;
import dev.tapctl.engine.spi.Inputs;
import dev.tapctl.engine.spi.Ref;
import dev.tapctl.stack.spec.ElasticIpSpec;
import dev.tapctl.stack.spec.InternetGatewaySpec;
import dev.tapctl.stack.spec.NatGatewaySpec;
import dev.tapctl.stack.spec.RouteTableSpec;
import dev.tapctl.stack.spec.SecurityGroupSpec;
import dev.tapctl.stack.spec.SubnetSpec;
import dev.tapctl.stack.spec.VpcEndpointSpec;
import dev.tapctl.stack.spec.VpcEndpointSpecBuilder;
import dev.tapctl.stack.spec.VpcSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/** The VPC, its subnets, internet and NAT gateways, route tables, endpoints and security groups. */
final class NetworkLayer {
    /** The VPC block is split into 16 equal subnets: public ones first, private ones from index 8. */
    private static final int SUBNET_BITS = 4;

    private static final int PRIVATE_OFFSET = 8;
    private static final int HTTPS_PORT = 443;
    private static final String ANYWHERE = "0.0.0.0/0";
    /** The services whose gateway endpoints every stack has. */
    private static final List<String> GATEWAY_ENDPOINT_SERVICES = List.of("s3", "dynamodb");
    /**
     * What the instances use, reached through interface endpoints when there is no NAT gateway:
     * the database secret, the stack key, Systems Manager (its agent needs ssm, ssmmessages and
     * ec2messages) and CloudWatch Logs.
     */
    private static final List<String> INTERFACE_ENDPOINT_SERVICES =
            List.of("secretsmanager", "kms", "ssm", "ssmmessages", "ec2messages", "logs");

    /** What later layers use of the network. */
    record Refs(
            Ref<VpcSpec> vpc,
            List<Ref<SubnetSpec>> privateSubnets,
            Ref<SecurityGroupSpec> appGroup,
            Ref<SecurityGroupSpec> dbGroup) {
        Refs {
            privateSubnets = List.copyOf(privateSubnets);
        }
    }

    private final TapConfig config;
    private final Names names;
    private final ResourceTags tags;
    private final StackBuilder stack;
    private final Zones zones;
    private Ref<VpcSpec> vpc;

    private NetworkLayer(LayerContext context, Zones zones) {
        this.config = context.config();
        this.names = context.names();
        this.tags = context.tags();
        this.stack = context.stack();
        this.zones = zones;
    }

    /** {@code zones} holds the availability zone of each subnet index. */
    static Refs declare(LayerContext context, Zones zones) {
        return new NetworkLayer(context, zones).declare();
    }

    private Refs declare() {
        String vpcName = names.vpc();
        vpc = stack.add("network.vpc", Kinds.VPC, vpcName, in -> VpcSpec.builder()
                .name(vpcName)
                .cidr(config.network().cidr())
                .dnsSupport(true)
                .dnsHostnames(true)
                .tags(tags.of("network.vpc", vpcName))
                .build());

        String igwName = names.internetGateway();
        Ref<InternetGatewaySpec> igw = stack.add(
                "network.igw",
                Kinds.INTERNET_GATEWAY,
                igwName,
                in -> new InternetGatewaySpec(igwName, vpcId(in), tags.of("network.igw", igwName)));

        List<Ref<SubnetSpec>> publicSubnets = new ArrayList<>();
        List<Ref<SubnetSpec>> privateSubnets = new ArrayList<>();
        for (int i = 0; i < config.network().azCount(); i++) {
            publicSubnets.add(subnet("public", i, i));
            privateSubnets.add(subnet("private", i, PRIVATE_OFFSET + i));
        }
        routeTable(
                "network.rt.public",
                names.publicRouteTable(),
                publicSubnets,
                in -> new RouteTableSpec.Route(ANYWHERE, in.get(igw, InternetGatewaySpec.INTERNET_GATEWAY_ID)));
        List<Ref<RouteTableSpec>> privateTables = egress(igw, publicSubnets, privateSubnets);

        Ref<SecurityGroupSpec> app = securityGroup(
                "network.sg.app", names.appGroup(), "application instances and functions", in -> List.of());
        if (config.network().natGateways() == 0) {
            interfaceEndpoints(privateSubnets, app);
        }
        gatewayEndpoints(privateTables);
        Ref<SecurityGroupSpec> db = securityGroup(
                "network.sg.db",
                names.dbGroup(),
                "database: only the application group on the database port",
                in -> fromAppGroup(in, app, TapStack.DB_PORT, "PostgreSQL"));
        return new Refs(vpc, privateSubnets, app, db);
    }

    private String vpcId(Inputs in) {
        return in.get(vpc, VpcSpec.VPC_ID);
    }

    /** A group of the VPC admitting what {@code ingress} gives; {@code purpose} ends its description. */
    private Ref<SecurityGroupSpec> securityGroup(
            String id, String name, String purpose, Function<Inputs, List<SecurityGroupSpec.IngressRule>> ingress) {
        return stack.add(
                id,
                Kinds.SECURITY_GROUP,
                name,
                in -> new SecurityGroupSpec(
                        name,
                        vpcId(in),
                        "tapctl " + config.prefix() + " " + purpose,
                        ingress.apply(in),
                        tags.of(id, name)));
    }

    /** The one rule of a group that admits only the application group, on TCP {@code port}. */
    private List<SecurityGroupSpec.IngressRule> fromAppGroup(
            Inputs in, Ref<SecurityGroupSpec> app, int port, String protocolName) {
        return List.of(new SecurityGroupSpec.IngressRule(
                "tcp",
                port,
                port,
                in.get(app, SecurityGroupSpec.GROUP_ID),
                protocolName + " from " + names.appGroup()));
    }

    private Ref<SubnetSpec> subnet(String tier, int az, int block) {
        String id = "network.subnet." + tier + "-" + (az + 1);
        String zone = zones.of(az);
        String name = names.subnet(tier, az);
        return stack.add(id, Kinds.SUBNET, name, in -> SubnetSpec.builder()
                .name(name)
                .vpcId(vpcId(in))
                .cidr(Cidrs.subnet(config.network().cidr(), SUBNET_BITS, block))
                .availabilityZone(zone)
                // Only the NAT gateways live in the public subnets, and they have their own addresses.
                .mapPublicIpOnLaunch(false)
                .tags(tags.of(id, name))
                .build());
    }

    /**
     * A route table associated with {@code subnets}; {@code route}, when not null, is its one
     * route besides the local one.
     */
    private Ref<RouteTableSpec> routeTable(
            String id, String name, List<Ref<SubnetSpec>> subnets, Function<Inputs, RouteTableSpec.Route> route) {
        return stack.add(
                id,
                Kinds.ROUTE_TABLE,
                name,
                in -> new RouteTableSpec(
                        name,
                        vpcId(in),
                        route == null ? List.of() : List.of(route.apply(in)),
                        subnets.stream()
                                .map(subnet -> in.get(subnet, SubnetSpec.SUBNET_ID))
                                .toList(),
                        tags.of(id, name)));
    }

    /**
     * The way out of the private subnets (README "Egress"): {@code network.natGateways} NAT
     * gateways, each with its Elastic IP, in public subnets 1..n, and the private route tables
     * that send 0.0.0.0/0 to them: one table for all private subnets with 0 or 1 gateway (with 0,
     * no default route at all), one table per zone, to its own zone's gateway, with one per zone.
     * Each NAT gateway comes after the internet gateway (a public NAT gateway reaches the internet
     * through it), which also makes destroy delete it, and unmap its address, before the internet
     * gateway is detached. Answers the private route tables.
     */
    private List<Ref<RouteTableSpec>> egress(
            Ref<InternetGatewaySpec> igw, List<Ref<SubnetSpec>> publicSubnets, List<Ref<SubnetSpec>> privateSubnets) {
        int nat = config.network().natGateways();
        List<Ref<NatGatewaySpec>> natGateways = new ArrayList<>();
        for (int n = 1; n <= nat; n++) {
            String eipId = "network.nat-eip-" + n;
            String eipName = names.natGateway(n);
            Ref<ElasticIpSpec> eip = stack.add(
                    eipId, Kinds.ELASTIC_IP, eipName, in -> new ElasticIpSpec(eipName, tags.of(eipId, eipName)));
            String natId = "network.nat-" + n;
            Ref<SubnetSpec> subnet = publicSubnets.get(n - 1);
            natGateways.add(
                    stack.declare(natId, Kinds.NAT_GATEWAY, eipName).after(igw).spec(in -> {
                        // Read in the order plans list the dependencies: the address, then the subnet.
                        String allocationId = in.get(eip, ElasticIpSpec.ALLOCATION_ID);
                        return new NatGatewaySpec(
                                eipName, in.get(subnet, SubnetSpec.SUBNET_ID), allocationId, tags.of(natId, eipName));
                    }));
        }
        if (nat <= 1) {
            Function<Inputs, RouteTableSpec.Route> route = nat == 0
                    ? null
                    : in -> RouteTableSpec.Route.toNatGateway(
                            ANYWHERE, in.get(natGateways.get(0), NatGatewaySpec.NAT_GATEWAY_ID));
            return List.of(routeTable("network.rt.private", names.privateRouteTable(), privateSubnets, route));
        }
        List<Ref<RouteTableSpec>> tables = new ArrayList<>();
        for (int n = 1; n <= nat; n++) {
            Ref<NatGatewaySpec> natGateway = natGateways.get(n - 1);
            tables.add(routeTable(
                    "network.rt.private-" + n,
                    names.privateRouteTable(n - 1),
                    List.of(privateSubnets.get(n - 1)),
                    in -> RouteTableSpec.Route.toNatGateway(
                            ANYWHERE, in.get(natGateway, NatGatewaySpec.NAT_GATEWAY_ID))));
        }
        return tables;
    }

    /**
     * S3 and DynamoDB gateway endpoints on every private route table, always: they cost nothing,
     * and the instances' bucket and table traffic stays inside the VPC. They keep AWS's default
     * (full access) endpoint policy; README "Egress" says why.
     */
    private void gatewayEndpoints(List<Ref<RouteTableSpec>> privateTables) {
        endpoints(
                GATEWAY_ENDPOINT_SERVICES,
                VpcEndpointSpec.Type.GATEWAY,
                (in, endpoint) -> endpoint.routeTableIds(privateTables.stream()
                        .map(t -> in.get(t, RouteTableSpec.ROUTE_TABLE_ID))
                        .toList()));
    }

    /**
     * With no NAT gateway, the instances reach the AWS services they use through interface
     * endpoints in the private subnets, with private DNS (the services' usual names resolve to
     * them), behind a group that admits only the application group on HTTPS.
     */
    private void interfaceEndpoints(List<Ref<SubnetSpec>> privateSubnets, Ref<SecurityGroupSpec> app) {
        Ref<SecurityGroupSpec> group = securityGroup(
                "network.sg.endpoints",
                names.endpointsGroup(),
                "interface endpoints: only the application group on HTTPS",
                in -> fromAppGroup(in, app, HTTPS_PORT, "HTTPS"));
        // Steps in the order plans list the dependencies: the VPC, the group, the subnets.
        endpoints(
                INTERFACE_ENDPOINT_SERVICES,
                VpcEndpointSpec.Type.INTERFACE,
                (in, endpoint) -> endpoint.securityGroupIds(List.of(in.get(group, SecurityGroupSpec.GROUP_ID)))
                        .subnetIds(privateSubnets.stream()
                                .map(s -> in.get(s, SubnetSpec.SUBNET_ID))
                                .toList()));
    }

    /**
     * An endpoint of {@code type} in the VPC for each of {@code services}, with AWS's default
     * policy; private DNS is an interface endpoint's. {@code placement} sets where it is (route
     * tables, or subnets and groups), read after the VPC; the rest stays empty.
     */
    private void endpoints(
            List<String> services,
            VpcEndpointSpec.Type type,
            BiFunction<Inputs, VpcEndpointSpecBuilder, VpcEndpointSpecBuilder> placement) {
        for (String service : services) {
            String id = "network.endpoint." + service;
            String name = names.endpoint(service);
            stack.add(id, Kinds.VPC_ENDPOINT, name, in -> placement
                    .apply(
                            in,
                            VpcEndpointSpec.builder()
                                    .name(name)
                                    .vpcId(vpcId(in))
                                    .serviceName("com.amazonaws." + in.region() + "." + service)
                                    .type(type)
                                    .routeTableIds(List.of())
                                    .subnetIds(List.of())
                                    .securityGroupIds(List.of())
                                    .privateDnsEnabled(type == VpcEndpointSpec.Type.INTERFACE)
                                    .policy(TapStack.DEFAULT_ENDPOINT_POLICY)
                                    .tags(tags.of(id, name)))
                    .build());
        }
    }
}

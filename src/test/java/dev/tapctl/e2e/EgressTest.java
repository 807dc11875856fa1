package dev.tapctl.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tapctl.testing.CliRun;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.Address;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.NatGateway;
import software.amazon.awssdk.services.ec2.model.RouteTable;
import software.amazon.awssdk.services.ec2.model.VpcEndpoint;

/** The network egress of dev on the emulator, in realism mode: NAT gateway, gateway endpoints, drift, destroy. */
class EgressTest extends StackFixture {

    @Test
    void devGetsOutThroughItsNatGatewayAndReachesS3AndDynamoDbThroughItsEndpoints() throws IOException {
        CliRun.Result apply = tapctl.run("apply", "--env", "dev", "--auto-approve");
        assertThat(apply.exitCode()).as(apply.all()).isZero();

        NatGateway nat = natGateways().stream()
                .filter(n -> n.stateAsString().equals("available"))
                .findFirst()
                .orElseThrow();
        String allocation = nat.natGatewayAddresses().get(0).allocationId();
        assertThat(addresses()).extracting(Address::allocationId).containsExactly(allocation);
        List<VpcEndpoint> endpoints = endpoints();
        assertThat(endpoints)
                .extracting(VpcEndpoint::serviceName)
                .containsExactlyInAnyOrder("com.amazonaws.us-east-1.s3", "com.amazonaws.us-east-1.dynamodb");

        RouteTable table = privateTable();
        assertThat(table.routes()).anySatisfy(route -> {
            assertThat(route.destinationCidrBlock()).isEqualTo("0.0.0.0/0");
            assertThat(route.natGatewayId()).isEqualTo(nat.natGatewayId());
        });
        for (VpcEndpoint endpoint : endpoints) {
            assertThat(table.routes()).as(endpoint.serviceName()).anySatisfy(route -> {
                assertThat(route.destinationPrefixListId()).startsWith("pl-");
                assertThat(route.gatewayId()).isEqualTo(endpoint.vpcEndpointId());
            });
        }
        var instances = aws
                .ec2()
                .describeInstances(r -> r.filters(
                        tag("Environment", "dev"),
                        Filter.builder()
                                .name("instance-state-name")
                                .values("running")
                                .build()))
                .reservations()
                .stream()
                .flatMap(reservation -> reservation.instances().stream())
                .toList();
        assertThat(instances).isNotEmpty().allSatisfy(instance -> assertThat(instance.networkInterfaces())
                .allSatisfy(nic ->
                        assertThat(nic.attachment().deleteOnTermination()).isTrue()));
        assertThat(emulator.realism().count("ec2.nat_pending"))
                .as("create waited for available")
                .isPositive();

        log.clear();
        CliRun.Result second = tapctl.run("apply", "--env", "dev", "--auto-approve");
        assertThat(second.exitCode()).as(second.all()).isZero();
        assertThat(log.mutating()).as("a second apply changes nothing").isEmpty();
        assertThat(tapctl.run("plan", "--env", "dev", "--detailed-exitcode").exitCode())
                .isZero();

        // Out of band: the private subnets lose their way out.
        aws.ec2().deleteRoute(r -> r.routeTableId(table.routeTableId()).destinationCidrBlock("0.0.0.0/0"));
        CliRun.Result drift = tapctl.run("plan", "--env", "dev", "--json");
        assertThat(drift.exitCode()).as(drift.all()).isZero();
        assertThat(changedIds(drift)).containsExactly("network.rt.private");
        assertThat(change(drift, "network.rt.private").path("reason").asText()).isEqualTo("drift");
        assertThat(change(drift, "network.rt.private").toString()).contains("routes[0.0.0.0/0]");
        CliRun.Result repair = tapctl.run("apply", "--env", "dev", "--auto-approve");
        assertThat(repair.exitCode()).as(repair.all()).isZero();
        assertThat(privateTable().routes())
                .anySatisfy(route -> assertThat(route.natGatewayId()).isEqualTo(nat.natGatewayId()));
        assertThat(privateTable().routes())
                .as("the endpoints' routes stay")
                .filteredOn(route -> route.destinationPrefixListId() != null)
                .hasSize(2);
        assertThat(tapctl.run("plan", "--env", "dev", "--detailed-exitcode").exitCode())
                .isZero();

        CliRun.Result destroy = tapctl.run("destroy", "--env", "dev", "--confirm", "dev");
        assertThat(destroy.exitCode()).as(destroy.all()).isZero();
        assertThat(destroy.out())
                .containsPattern("deleted +network\\.nat-1")
                .containsPattern("deleted +network\\.nat-eip-1")
                .containsPattern("deleted +network\\.endpoint\\.s3")
                .containsPattern("deleted +network\\.endpoint\\.dynamodb")
                .containsPattern("retained +data\\.table")
                .containsPattern("retained +data\\.bucket");
        assertThat(aws.ec2()
                        .describeNatGateways(r -> r.natGatewayIds(nat.natGatewayId()))
                        .natGateways()
                        .get(0)
                        .stateAsString())
                .isEqualTo("deleted");
        assertThat(addresses()).as("the Elastic IP is released").isEmpty();
        assertThat(endpoints()).isEmpty();
        assertThat(aws.dynamodb()
                        .describeTable(r -> r.tableName("tap-dev-items"))
                        .table())
                .isNotNull();
        aws.s3().headBucket(r -> r.bucket(bucket("dev")));
        assertThat(emulator.realism().count("ec2.nat_deleting"))
                .as("destroy waited for deleted")
                .isPositive();
        // Deleted before its address was released and the internet gateway detached: neither was refused.
        assertThat(emulator.realism().count("ec2.address_in_use")).isZero();
        assertThat(emulator.realism().count("ec2.mapped_public_address")).isZero();
    }

    private static Filter tag(String key, String value) {
        return Filter.builder().name("tag:" + key).values(value).build();
    }

    private List<NatGateway> natGateways() {
        return aws.ec2()
                .describeNatGateways(r -> r.filter(tag("Environment", "dev")))
                .natGateways();
    }

    private List<Address> addresses() {
        return aws.ec2()
                .describeAddresses(r -> r.filters(tag("Environment", "dev")))
                .addresses();
    }

    private List<VpcEndpoint> endpoints() {
        return aws.ec2().describeVpcEndpoints(r -> r.filters(tag("Environment", "dev"))).vpcEndpoints().stream()
                .filter(e -> !e.stateAsString().equalsIgnoreCase("deleted"))
                .toList();
    }

    private RouteTable privateTable() {
        return aws.ec2()
                .describeRouteTables(
                        r -> r.filters(tag("tapctl:logical-id", "network.rt.private"), tag("Environment", "dev")))
                .routeTables()
                .get(0);
    }
}

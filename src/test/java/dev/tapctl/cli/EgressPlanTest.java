package dev.tapctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tapctl.testing.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code plan --offline --json} of the network egress: NAT gateways, private route tables and VPC endpoints. */
class EgressPlanTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> INTERFACE_SERVICES =
            List.of("secretsmanager", "kms", "ssm", "ssmmessages", "ec2messages", "logs");

    @Test
    void devHasOneNatGatewayWithItsAddressTheDefaultRouteAndBothGatewayEndpoints() throws IOException {
        List<JsonNode> changes = plan("plan", "--env", "dev", "--offline", "--json");

        assertThat(ids(changes, "network.nat-eip-")).containsExactly("network.nat-eip-1");
        assertThat(ids(changes, "network.nat-")).containsExactly("network.nat-1");
        JsonNode nat = change(changes, "network.nat-1");
        assertThat(nat.path("kind").asText()).isEqualTo("aws.ec2.nat-gateway");
        assertThat(dependsOn(nat))
                .containsExactlyInAnyOrder("network.nat-eip-1", "network.subnet.public-1", "network.igw");
        assertThat(nat.path("desired").path("subnetId").asText()).isEqualTo("(known after apply)");
        assertThat(nat.path("desired").path("allocationId").asText()).isEqualTo("(known after apply)");

        assertThat(ids(changes, "network.rt.private")).containsExactly("network.rt.private");
        JsonNode table = change(changes, "network.rt.private");
        JsonNode routes = table.path("desired").path("routes");
        assertThat(routes).hasSize(1);
        assertThat(routes.get(0).path("destinationCidr").asText()).isEqualTo("0.0.0.0/0");
        assertThat(routes.get(0).path("natGatewayId").asText()).isEqualTo("(known after apply)");
        assertThat(routes.get(0).path("gatewayId").isNull()).isTrue();
        assertThat(dependsOn(table)).contains("network.nat-1", "network.subnet.private-1", "network.subnet.private-2");

        for (String service : List.of("s3", "dynamodb")) {
            JsonNode endpoint = change(changes, "network.endpoint." + service);
            assertThat(endpoint.path("kind").asText()).isEqualTo("aws.ec2.vpc-endpoint");
            assertThat(endpoint.path("desired").path("serviceName").asText())
                    .isEqualTo("com.amazonaws.us-east-1." + service);
            assertThat(endpoint.path("desired").path("type").asText()).isEqualTo("GATEWAY");
            assertThat(endpoint.path("desired").path("routeTableIds")).hasSize(1);
            assertThat(dependsOn(endpoint)).contains("network.rt.private");
        }
        assertThat(ids(changes, "network.endpoint."))
                .containsExactlyInAnyOrder("network.endpoint.s3", "network.endpoint.dynamodb");
        assertThat(ids(changes, "network.sg.endpoints")).isEmpty();
    }

    @Test
    void prodHasANatGatewayAndAPrivateRouteTablePerZone() throws IOException {
        List<JsonNode> changes = plan("plan", "--env", "prod", "--offline", "--json");

        assertThat(ids(changes, "network.nat-eip-"))
                .containsExactly("network.nat-eip-1", "network.nat-eip-2", "network.nat-eip-3");
        assertThat(ids(changes, "network.nat-")).containsExactly("network.nat-1", "network.nat-2", "network.nat-3");
        assertThat(ids(changes, "network.rt.private"))
                .containsExactly("network.rt.private-1", "network.rt.private-2", "network.rt.private-3");
        for (int n = 1; n <= 3; n++) {
            assertThat(dependsOn(change(changes, "network.nat-" + n))).contains("network.subnet.public-" + n);
            JsonNode table = change(changes, "network.rt.private-" + n);
            assertThat(dependsOn(table)).contains("network.nat-" + n, "network.subnet.private-" + n);
            assertThat(table.path("desired").path("subnetIds")).hasSize(1);
            assertThat(table.path("desired")
                            .path("routes")
                            .get(0)
                            .path("destinationCidr")
                            .asText())
                    .isEqualTo("0.0.0.0/0");
        }
        JsonNode s3 = change(changes, "network.endpoint.s3");
        assertThat(s3.path("desired").path("routeTableIds")).hasSize(3);
        assertThat(dependsOn(s3)).contains("network.rt.private-1", "network.rt.private-2", "network.rt.private-3");
    }

    @Test
    void withNoNatGatewayTheInterfaceEndpointsAndTheirGroupAdmitOnlyTheAppGroupOnHttps(@TempDir Path dir)
            throws IOException {
        try (Stream<Path> files = Files.list(Path.of("config"))) {
            for (Path file : files.toList()) {
                Files.copy(file, dir.resolve(file.getFileName()));
            }
        }
        Files.writeString(dir.resolve("dev.yaml"), "network:\n  cidr: 10.10.0.0/16\n  natGateways: 0\n");
        List<JsonNode> changes = plan("plan", "--env", "dev", "--offline", "--json", "--config-dir", dir.toString());

        assertThat(ids(changes, "network.nat")).isEmpty();
        assertThat(change(changes, "network.rt.private").path("desired").path("routes"))
                .isEmpty();
        JsonNode group = change(changes, "network.sg.endpoints");
        JsonNode ingress = group.path("desired").path("ingress");
        assertThat(ingress).hasSize(1);
        assertThat(ingress.get(0).path("protocol").asText()).isEqualTo("tcp");
        assertThat(ingress.get(0).path("fromPort").asInt()).isEqualTo(443);
        assertThat(ingress.get(0).path("toPort").asInt()).isEqualTo(443);
        assertThat(dependsOn(group)).contains("network.sg.app");
        assertThat(ingress.get(0).path("sourceGroupId").asText()).isEqualTo("(known after apply)");

        for (String service : INTERFACE_SERVICES) {
            JsonNode endpoint = change(changes, "network.endpoint." + service);
            JsonNode desired = endpoint.path("desired");
            assertThat(desired.path("type").asText()).isEqualTo("INTERFACE");
            assertThat(desired.path("serviceName").asText()).isEqualTo("com.amazonaws.us-east-1." + service);
            assertThat(desired.path("privateDnsEnabled").asBoolean())
                    .as(service)
                    .isTrue();
            assertThat(desired.path("subnetIds")).hasSize(2);
            assertThat(desired.path("securityGroupIds")).hasSize(1);
            assertThat(dependsOn(endpoint))
                    .contains("network.sg.endpoints", "network.subnet.private-1", "network.subnet.private-2");
        }
        assertThat(ids(changes, "network.endpoint.")).hasSize(INTERFACE_SERVICES.size() + 2);
    }

    private static List<JsonNode> plan(String... args) throws IOException {
        CliRun.Result result = CliRun.offline().run(args);
        assertThat(result.exitCode()).as(result.all()).isZero();
        return StreamSupport.stream(JSON.readTree(result.out()).path("changes").spliterator(), false)
                .toList();
    }

    private static List<String> ids(List<JsonNode> changes, String prefix) {
        return changes.stream()
                .map(c -> c.path("id").asText())
                .filter(id -> id.startsWith(prefix))
                .filter(id -> !prefix.equals("network.nat-") || !id.startsWith("network.nat-eip-"))
                .sorted()
                .toList();
    }

    private static JsonNode change(List<JsonNode> changes, String id) {
        return changes.stream()
                .filter(c -> c.path("id").asText().equals(id))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no change " + id));
    }

    private static List<String> dependsOn(JsonNode change) {
        return StreamSupport.stream(change.path("dependsOn").spliterator(), false)
                .map(JsonNode::asText)
                .toList();
    }
}

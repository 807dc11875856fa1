package dev.tapctl.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.Ref;
import dev.tapctl.engine.spi.ResourceDef;
import dev.tapctl.stack.spec.ElasticIpSpec;
import dev.tapctl.stack.spec.InternetGatewaySpec;
import dev.tapctl.stack.spec.NatGatewaySpec;
import dev.tapctl.stack.spec.SubnetSpec;
import dev.tapctl.stack.spec.VpcSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Dependencies are what a desired function reads, in reading order, then the ordering-only edges. */
class StackBuilderTest {
    private final StackBuilder stack = new StackBuilder();

    @Test
    void aResourceDependsOnWhatItReadsThenOnWhatItComesAfter() {
        Ref<VpcSpec> vpc =
                stack.add("vpc", Kinds.VPC, "vpc", in -> new VpcSpec("vpc", "10.0.0.0/16", true, true, Map.of()));
        Ref<InternetGatewaySpec> igw = stack.add(
                "igw",
                Kinds.INTERNET_GATEWAY,
                "igw",
                in -> new InternetGatewaySpec("igw", in.get(vpc, VpcSpec.VPC_ID), Map.of()));
        Ref<SubnetSpec> subnet = stack.add(
                "subnet",
                Kinds.SUBNET,
                "subnet",
                in -> new SubnetSpec("subnet", in.get(vpc, VpcSpec.VPC_ID), "10.0.0.0/20", "zone", false, Map.of()));
        Ref<ElasticIpSpec> eip = stack.add("eip", Kinds.ELASTIC_IP, "eip", in -> new ElasticIpSpec("eip", Map.of()));
        stack.declare("nat", Kinds.NAT_GATEWAY, "nat")
                .after(igw, subnet)
                .policy(DeletionPolicy.RETAIN)
                .spec(in -> new NatGatewaySpec(
                        "nat",
                        in.get(subnet, SubnetSpec.SUBNET_ID),
                        in.get(eip, ElasticIpSpec.ALLOCATION_ID),
                        Map.of()));

        List<ResourceDef<?>> defs = stack.resources();

        assertThat(defs).extracting(ResourceDef::id).containsExactly("vpc", "igw", "subnet", "eip", "nat");
        assertThat(defs.get(0).dependsOn()).isEmpty();
        assertThat(defs.get(1).dependsOn()).containsExactly("vpc");
        assertThat(defs.get(3).dependsOn()).isEmpty();
        // Read: the subnet, then the address; after: the internet gateway (the subnet only once).
        assertThat(defs.get(4).dependsOn()).containsExactly("subnet", "eip", "igw");
        assertThat(defs.get(4).deletionPolicy()).isEqualTo(DeletionPolicy.RETAIN);
        assertThat(defs.get(0).deletionPolicy()).isEqualTo(DeletionPolicy.DELETE);
    }

    @Test
    void onlyWhatADeclarationMarksIsKeptForRetainedData() {
        stack.declare("key", Kinds.VPC, "key")
                .keptForRetainedData()
                .spec(in -> new VpcSpec("key", "10.0.0.0/16", true, true, Map.of()));
        stack.add("other", Kinds.VPC, "other", in -> new VpcSpec("other", "10.1.0.0/16", true, true, Map.of()));

        assertThat(stack.resources())
                .extracting(ResourceDef::keptForRetainedData)
                .containsExactly(true, false);
    }
}

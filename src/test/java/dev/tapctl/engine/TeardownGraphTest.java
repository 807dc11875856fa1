package dev.tapctl.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tapctl.engine.NodeResult.Status;
import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.Kind;
import dev.tapctl.engine.spi.ResourceDef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TeardownGraphTest {
    /** Each kind after the kinds its objects may depend on, as a catalog ranks them. */
    private static final List<String> KINDS = List.of("t.eip", "t.subnet", "t.nat", "t.route-table");

    private static ResourceDef<String> def(String id, String kind, String... dependsOn) {
        return new ResourceDef<>(
                id, Kind.of(kind, String.class), id, DeletionPolicy.DELETE, List.of(dependsOn), in -> id);
    }

    private static Step delete(ResourceDef<?> def) {
        return new Step.Delete(
                def.id(), def.kind().name(), def.name(), def.dependsOn(), def.deletionPolicy(), def.id(), "live", "");
    }

    private static Step orphan(String id, String kind) {
        return new Step.Orphan(id, kind, id, DeletionPolicy.DELETE, "live", "no longer in the configuration");
    }

    /** A NAT gateway in a subnet with an Elastic IP, a route table using it, and two NAT gateways left over. */
    private static TeardownGraph natGatewaysLowered() {
        List<ResourceDef<?>> defs = List.of(
                def("eip-1", "t.eip"),
                def("subnet-1", "t.subnet"),
                def("nat-1", "t.nat", "eip-1", "subnet-1"),
                def("rt", "t.route-table", "nat-1"));
        List<Step> steps =
                new ArrayList<>(defs.stream().map(TeardownGraphTest::delete).toList());
        steps.add(orphan("eip-2", "t.eip"));
        steps.add(orphan("nat-2", "t.nat"));
        steps.add(orphan("nat-3", "t.nat"));
        steps.add(new Step.Orphan("kept", "t.nat", "kept", DeletionPolicy.RETAIN, "live", ""));
        return TeardownGraph.of(ResourceGraph.of(defs), new Plan("test", "eu-west-1", true, steps), KINDS);
    }

    @Test
    void orphansAreNodesOrderedByTheirKindsAndGoBeforeWhatTheyMayDependOn() {
        TeardownGraph graph = natGatewaysLowered();

        assertThat(graph.order()).containsExactly("nat-2", "nat-3", "eip-2", "rt", "nat-1", "subnet-1", "eip-1");
        assertThat(graph.dependenciesOf("nat-2"))
                .as("independent orphans go in parallel")
                .isEmpty();
        assertThat(graph.dependenciesOf("nat-3")).isEmpty();
        assertThat(graph.dependenciesOf("eip-2")).containsExactlyInAnyOrder("nat-2", "nat-3");
        assertThat(graph.dependenciesOf("subnet-1")).containsExactlyInAnyOrder("nat-1", "nat-2", "nat-3");
        assertThat(graph.dependenciesOf("eip-1")).containsExactlyInAnyOrder("nat-1", "nat-2", "nat-3");
        assertThat(graph.dependenciesOf("rt"))
                .as("a kind ranked above the orphans' waits for none")
                .isEmpty();
        assertThat(graph.dependantsOf("nat-2")).containsExactlyInAnyOrder("eip-2", "subnet-1", "eip-1");
        assertThat(graph.hasOrphans()).isTrue();
    }

    @Test
    void aFailedOrphanBlocksOnlyWhatWaitsForIt() {
        TeardownGraph graph = natGatewaysLowered();

        Map<String, NodeResult> results = new GraphExecutor(4).run(graph, false, id -> {
            if (id.equals("nat-2")) {
                throw new IllegalStateException("injected failure deleting nat-2");
            }
        });

        assertThat(results.get("nat-2").status()).isEqualTo(Status.FAILED);
        assertThat(results.get("eip-2").status()).isEqualTo(Status.BLOCKED);
        assertThat(results.get("subnet-1").status()).isEqualTo(Status.BLOCKED);
        assertThat(results.get("eip-1").blockedBy()).isEqualTo("nat-2");
        assertThat(results.get("nat-3").status()).isEqualTo(Status.SUCCEEDED);
        assertThat(results.get("rt").status()).isEqualTo(Status.SUCCEEDED);
        assertThat(results.get("nat-1").status()).isEqualTo(Status.SUCCEEDED);
    }

    @Test
    void twoOrphansWithTheSameLogicalIdAreTwoNodes() {
        List<ResourceDef<?>> defs = List.of(def("subnet-1", "t.subnet"));
        List<Step> steps = List.of(delete(defs.get(0)), orphan("nat-2", "t.nat"), orphan("nat-2", "t.nat"));

        TeardownGraph graph =
                TeardownGraph.of(ResourceGraph.of(defs), new Plan("test", "eu-west-1", true, steps), KINDS);

        assertThat(graph.order()).containsExactly("nat-2", "nat-2#2", "subnet-1");
    }
}

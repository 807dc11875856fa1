package dev.tapctl.engine;

import static dev.tapctl.engine.RecordingHandler.def;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tapctl.engine.spi.ResourceDef;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResourceGraphTest {

    @Test
    void orderPutsEveryDependencyBeforeItsDependants() {
        // Declared dependants-first, so declaration order alone would be wrong.
        List<ResourceDef<?>> defs = List.of(
                def("fn", "role", "logs", "dlq"),
                def("role", "key", "logs"),
                def("logs", "key"),
                def("dlq", "key"),
                def("key"),
                def("standalone"));

        ResourceGraph graph = ResourceGraph.of(defs);

        List<String> order = graph.order();
        assertThat(order).containsExactlyInAnyOrder("fn", "role", "logs", "dlq", "key", "standalone");
        for (ResourceDef<?> def : defs) {
            for (String dependency : def.dependsOn()) {
                assertThat(order.indexOf(dependency))
                        .as("%s before %s in %s", dependency, def.id(), order)
                        .isLessThan(order.indexOf(def.id()));
            }
        }
        assertThat(graph.dependantsOf("key")).containsExactlyInAnyOrder("role", "logs", "dlq");
        assertThat(graph.dependenciesOf("fn")).containsExactly("role", "logs", "dlq");
        assertThat(graph.size()).isEqualTo(6);
    }

    @Test
    void orderIsStableForTheSameDeclaration() {
        List<ResourceDef<?>> defs = List.of(def("c", "a"), def("b"), def("a"), def("d", "b", "c"));
        assertThat(ResourceGraph.of(defs).order())
                .isEqualTo(ResourceGraph.of(defs).order());
    }

    @Test
    void duplicateIdIsRejected() {
        assertThatThrownBy(() -> ResourceGraph.of(List.of(def("a"), def("b"), def("a"))))
                .isInstanceOf(GraphException.class)
                .hasMessageContaining("duplicate")
                .hasMessageContaining("a");
    }

    @Test
    void dependencyOnMissingIdIsRejectedNamingBoth() {
        assertThatThrownBy(() -> ResourceGraph.of(List.of(def("a"), def("b", "a", "ghost"))))
                .isInstanceOf(GraphException.class)
                .hasMessageContaining("b")
                .hasMessageContaining("ghost");
    }

    @Test
    void cycleIsRejectedWithItsPath() {
        List<ResourceDef<?>> defs = List.of(def("root"), def("a", "b"), def("b", "c"), def("c", "a", "root"));

        assertThatThrownBy(() -> ResourceGraph.of(defs))
                .isInstanceOf(GraphException.class)
                .hasMessageContaining("cycle")
                .hasMessageContaining("a -> b -> c -> a");
    }

    @Test
    void cycleReachedFromOutsideReportsOnlyTheCycle() {
        // entry -> a -> b -> a: the path starts at entry, the cycle does not.
        List<ResourceDef<?>> defs = List.of(def("entry", "a"), def("a", "b"), def("b", "a"));

        assertThatThrownBy(() -> ResourceGraph.of(defs))
                .isInstanceOf(GraphException.class)
                .hasMessageEndingWith("a -> b -> a")
                .hasMessageNotContaining("entry");
    }

    @Test
    void selfLoopIsRejected() {
        assertThatThrownBy(() -> ResourceGraph.of(List.of(def("b"), def("a", "b", "a"))))
                .isInstanceOf(GraphException.class)
                .hasMessageContaining("cycle")
                .hasMessageContaining("a -> a");
    }

    @Test
    void unknownIdIsRefused() {
        ResourceGraph graph = ResourceGraph.of(List.of(def("a")));
        assertThat(graph.contains("a")).isTrue();
        assertThat(graph.contains("b")).isFalse();
        assertThatThrownBy(() -> graph.get("b")).isInstanceOf(IllegalArgumentException.class);
    }
}

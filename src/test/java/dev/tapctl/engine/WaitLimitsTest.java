package dev.tapctl.engine;

import static dev.tapctl.engine.RecordingHandler.def;
import static dev.tapctl.engine.RecordingHandler.settings;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tapctl.engine.spi.DeletionPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The configured bounds of resources' waits ({@code timeouts}) reach each handler call through its
 * context: the bound of that resource's id, else of its kind, for the operation under way
 * (create, update, delete; a replacement's removal is a delete, its new object a create), and
 * none (the handler's built-in bound) where neither is configured.
 */
class WaitLimitsTest {
    private final RecordingHandler handler = new RecordingHandler();
    private final WaitLimits limits = new WaitLimits(Map.of(
            "db",
            Map.of("create", Duration.ofMinutes(90)),
            RecordingHandler.KIND,
            Map.of("create", Duration.ofMinutes(5), "delete", Duration.ofHours(2))));

    private RunSettings run() {
        return settings(4).withWaitLimits(limits);
    }

    @Test
    void eachCreateGetsItsIdsBoundElseItsKinds() throws Exception {
        ResourceGraph graph = ResourceGraph.of(List.of(def("db"), def("table")));

        RecordingHandler.expectSuccess(() -> new Applier(graph, handler.catalog(), run())
                .apply(new Planner(graph, handler.catalog(), run()).plan()));

        assertThat(handler.waitLimitsSeen())
                .containsEntry("create db", "PT1H30M")
                .containsEntry("create table", "PT5M");
    }

    @Test
    void anUpdateWithNoBoundConfiguredKeepsTheBuiltInOne() throws Exception {
        ResourceGraph before = ResourceGraph.of(List.of(def("db")));
        RecordingHandler.expectSuccess(() -> new Applier(before, handler.catalog(), run())
                .apply(new Planner(before, handler.catalog(), run()).plan()));
        ResourceGraph after = ResourceGraph.of(List.of(def("db", DeletionPolicy.DELETE, in -> Map.of("size", "2"))));

        RecordingHandler.expectSuccess(() -> new Applier(after, handler.catalog(), run())
                .apply(new Planner(after, handler.catalog(), run()).plan()));

        assertThat(handler.waitLimitsSeen()).containsEntry("update db", "built-in");
    }

    @Test
    void aDestroyGetsTheDeleteBound() throws Exception {
        ResourceGraph graph = ResourceGraph.of(List.of(def("db"), def("table", "db")));
        RecordingHandler.expectSuccess(() -> new Applier(graph, handler.catalog(), run())
                .apply(new Planner(graph, handler.catalog(), run()).plan()));

        Plan destroy = new DestroyPlanner(graph, handler.catalog(), run()).plan();
        RecordingHandler.expectSuccess(() -> new Destroyer(graph, handler.catalog(), run()).destroy(destroy));

        assertThat(handler.waitLimitsSeen()).containsEntry("delete db", "PT2H").containsEntry("delete table", "PT2H");
    }

    @Test
    void withoutTimeoutsEveryCallKeepsTheBuiltInBound() throws Exception {
        ResourceGraph graph = ResourceGraph.of(List.of(def("db")));

        RecordingHandler.expectSuccess(() -> new Applier(graph, handler.catalog(), settings(4))
                .apply(new Planner(graph, handler.catalog(), settings(4)).plan()));

        assertThat(handler.waitLimitsSeen()).containsExactly(Map.entry("create db", "built-in"));
    }
}

package dev.tapctl.engine;

import static dev.tapctl.engine.RecordingHandler.def;
import static dev.tapctl.engine.RecordingHandler.keptForRetainedData;
import static dev.tapctl.engine.RecordingHandler.nameOf;
import static dev.tapctl.engine.RecordingHandler.settings;
import static dev.tapctl.engine.RecordingHandler.wired;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.DescribesHoldings;
import dev.tapctl.engine.spi.HandlerCatalog;
import dev.tapctl.engine.spi.Holdings;
import dev.tapctl.engine.spi.ResourceHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The plan asks what its destructive steps hold: only those, all at once, and a failed read is shown, not thrown. */
class HoldingsReadsTest {
    private final RecordingHandler handler = new RecordingHandler();
    /** What each holdings call was given as the data kept that needs it, by logical id. */
    private final Map<String, List<String>> asked = new ConcurrentHashMap<>();

    /** The recording handler with {@link DescribesHoldings}: {@code answer} says what each object holds. */
    private HandlerCatalog describing(Answer answer) {
        List<Class<?>> interfaces = new ArrayList<>(List.of(RecordingHandler.class.getInterfaces()));
        interfaces.add(DescribesHoldings.class);
        ResourceHandler<?, ?> view = (ResourceHandler<?, ?>) Proxy.newProxyInstance(
                RecordingHandler.class.getClassLoader(), interfaces.toArray(Class<?>[]::new), (proxy, method, args) -> {
                    if (method.getName().equals("holdings")) {
                        RecordingHandler.Live live = (RecordingHandler.Live) args[0];
                        @SuppressWarnings("unchecked")
                        List<String> kept = (List<String>) args[1];
                        String id = ((dev.tapctl.engine.spi.HandlerContext) args[2]).logicalId();
                        asked.put(id, kept);
                        return answer.holdings(id, live);
                    }
                    try {
                        return method.invoke(handler, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        return kind -> view;
    }

    interface Answer {
        Holdings holdings(String id, RecordingHandler.Live live) throws Exception;
    }

    private static Holdings holds(String what) {
        return new Holdings(what, Map.of("items", 1));
    }

    @Test
    void aPlanThatDestroysNothingAsksNothing() {
        RecordingHandler.Spec spec = new RecordingHandler.Spec(nameOf("table"), Map.of("size", "1"));
        handler.seed(nameOf("table"), Map.of("size", "1"), SpecHasher.hash(spec));
        handler.seed(nameOf("fn"), Map.of("size", "1"), "an older spec");
        ResourceGraph graph = ResourceGraph.of(List.of(
                def("table", DeletionPolicy.RETAIN, in -> Map.of("size", "1")),
                def("fn", DeletionPolicy.DELETE, in -> Map.of("size", "1")),
                def("new", DeletionPolicy.DELETE, in -> Map.of("size", "1"))));

        Plan plan = new Planner(graph, describing((id, live) -> holds("x")), settings(4)).plan();

        assertThat(plan.changes()).extracting(Step::action).containsExactly(Action.NO_OP, Action.UPDATE, Action.CREATE);
        assertThat(asked).as("a no-op, an update and a create destroy nothing").isEmpty();
        assertThat(plan.holdings()).isEmpty();
    }

    @Test
    void aDestroyPlanAsksEveryDestructiveStepAtOnceAndTellsTheKeyWhatItsDataIs() {
        for (String id : List.of("key", "secret", "db", "table", "fn")) {
            handler.seed(nameOf(id), Map.of("size", "1"), "h");
        }
        ResourceGraph graph = ResourceGraph.of(List.of(
                keptForRetainedData(def("key")),
                keptForRetainedData(wired("secret", DeletionPolicy.DELETE, "key")),
                wired("db", DeletionPolicy.SNAPSHOT, "key", "secret"),
                wired("table", DeletionPolicy.RETAIN, "key"),
                wired("fn", DeletionPolicy.DELETE, "key"),
                def("absent")));
        // Every one of the five waits for the others: asked one after another, the barrier breaks.
        CyclicBarrier together = new CyclicBarrier(5);

        Plan plan = new DestroyPlanner(
                        graph,
                        describing((id, live) -> {
                            together.await(10, TimeUnit.SECONDS);
                            return holds(id + " holds " + live.name());
                        }),
                        settings(8))
                .plan();

        assertThat(asked.keySet()).containsExactlyInAnyOrder("key", "secret", "db", "table", "fn");
        assertThat(plan.holds(plan.change("table").orElseThrow()))
                .hasValueSatisfying(h -> assertThat(h.summary()).isEqualTo("table holds tap-test-table"));
        assertThat(plan.holds(plan.change("absent").orElseThrow())).isEmpty();
        assertThat(asked.get("key"))
                .as("what depends on the key and keeps its data through the destroy")
                .containsExactly("db", "table");
        assertThat(asked.get("table")).isEmpty();
        assertThat(handler.mutatingCalls()).isEmpty();
    }

    @Test
    void aReadThatFailsIsShownAsNotReadAndThePlanGoesOn() {
        handler.seed(nameOf("table"), Map.of("size", "1"), "h");
        handler.seed(nameOf("fn"), Map.of("size", "1"), "h");
        ResourceGraph graph = ResourceGraph.of(List.of(
                def("table", DeletionPolicy.RETAIN, in -> Map.of("size", "1")),
                def("fn", DeletionPolicy.DELETE, in -> Map.of("size", "1"))));

        Plan plan = new DestroyPlanner(
                        graph,
                        describing((id, live) -> {
                            if (id.equals("table")) {
                                throw new IllegalStateException("AccessDenied: cloudwatch:GetMetricData\nmore");
                            }
                            return holds("fine");
                        }),
                        settings(4))
                .plan();

        assertThat(asked).containsKey("table");
        Holdings table = plan.holds(plan.change("table").orElseThrow()).orElseThrow();
        assertThat(table.summary()).isEqualTo("not read: AccessDenied: cloudwatch:GetMetricData");
        assertThat(table.facts()).containsEntry("unread", "AccessDenied: cloudwatch:GetMetricData");
        assertThat(plan.holds(plan.change("fn").orElseThrow()).orElseThrow().summary())
                .isEqualTo("fine");
    }

    @Test
    void offlineNothingIsAsked() {
        ResourceGraph graph = ResourceGraph.of(List.of(def("table", DeletionPolicy.RETAIN, in -> Map.of("size", "1"))));

        Plan plan = new DestroyPlanner(graph, null, settings(4)).plan();

        assertThat(plan.holdings()).isEmpty();
        assertThat(asked).isEmpty();
    }
}

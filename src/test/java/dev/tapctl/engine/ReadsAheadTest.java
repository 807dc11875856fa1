package dev.tapctl.engine;

import static dev.tapctl.engine.RecordingHandler.THING;
import static dev.tapctl.engine.RecordingHandler.def;
import static dev.tapctl.engine.RecordingHandler.nameOf;
import static dev.tapctl.engine.RecordingHandler.settings;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tapctl.engine.ReadAheadTest.DepSpec;
import dev.tapctl.engine.ReadAheadTest.DependentHandler;
import dev.tapctl.engine.RecordingHandler.Spec;
import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.HandlerCatalog;
import dev.tapctl.engine.spi.ResourceDef;
import dev.tapctl.engine.spi.ResourceHandler;
import dev.tapctl.engine.spi.Unknown;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A plan's reads begun before the first questions are answered ({@link ReadsAhead}): what is found
 * by what the configuration gives is read then, once, and serves the plan; what is found by the
 * account id or a zone is read only when the plan knows it; a read ahead that does not fit the
 * plan's spec is made again.
 */
class ReadsAheadTest {
    private static final String ACCOUNT = "123456789012";

    private final RecordingHandler things = new RecordingHandler();
    private final DependentHandler dependents = new DependentHandler(true);

    @Test
    void aResourceFoundByItsNameIsReadBeforeTheAnswersAndThatReadServesThePlan() {
        things.seed(nameOf("a"), Map.of("size", "1"), SpecHasher.hash(new Spec(nameOf("a"), Map.of("size", "1"))));
        ResourceGraph graph = ResourceGraph.of(List.of(def("a")));

        ReadsAhead ahead = start(graph);
        awaitReads(ahead);
        assertThat(things.calls("read")).as("read before the plan is made").hasSize(1);
        Plan plan = new Planner(graph, catalog(), settings(1)).plan(ahead);

        assertThat(plan.change("a").orElseThrow().action()).isEqualTo(Action.NO_OP);
        assertThat(things.calls("read")).as("the plan took the read made ahead").hasSize(1);
    }

    @Test
    void aResourceFoundByTheAccountIdIsReadOnlyOnceThePlanKnowsIt() {
        ResourceGraph graph = ResourceGraph.of(List.of(namedByAccount("b")));

        ReadsAhead ahead = start(graph);
        awaitReads(ahead);
        assertThat(things.calls("read"))
                .as("nothing is looked up by a placeholder")
                .isEmpty();
        new Planner(graph, catalog(), settings(1)).plan(ahead);

        assertThat(things.calls("read")).singleElement().satisfies(read -> assertThat(read.name())
                .isEqualTo(nameOf("b") + "-" + ACCOUNT));
    }

    @Test
    void aReadMadeAheadByOtherThanWhatThePlansSpecIsFoundByIsMadeAgain() {
        // The graph read ahead and the plan's differ in what "a" is found by, as zones chosen would.
        ResourceGraph ahead = ResourceGraph.of(List.of(named("a", "first")));
        ResourceGraph planned = ResourceGraph.of(List.of(named("a", "second")));

        ReadsAhead reads = start(ahead);
        awaitReads(reads);
        new Planner(planned, catalog(), settings(1)).plan(reads);

        assertThat(things.calls("read")).extracting(RecordingHandler.Call::name).containsExactly("first", "second");
    }

    @Test
    void aKindFoundByAnUpstreamOutputIsReadAheadOnceItsUpstreamIsAndThatReadServesThePlan() {
        RecordingHandler.Live a = things.seed(
                nameOf("a"), Map.of("size", "1"), SpecHasher.hash(new Spec(nameOf("a"), Map.of("size", "1"))));
        ResourceGraph graph = ResourceGraph.of(List.of(def("a"), dependent("d", "a")));

        ReadsAhead ahead = start(graph);
        awaitReads(ahead);
        assertThat(dependents.reads)
                .as("read ahead, by the id a's read ahead found")
                .singleElement()
                .satisfies(read -> assertThat(read.spec().upstreamId()).isEqualTo(a.cloudId()));
        Plan plan = new Planner(graph, catalog(), settings(1)).plan(ahead);

        assertThat(dependents.reads).as("the plan took it").hasSize(1);
        assertThat(((DepSpec) plan.change("d").orElseThrow().desired()).otherId())
                .as("decided with the account id")
                .isEqualTo(ACCOUNT);
    }

    @Test
    void aKindFoundByAnUpstreamOutputAndTheAccountIdIsLeftForThePlan() {
        DependentHandler byWholeSpec = new DependentHandler(false);
        things.seed(nameOf("a"), Map.of("size", "1"), SpecHasher.hash(new Spec(nameOf("a"), Map.of("size", "1"))));
        ResourceGraph graph = ResourceGraph.of(List.of(def("a"), dependent("d", "a")));
        HandlerCatalog catalog = catalog(byWholeSpec);

        ReadsAhead ahead = ReadsAhead.start(Selection.all(graph), catalog, beforeAnswers());
        awaitReads(ahead);
        assertThat(byWholeSpec.reads)
                .as("its spec holds the account id, not known yet")
                .isEmpty();
        new Planner(graph, catalog, settings(1)).plan(ahead);

        assertThat(byWholeSpec.reads)
                .singleElement()
                .satisfies(read -> assertThat(read.spec().otherId()).isEqualTo(ACCOUNT));
    }

    private ReadsAhead start(ResourceGraph graph) {
        return ReadsAhead.start(Selection.all(graph), catalog(), beforeAnswers());
    }

    /** Every read begun ahead, finished (a test looks at what was read before any plan). */
    private static void awaitReads(ReadsAhead ahead) {
        ahead.firstReads().values().forEach(Futures::join);
    }

    private HandlerCatalog catalog() {
        return catalog(dependents);
    }

    private HandlerCatalog catalog(DependentHandler dependent) {
        ResourceHandler<?, ?> thing = things.catalog().forKind(RecordingHandler.KIND);
        return kind -> kind.equals(ReadAheadTest.DEPENDENT.name()) ? dependent : thing;
    }

    /** As the CLI reads ahead: the account id a placeholder. */
    private static RunSettings beforeAnswers() {
        return new RunSettings(
                "test", "eu-west-1", Unknown.ofAccount("accountId"), 1, Set.of(), ProgressListener.SILENT);
    }

    /** A thing whose name holds the account id, as a bucket's does. */
    private static ResourceDef<Spec> namedByAccount(String id) {
        return new ResourceDef<>(
                id,
                THING,
                nameOf(id),
                DeletionPolicy.DELETE,
                List.of(),
                in -> new Spec(nameOf(id) + "-" + in.accountId(), Map.of("size", "1")));
    }

    private static ResourceDef<Spec> named(String id, String name) {
        return new ResourceDef<>(
                id, THING, name, DeletionPolicy.DELETE, List.of(), in -> new Spec(name, Map.of("size", "1")));
    }

    /** Found by {@code upstream}'s id; its other field holds the account id. */
    private static ResourceDef<DepSpec> dependent(String id, String upstream) {
        return new ResourceDef<>(
                id,
                ReadAheadTest.DEPENDENT,
                nameOf(id),
                DeletionPolicy.DELETE,
                List.of(upstream),
                in -> new DepSpec(nameOf(id), in.output(upstream, "id"), in.accountId()));
    }
}

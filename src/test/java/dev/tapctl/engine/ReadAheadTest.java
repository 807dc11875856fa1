package dev.tapctl.engine;

import static dev.tapctl.engine.RecordingHandler.def;
import static dev.tapctl.engine.RecordingHandler.nameOf;
import static dev.tapctl.engine.RecordingHandler.settings;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tapctl.engine.RecordingHandler.Spec;
import dev.tapctl.engine.spi.AttributeChange;
import dev.tapctl.engine.spi.DeleteResult;
import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.FindsOutputsFirst;
import dev.tapctl.engine.spi.HandlerCatalog;
import dev.tapctl.engine.spi.HandlerContext;
import dev.tapctl.engine.spi.Kind;
import dev.tapctl.engine.spi.Outputs;
import dev.tapctl.engine.spi.ReadsUpstreamOutputs;
import dev.tapctl.engine.spi.ResourceDef;
import dev.tapctl.engine.spi.ResourceHandler;
import dev.tapctl.engine.spi.Unknown;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A kind that finds its object by an upstream output (a stage by its REST API's id) is read as
 * soon as that output is known from the upstream's read, not after the upstream's decision (which
 * waits for everything upstream of it); the decision uses that read only if it was made with the
 * outputs decided.
 */
class ReadAheadTest {
    private final RecordingHandler things = new RecordingHandler();
    private final DependentHandler dependents = new DependentHandler(false);

    @Test
    void aKindReadByAnUpstreamOutputIsReadOnceItsUpstreamIsReadBeforeThatUpstreamsDecision() {
        // a's decision waits for z's slow read; a itself is read at once.
        things.sleepInRead("z", Duration.ofMillis(400));
        things.seed(nameOf("z"), Map.of("size", "1"), SpecHasher.hash(fixed("z")));
        RecordingHandler.Live a = things.seed(nameOf("a"), Map.of("size", "1"), SpecHasher.hash(fixed("a")));

        Plan plan = plan(catalog(false), def("z"), def("a", "z"), dependent("d", "a"));

        assertThat(plan.change("a").orElseThrow().action()).isEqualTo(Action.NO_OP);
        assertThat(dependents.reads)
                .as("d is read once, with the id a's read found")
                .singleElement()
                .satisfies(read -> {
                    assertThat(read.spec().upstreamId()).isEqualTo(a.cloudId());
                    assertThat(read.startNanos())
                            .as("before z's read ended, so before a's decision")
                            .isLessThan(things.call("read", "z").endNanos());
                });
        assertThat(((DepSpec) plan.change("d").orElseThrow().desired()).upstreamId())
                .isEqualTo(a.cloudId());
    }

    @Test
    void whenTheUpstreamIsReplacedItsDependantIsReadAgainWithThePlaceholderItsDecisionGets() {
        things.diffWith((desired, live) -> RecordingHandler.attributeDiff(desired, live, java.util.Set.of("size")));
        RecordingHandler.Live a = things.seed(nameOf("a"), Map.of("size", "0"), "old-hash");

        Plan plan = plan(catalog(false), def("a"), dependent("d", "a"));

        assertThat(plan.change("a").orElseThrow().action()).isEqualTo(Action.REPLACE);
        assertThat(dependents.reads)
                .extracting(read -> read.spec().upstreamId())
                .as("read ahead with the id found, then again as decided")
                .containsExactly(a.cloudId(), Unknown.of("a", "id"));
        assertThat(((DepSpec) plan.change("d").orElseThrow().desired()).upstreamId())
                .matches(Unknown::isUnknown);
    }

    @Test
    void anUpstreamThatFindsItsOutputsFirstHasItsDependantsReadBeforeItsOwnReadEnds() {
        things.sleepInRead("a", Duration.ofMillis(400));
        RecordingHandler.Live a = things.seed(nameOf("a"), Map.of("size", "1"), SpecHasher.hash(fixed("a")));

        Plan plan = plan(catalog(true), def("a"), dependent("d", "a"));

        assertThat(plan.change("a").orElseThrow().action()).isEqualTo(Action.NO_OP);
        assertThat(dependents.reads).singleElement().satisfies(read -> {
            assertThat(read.spec().upstreamId()).isEqualTo(a.cloudId());
            assertThat(read.startNanos())
                    .as("while a's read was still running")
                    .isLessThan(things.call("read", "a").endNanos());
        });
    }

    @Test
    void anUpstreamItsFirstCallDoesNotFindHasItsDependantReadOnceAfterItsWholeRead() {
        things.sleepInRead("a", Duration.ofMillis(200));

        Plan plan = plan(catalog(true), def("a"), dependent("d", "a"));

        assertThat(plan.change("a").orElseThrow().action()).isEqualTo(Action.CREATE);
        assertThat(dependents.reads)
                .as("one read, with the placeholder of what is to be created")
                .singleElement()
                .satisfies(read -> {
                    assertThat(read.spec().upstreamId()).isEqualTo(Unknown.of("a", "id"));
                    assertThat(read.startNanos())
                            .isGreaterThanOrEqualTo(things.call("read", "a").endNanos());
                });
    }

    @Test
    void aKindThatReadsByOneOfItsUpstreamsIsReadOnceThatOneIsReadWithoutWaitingForTheOthers() {
        DependentHandler byFirst = new DependentHandler(true);
        things.sleepInRead("z", Duration.ofMillis(400));
        RecordingHandler.Live a = things.seed(nameOf("a"), Map.of("size", "1"), SpecHasher.hash(fixed("a")));
        RecordingHandler.Live z = things.seed(nameOf("z"), Map.of("size", "1"), SpecHasher.hash(fixed("z")));

        Plan plan = plan(with(byFirst), def("a"), def("z"), dependent("d", "a", "z"));

        assertThat(byFirst.reads)
                .as("d is read once, by a's id, while z's read was still running")
                .singleElement()
                .satisfies(read -> {
                    assertThat(read.spec().upstreamId()).isEqualTo(a.cloudId());
                    assertThat(read.spec().otherId()).isEqualTo(Unknown.of("z", "id"));
                    assertThat(read.startNanos())
                            .isLessThan(things.call("read", "z").endNanos());
                });
        assertThat(((DepSpec) plan.change("d").orElseThrow().desired()).otherId())
                .as("the decision still has z's output")
                .isEqualTo(z.cloudId());
    }

    @Test
    void aKindThatReadsByItsWholeSpecWaitsForEveryUpstream() {
        things.sleepInRead("z", Duration.ofMillis(400));
        RecordingHandler.Live z = things.seed(nameOf("z"), Map.of("size", "1"), SpecHasher.hash(fixed("z")));
        things.seed(nameOf("a"), Map.of("size", "1"), SpecHasher.hash(fixed("a")));

        plan(catalog(false), def("a"), def("z"), dependent("d", "a", "z"));

        assertThat(dependents.reads).singleElement().satisfies(read -> {
            assertThat(read.spec().otherId()).isEqualTo(z.cloudId());
            assertThat(read.startNanos())
                    .isGreaterThanOrEqualTo(things.call("read", "z").endNanos());
        });
    }

    private HandlerCatalog with(DependentHandler dependent) {
        ResourceHandler<?, ?> thing = things.catalog().forKind(RecordingHandler.KIND);
        return kind -> kind.equals(DEPENDENT.name()) ? dependent : thing;
    }

    private Plan plan(HandlerCatalog catalog, ResourceDef<?>... defs) {
        return new Planner(ResourceGraph.of(List.of(defs)), catalog, settings(1)).plan();
    }

    private static Spec fixed(String id) {
        return new Spec(nameOf(id), Map.of("size", "1"));
    }

    /**
     * The recording handler for {@code test.thing} (with {@link FindsOutputsFirst} answering from
     * its cloud at once, without the read's sleep, when {@code early}), and the dependent kind.
     */
    private HandlerCatalog catalog(boolean early) {
        ResourceHandler<?, ?> thing = things.catalog().forKind(RecordingHandler.KIND);
        if (early) {
            List<Class<?>> interfaces = new ArrayList<>(List.of(RecordingHandler.class.getInterfaces()));
            interfaces.add(FindsOutputsFirst.class);
            thing = (ResourceHandler<?, ?>) Proxy.newProxyInstance(
                    getClass().getClassLoader(), interfaces.toArray(Class<?>[]::new), (proxy, method, args) -> {
                        if (method.getName().equals("outputsFound")) {
                            Spec desired = (Spec) args[0];
                            return Optional.ofNullable(things.cloud().get(desired.name()))
                                    .map(things::outputs);
                        }
                        try {
                            return method.invoke(things, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }
        ResourceHandler<?, ?> upstream = thing;
        return kind -> kind.equals(DEPENDENT.name()) ? dependents : upstream;
    }

    private static ResourceDef<DepSpec> dependent(String id, String upstream) {
        return new ResourceDef<>(
                id,
                DEPENDENT,
                nameOf(id),
                DeletionPolicy.DELETE,
                List.of(upstream),
                in -> new DepSpec(nameOf(id), in.output(upstream, "id"), null));
    }

    /** A dependent of two upstreams, with the id of each. */
    private static ResourceDef<DepSpec> dependent(String id, String upstream, String other) {
        return new ResourceDef<>(
                id,
                DEPENDENT,
                nameOf(id),
                DeletionPolicy.DELETE,
                List.of(upstream, other),
                in -> new DepSpec(nameOf(id), in.output(upstream, "id"), in.output(other, "id")));
    }

    record DepSpec(String name, String upstreamId, String otherId) {}

    record DepLive(String name) {}

    record Read(DepSpec spec, long startNanos) {}

    static final Kind<DepSpec> DEPENDENT = Kind.of("test.dependent", DepSpec.class);

    /**
     * Finds nothing; records the spec of every read. {@code byUpstreamAlone}: its read says it
     * looks the object up by the first upstream's id alone; otherwise by the whole spec.
     */
    static final class DependentHandler implements ResourceHandler<DepSpec, DepLive>, ReadsUpstreamOutputs<DepSpec> {
        final List<Read> reads = new CopyOnWriteArrayList<>();
        private final boolean byUpstreamAlone;

        DependentHandler(boolean byUpstreamAlone) {
            this.byUpstreamAlone = byUpstreamAlone;
        }

        @Override
        public Object readsBy(DepSpec spec) {
            return byUpstreamAlone ? spec.upstreamId() : spec;
        }

        @Override
        public Kind<DepSpec> kind() {
            return DEPENDENT;
        }

        @Override
        public Optional<DepLive> read(DepSpec desired, HandlerContext ctx) {
            reads.add(new Read(desired, System.nanoTime()));
            return Optional.empty();
        }

        @Override
        public List<AttributeChange> diff(DepSpec desired, DepLive live) {
            return List.of();
        }

        @Override
        public DepLive create(DepSpec desired, HandlerContext ctx) {
            throw new UnsupportedOperationException("a plan creates nothing");
        }

        @Override
        public DepLive update(DepSpec desired, DepLive live, List<AttributeChange> changes, HandlerContext ctx) {
            throw new UnsupportedOperationException("a plan updates nothing");
        }

        @Override
        public DeleteResult delete(DepLive live, DeletionPolicy policy, HandlerContext ctx) {
            throw new UnsupportedOperationException("a plan deletes nothing");
        }

        @Override
        public Outputs outputs(DepLive live) {
            return Outputs.NONE;
        }
    }
}

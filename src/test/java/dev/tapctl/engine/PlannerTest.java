package dev.tapctl.engine;

import static dev.tapctl.engine.RecordingHandler.def;
import static dev.tapctl.engine.RecordingHandler.keptForRetainedData;
import static dev.tapctl.engine.RecordingHandler.nameOf;
import static dev.tapctl.engine.RecordingHandler.settings;
import static dev.tapctl.engine.RecordingHandler.wired;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.tapctl.engine.RecordingHandler.Call;
import dev.tapctl.engine.RecordingHandler.Spec;
import dev.tapctl.engine.spi.AttributeChange;
import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.Tags;
import dev.tapctl.engine.spi.Unknown;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PlannerTest {
    private final RecordingHandler handler = new RecordingHandler();

    /** The spec {@link RecordingHandler#def(String, String...)} computes for {@code id}. */
    private static Spec fixedSpec(String id) {
        return new Spec(nameOf(id), Map.of("size", "1"));
    }

    private Plan plan(ResourceGraph graph) {
        return new Planner(graph, handler.catalog(), settings(4)).plan();
    }

    @Test
    void everythingAbsentIsCreatedForReasonAbsent() {
        ResourceGraph graph = ResourceGraph.of(List.of(def("a"), def("b", "a"), def("c", "b")));

        Plan plan = plan(graph);

        assertThat(plan.changes()).extracting(Step::id).containsExactlyElementsOf(graph.order());
        assertThat(plan.changes()).allSatisfy(change -> {
            assertThat(change.action()).isEqualTo(Action.CREATE);
            assertThat(change.reason()).isEqualTo(Reason.ABSENT);
            assertThat(change.live()).isNull();
            assertThat(change.kind()).isEqualTo(RecordingHandler.KIND);
        });
        assertThat(plan.change("b").orElseThrow().dependsOn()).containsExactly("a");
        assertThat(plan.change("a").orElseThrow().attributes())
                .extracting(AttributeChange::path)
                .contains("name", "attributes");
        assertThat(plan.hasChanges()).isTrue();
        assertThat(plan.summary()).containsEntry(Action.CREATE, 3).containsEntry(Action.NO_OP, 0);
        assertThat(handler.idsOf("read")).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(handler.mutatingCalls()).isEmpty();
    }

    @Test
    void onlyWhatThePlanCreatesIsAskedWhetherAwsWouldCreateItAndEveryRefusalIsNamed() {
        ResourceGraph graph = ResourceGraph.of(List.of(def("a"), def("b", "a"), def("c", "b"), def("d")));
        handler.seed(nameOf("a"), Map.of("size", "1"), null);
        handler.refuseToCreate(nameOf("a"), "size", "never asked: it exists");
        handler.refuseToCreate(nameOf("b"), "size", "size 1 is retired");
        handler.refuseToCreate(nameOf("d"), "size", "not in this region");
        Planner planner = new Planner(graph, handler.catalog(), settings(4));
        Plan plan = planner.plan();

        CreationRefusedException refused =
                catchThrowableOfType(CreationRefusedException.class, () -> planner.refuseRefusedCreations(plan));

        assertThat(refused).isNotNull();
        assertThat(refused.refusals())
                .containsExactly(
                        new CreationRefusedException.Refusal("b", "size", "size 1 is retired"),
                        new CreationRefusedException.Refusal("d", "size", "not in this region"));
        assertThat(handler.idsOf("creationRefusal")).containsExactlyInAnyOrder("b", "c", "d");
        assertThat(handler.mutatingCalls()).isEmpty();
    }

    @Test
    void aReplacementIsACreationToo() {
        ResourceGraph graph = ResourceGraph.of(List.of(def("a")));
        handler.seed(nameOf("a"), Map.of("size", "2"), "old-hash");
        handler.diffWith((spec, live) -> List.of(AttributeChange.replacing("size", "2", "1")));
        handler.refuseToCreate(nameOf("a"), "size", "size 1 is retired");
        Planner planner = new Planner(graph, handler.catalog(), settings(4));
        Plan plan = planner.plan();
        assertThat(plan.change("a").orElseThrow().action()).isEqualTo(Action.REPLACE);

        CreationRefusedException refused =
                catchThrowableOfType(CreationRefusedException.class, () -> planner.refuseRefusedCreations(plan));

        assertThat(refused.refusals())
                .containsExactly(new CreationRefusedException.Refusal("a", "size", "size 1 is retired"));
    }

    @Test
    void aDestroyPlanOrAnOfflinePlanAsksNothingAboutCreations() {
        ResourceGraph graph = ResourceGraph.of(List.of(def("a")));
        handler.refuseToCreate(nameOf("a"), "size", "refused");
        RunSettings offline = new RunSettings(
                "test", "eu-west-1", Unknown.of("aws", "accountId"), 4, Set.of(), ProgressListener.SILENT);
        Planner online = new Planner(graph, handler.catalog(), settings(4));

        online.refuseRefusedCreations(new DestroyPlanner(graph, handler.catalog(), settings(4)).plan());
        Planner offlinePlanner = new Planner(graph, null, offline);
        offlinePlanner.refuseRefusedCreations(offlinePlanner.plan());

        assertThat(handler.idsOf("creationRefusal")).isEmpty();
    }

    @Test
    void offlinePlanCallsNoHandlerAndTreatsTheAccountAsEmpty() {
        handler.seed(nameOf("a"), Map.of("size", "1"), "whatever"); // would be found if anyone looked
        ResourceGraph graph = ResourceGraph.of(List.of(
                def("a"),
                wired("b", DeletionPolicy.DELETE, "a"),
                def("acct", DeletionPolicy.DELETE, in -> Map.of("account", in.accountId()))));
        RunSettings offline = new RunSettings(
                "test", "eu-west-1", Unknown.of("aws", "accountId"), 4, Set.of(), ProgressListener.SILENT);

        Plan plan = new Planner(graph, null, offline).plan();

        assertThat(handler.calls()).isEmpty();
        assertThat(plan.changes()).extracting(Step::action).containsOnly(Action.CREATE);
        assertThat(plan.changes()).extracting(Step::reason).containsOnly(Reason.ABSENT);
        assertThat(((Spec) plan.change("b").orElseThrow().desired())
                        .attributes()
                        .get("a.id"))
                .matches(Unknown::isUnknown);
        assertThat(((Spec) plan.change("acct").orElseThrow().desired())
                        .attributes()
                        .get("account"))
                .matches(Unknown::isUnknown);
    }

    @Test
    void downstreamSeesUnknownWhenUpstreamIsToBeCreated() {
        ResourceGraph graph = ResourceGraph.of(List.of(def("a"), wired("b", DeletionPolicy.DELETE, "a")));

        Plan plan = plan(graph);

        Spec b = (Spec) plan.change("b").orElseThrow().desired();
        String upstreamId = b.attributes().get("a.id");
        assertThat(upstreamId).isNotNull();
        assertThat(Unknown.isUnknown(upstreamId)).isTrue();
        assertThat(upstreamId).isEqualTo(Unknown.of("a", "id"));
        // The placeholder is also what the planner shows, never null.
        assertThat(plan.change("b").orElseThrow().attributes())
                .filteredOn(change -> change.path().equals("attributes"))
                .singleElement()
                .satisfies(change -> assertThat(String.valueOf(change.after())).contains(Unknown.of("a", "id")));
    }

    @Test
    void downstreamSeesTheRealValueWhenUpstreamExists() {
        RecordingHandler.Live a = handler.seed(nameOf("a"), Map.of("size", "1"), SpecHasher.hash(fixedSpec("a")));
        ResourceGraph graph = ResourceGraph.of(List.of(def("a"), wired("b", DeletionPolicy.DELETE, "a")));

        Plan plan = plan(graph);

        assertThat(plan.change("a").orElseThrow().action()).isEqualTo(Action.NO_OP);
        Spec b = (Spec) plan.change("b").orElseThrow().desired();
        assertThat(b.attributes().get("a.id")).isEqualTo(a.cloudId());
        assertThat(Unknown.isUnknown(b.attributes().get("a.id"))).isFalse();
        // b's read was in the plan's first round, before a's outputs were known; it looks b up by
        // its name, so a placeholder where a's id goes is all it needs (and never sent anywhere).
        assertThat(Unknown.isUnknown(
                        handler.call("read", "b").spec().attributes().get("a.id")))
                .isTrue();
    }

    @Test
    void aKindThatReadsByUpstreamOutputsIsReadOnceTheyAreKnown() {
        handler.readingUpstreamOutputs();
        RecordingHandler.Live a = handler.seed(nameOf("a"), Map.of("size", "1"), SpecHasher.hash(fixedSpec("a")));
        ResourceGraph graph = ResourceGraph.of(List.of(def("a"), wired("b", DeletionPolicy.DELETE, "a")));

        plan(graph);

        assertThat(handler.call("read", "b").spec().attributes()).containsEntry("a.id", a.cloudId());
    }

    @Test
    void aPlanIsOneRoundOfReadsNotAChainAlongTheGraph() {
        handler.sleepInRead("a", Duration.ofMillis(300));
        ResourceGraph graph = ResourceGraph.of(List.of(def("a"), def("b", "a"), def("c", "b")));

        plan(graph);

        Call a = handler.call("read", "a");
        assertThat(List.of(handler.call("read", "b"), handler.call("read", "c")))
                .as("b and c, which depend on a, are read while a's read is still running")
                .allSatisfy(read -> assertThat(read.startNanos()).isLessThan(a.endNanos()));
    }

    @Test
    void downstreamSeesUnknownWhenUpstreamIsToBeReplaced() {
        handler.diffWith((desired, live) -> RecordingHandler.attributeDiff(desired, live, Set.of("size")));
        handler.seed(nameOf("a"), Map.of("size", "0"), "old-hash");
        ResourceGraph graph = ResourceGraph.of(List.of(def("a"), wired("b", DeletionPolicy.DELETE, "a")));

        Plan plan = plan(graph);

        assertThat(plan.change("a").orElseThrow().action()).isEqualTo(Action.REPLACE);
        Spec b = (Spec) plan.change("b").orElseThrow().desired();
        assertThat(Unknown.isUnknown(b.attributes().get("a.id"))).isTrue();
    }

    @Test
    void noOpWhenNothingDiffersAndTheHashMatches() {
        handler.seed(nameOf("a"), Map.of("size", "1"), SpecHasher.hash(fixedSpec("a")));

        Plan plan = plan(ResourceGraph.of(List.of(def("a"))));

        Step a = plan.change("a").orElseThrow();
        assertThat(a.action()).isEqualTo(Action.NO_OP);
        assertThat(a.reason()).isNull();
        assertThat(a.attributes()).isEmpty();
        assertThat(a.live()).isNotNull();
        assertThat(plan.hasChanges()).isFalse();
    }

    @Test
    void sameHashButALiveDifferenceIsDrift() {
        handler.seed(nameOf("a"), Map.of("size", "7"), SpecHasher.hash(fixedSpec("a")));

        Step a = plan(ResourceGraph.of(List.of(def("a")))).change("a").orElseThrow();

        assertThat(a.action()).isEqualTo(Action.UPDATE);
        assertThat(a.reason()).isEqualTo(Reason.DRIFT);
        assertThat(a.attributes()).containsExactly(AttributeChange.of("size", "7", "1"));
    }

    @Test
    void differentHashIsAConfigurationChange() {
        handler.seed(nameOf("a"), Map.of("size", "7"), "0123456789abcdef");

        Step a = plan(ResourceGraph.of(List.of(def("a")))).change("a").orElseThrow();

        assertThat(a.action()).isEqualTo(Action.UPDATE);
        assertThat(a.reason()).isEqualTo(Reason.CONFIG);
        assertThat(a.attributes()).containsExactly(AttributeChange.of("size", "7", "1"));
    }

    @Test
    void missingHashTagWithAChangeIsAConfigurationChange() {
        handler.seed(nameOf("a"), Map.of("size", "7"), null);

        Step a = plan(ResourceGraph.of(List.of(def("a")))).change("a").orElseThrow();

        assertThat(a.action()).isEqualTo(Action.UPDATE);
        assertThat(a.reason()).isEqualTo(Reason.CONFIG);
    }

    @Test
    void onlyAStaleHashIsAnUpdateOfTheHashTag() {
        handler.seed(nameOf("a"), Map.of("size", "1"), "0123456789abcdef");

        Step a = plan(ResourceGraph.of(List.of(def("a")))).change("a").orElseThrow();

        assertThat(a.action()).isEqualTo(Action.UPDATE);
        assertThat(a.reason()).isEqualTo(Reason.CONFIG);
        assertThat(a.attributes())
                .containsExactly(AttributeChange.of(
                        "tags." + Tags.SPEC_HASH, "0123456789abcdef", SpecHasher.hash(fixedSpec("a"))));
    }

    @Test
    void aChangeThatForcesReplacementIsAReplace() {
        handler.diffWith((desired, live) -> RecordingHandler.attributeDiff(desired, live, Set.of("size")));
        handler.seed(nameOf("a"), Map.of("size", "7"), "0123456789abcdef");

        Step a = plan(ResourceGraph.of(List.of(def("a")))).change("a").orElseThrow();

        assertThat(a.action()).isEqualTo(Action.REPLACE);
        assertThat(a.reason()).isEqualTo(Reason.CONFIG);
        assertThat(a.attributes()).singleElement().satisfies(change -> assertThat(change.forcesReplace())
                .isTrue());
    }

    @Test
    void driftThatForcesReplacementIsAReplaceForDrift() {
        handler.diffWith((desired, live) -> RecordingHandler.attributeDiff(desired, live, Set.of("size")));
        handler.seed(nameOf("a"), Map.of("size", "7"), SpecHasher.hash(fixedSpec("a")));

        Step a = plan(ResourceGraph.of(List.of(def("a")))).change("a").orElseThrow();

        assertThat(a.action()).isEqualTo(Action.REPLACE);
        assertThat(a.reason()).isEqualTo(Reason.DRIFT);
    }

    @Test
    void planMakesNoMutatingCall() {
        handler.seed(nameOf("a"), Map.of("size", "7"), "stale");
        handler.seed(nameOf("b"), Map.of("size", "1"), SpecHasher.hash(fixedSpec("b")));
        ResourceGraph graph = ResourceGraph.of(List.of(def("a"), def("b", "a"), def("c", "b")));

        Plan plan = plan(graph);

        assertThat(plan.changes()).extracting(Step::action).containsExactly(Action.UPDATE, Action.NO_OP, Action.CREATE);
        assertThat(handler.mutatingCalls()).isEmpty();
    }

    @Test
    void aPlanSharesItsReadsAmongResourcesAndTheNextPlanReadsAfresh() {
        handler.seed(nameOf("a"), Map.of("size", "1"), SpecHasher.hash(fixedSpec("a")));
        ResourceGraph graph = ResourceGraph.of(List.of(def("a"), def("b", "a"), def("c")));

        Plan first = plan(graph);
        assertThat(handler.idsOf("read")).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(handler.listings()).as("one listing serves the three reads").isEqualTo(1);
        assertThat(first.change("b").orElseThrow().action()).isEqualTo(Action.CREATE);

        handler.seed(nameOf("b"), Map.of("size", "1"), SpecHasher.hash(fixedSpec("b")));
        Plan second = plan(graph);
        assertThat(handler.listings()).as("a new plan lists again").isEqualTo(2);
        assertThat(second.change("b").orElseThrow().action()).isEqualTo(Action.NO_OP);
    }

    @Test
    void destroyPlanDeletesRetainsAndSkipsAbsent() {
        handler.seed(nameOf("keep"), Map.of("size", "1"), "h");
        handler.seed(nameOf("drop"), Map.of("size", "1"), "h");
        handler.seed(nameOf("snap"), Map.of("size", "1"), "h");
        ResourceGraph graph = ResourceGraph.of(List.of(
                def("keep", DeletionPolicy.RETAIN, in -> Map.of("size", "1")),
                def("drop", DeletionPolicy.DELETE, in -> Map.of("size", "1")),
                def("snap", DeletionPolicy.SNAPSHOT, in -> Map.of("size", "1")),
                def("gone", DeletionPolicy.DELETE, in -> Map.of("size", "1"))));

        Plan plan = new DestroyPlanner(graph, handler.catalog(), settings(4)).plan();

        assertThat(plan.destroy()).isTrue();
        assertThat(plan.change("keep").orElseThrow().action()).isEqualTo(Action.RETAIN);
        assertThat(plan.change("drop").orElseThrow().action()).isEqualTo(Action.DELETE);
        assertThat(plan.change("snap").orElseThrow().action()).isEqualTo(Action.DELETE);
        assertThat(plan.change("gone").orElseThrow().action()).isEqualTo(Action.NO_OP);
        assertThat(handler.mutatingCalls()).isEmpty();
    }

    /**
     * The data tier in small: a key and a secret needed by retained data, a SNAPSHOT database
     * using both, a RETAIN table using the key, and a function using the key (DELETE: no data).
     */
    private static ResourceGraph dataTier() {
        return ResourceGraph.of(List.of(
                keptForRetainedData(def("key")),
                keptForRetainedData(wired("secret", DeletionPolicy.DELETE, "key")),
                wired("db", DeletionPolicy.SNAPSHOT, "key", "secret"),
                wired("table", DeletionPolicy.RETAIN, "key"),
                wired("fn", DeletionPolicy.DELETE, "key")));
    }

    private Plan planDestroy(ResourceGraph graph) {
        return new DestroyPlanner(graph, handler.catalog(), settings(4)).plan();
    }

    @Test
    void aDestroyPlanKeepsTheKeyAndSecretWhileAFinalSnapshotOfTheGoneDatabaseNeedsThem() {
        // What a first destroy leaves: the database gone after its final snapshot, key and secret kept.
        handler.seed(nameOf("key"), Map.of("size", "1"), "h");
        handler.seed(nameOf("secret"), Map.of("size", "1"), "h");
        handler.seed(nameOf("fn"), Map.of("size", "1"), "h");
        handler.finalSnapshotsOf(nameOf("db"), nameOf("db") + "-final-20250101-000000");

        Plan plan = planDestroy(dataTier());

        assertThat(plan.change("db").orElseThrow().action()).isEqualTo(Action.NO_OP);
        for (String kept : List.of("key", "secret")) {
            Step change = plan.change(kept).orElseThrow();
            assertThat(change.action()).as(kept).isEqualTo(Action.RETAIN);
            assertThat(change.note())
                    .as(kept)
                    .isEqualTo("kept: final snapshot tap-test-db-final-20250101-000000 needs it");
        }
        assertThat(plan.change("fn").orElseThrow().action()).isEqualTo(Action.DELETE);
        assertThat(handler.idsOf("finalSnapshots"))
                .as("asked only of the SNAPSHOT resource that is gone")
                .containsExactly("db");
        assertThat(handler.mutatingCalls()).isEmpty();
    }

    @Test
    void onceTheFinalSnapshotsAreDeletedADestroyPlanDeletesTheKeyAndSecret() {
        handler.seed(nameOf("key"), Map.of("size", "1"), "h");
        handler.seed(nameOf("secret"), Map.of("size", "1"), "h");

        Plan plan = planDestroy(dataTier());

        assertThat(plan.change("key").orElseThrow().action()).isEqualTo(Action.DELETE);
        assertThat(plan.change("secret").orElseThrow().action()).isEqualTo(Action.DELETE);
        assertThat(plan.change("key").orElseThrow().note()).isEmpty();
        assertThat(handler.idsOf("finalSnapshots")).containsExactly("db");
    }

    @Test
    void theNoteNamesRetainedDataAndEveryFinalSnapshot() {
        handler.seed(nameOf("key"), Map.of("size", "1"), "h");
        handler.seed(nameOf("secret"), Map.of("size", "1"), "h");
        handler.seed(nameOf("table"), Map.of("size", "1"), "h");
        handler.finalSnapshotsOf(
                nameOf("db"), "tap-test-db-final-20250101-000000", "tap-test-db-final-20250202-000000");

        Plan plan = planDestroy(dataTier());

        assertThat(plan.change("key").orElseThrow().note())
                .isEqualTo(
                        "kept: table keep data that needs it; "
                                + "final snapshots tap-test-db-final-20250101-000000, tap-test-db-final-20250202-000000 need it");
        assertThat(plan.change("secret").orElseThrow().note())
                .isEqualTo(
                        "kept: final snapshots tap-test-db-final-20250101-000000, tap-test-db-final-20250202-000000 need it");
    }

    @Test
    void onlyADestroyPlanOfAGoneSnapshotResourceAsksForFinalSnapshots() {
        ResourceGraph graph = dataTier();
        handler.finalSnapshotsOf(nameOf("db"), "tap-test-db-final-20250101-000000");

        plan(graph);
        assertThat(handler.idsOf("finalSnapshots")).as("a plan for apply").isEmpty();

        handler.seed(nameOf("key"), Map.of("size", "1"), "h");
        handler.seed(nameOf("secret"), Map.of("size", "1"), "h");
        handler.seed(nameOf("db"), Map.of("size", "1"), "h");
        Plan destroy = planDestroy(graph);
        assertThat(handler.idsOf("finalSnapshots"))
                .as("a destroy plan with the database still there")
                .isEmpty();
        assertThat(destroy.change("key").orElseThrow().note()).isEqualTo("kept: db keep data that needs it");
    }

    @Test
    void aKindThatReadsByUpstreamOutputsIsAskedForFinalSnapshotsOnceItsReadRan() {
        handler.readingUpstreamOutputs();
        handler.seed(nameOf("key"), Map.of("size", "1"), "h");
        handler.seed(nameOf("secret"), Map.of("size", "1"), "h");
        handler.finalSnapshotsOf(nameOf("db"), "tap-test-db-final-20250101-000000");

        Plan plan = planDestroy(dataTier());

        assertThat(plan.change("secret").orElseThrow().action()).isEqualTo(Action.RETAIN);
        Call asked = handler.call("finalSnapshots", "db");
        assertThat(asked.startNanos())
                .isGreaterThanOrEqualTo(handler.call("read", "db").endNanos());
    }
}

package dev.tapctl.engine;

import static dev.tapctl.engine.RecordingHandler.def;
import static dev.tapctl.engine.RecordingHandler.keptForRetainedData;
import static dev.tapctl.engine.RecordingHandler.nameOf;
import static dev.tapctl.engine.RecordingHandler.settings;
import static dev.tapctl.engine.RecordingHandler.wired;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.tapctl.engine.NodeResult.Status;
import dev.tapctl.engine.RecordingHandler.Call;
import dev.tapctl.engine.spi.DeleteResult;
import dev.tapctl.engine.spi.DeleteResult.Outcome;
import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.ResourceDef;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DestroyerTest {
    private static final Duration LIMIT = Duration.ofSeconds(10);
    private final RecordingHandler handler = new RecordingHandler();

    private Map<String, DeleteResult> destroy(ResourceGraph graph) {
        Plan plan = new DestroyPlanner(graph, handler.catalog(), settings(4)).plan();
        return assertTimeoutPreemptively(
                LIMIT,
                () -> RecordingHandler.expectSuccess(
                        () -> new Destroyer(graph, handler.catalog(), settings(4)).destroy(plan)));
    }

    /** Applies {@code graph} so that the fake cloud holds every resource, then forgets the calls made. */
    private RecordingHandler applied(ResourceGraph graph) {
        new Applier(graph, handler.catalog(), settings(4))
                .apply(new Planner(graph, handler.catalog(), settings(4)).plan());
        return handler;
    }

    @Test
    void deletesDependantsBeforeTheirDependencies() {
        ResourceGraph graph = ResourceGraph.of(List.of(
                def("key"),
                wired("logs", DeletionPolicy.DELETE, "key"),
                wired("role", DeletionPolicy.DELETE, "key"),
                wired("fn", DeletionPolicy.DELETE, "logs", "role"),
                def("bucket")));
        applied(graph).refuseDeleteWhileReferenced();
        int callsBefore = handler.calls("delete").size();

        Map<String, DeleteResult> results = destroy(graph);

        assertThat(results).containsOnlyKeys("key", "logs", "role", "fn", "bucket");
        assertThat(results.values()).extracting(DeleteResult::outcome).containsOnly(Outcome.DELETED);
        assertThat(handler.calls("delete")).hasSize(callsBefore + 5);
        for (String id : graph.order()) {
            Call delete = handler.call("delete", id);
            for (String dependency : graph.dependenciesOf(id)) {
                assertThat(delete.endNanos())
                        .as("delete of %s ended before delete of %s started", id, dependency)
                        .isLessThanOrEqualTo(handler.call("delete", dependency).startNanos());
            }
        }
        // Returned in teardown order: every dependant before what it depends on.
        List<String> order = List.copyOf(results.keySet());
        assertThat(order.indexOf("fn")).isLessThan(order.indexOf("logs")).isLessThan(order.indexOf("key"));
        assertThat(order.indexOf("role")).isLessThan(order.indexOf("key"));
        assertThat(handler.cloud()).isEmpty();
    }

    @Test
    void retainedResourcesAreReportedRetainedAndKept() {
        ResourceGraph graph = ResourceGraph.of(List.of(
                def("table", DeletionPolicy.RETAIN, in -> Map.of("size", "1")),
                def("queue", DeletionPolicy.DELETE, in -> Map.of("size", "1"))));
        applied(graph);

        Map<String, DeleteResult> results = destroy(graph);

        assertThat(results.get("table").outcome()).isEqualTo(Outcome.RETAINED);
        assertThat(results.get("queue").outcome()).isEqualTo(Outcome.DELETED);
        assertThat(handler.cloud()).containsOnlyKeys(nameOf("table"));
        assertThat(handler.calls())
                .as("retain is decided by the engine: the handler is not asked")
                .noneMatch(c -> c.method().equals("delete") && c.logicalId().equals("table"));
    }

    @Test
    void snapshotPolicyIsPassedToTheHandler() {
        ResourceGraph graph = ResourceGraph.of(List.of(def("db", DeletionPolicy.SNAPSHOT, in -> Map.of("size", "1"))));
        applied(graph);

        Map<String, DeleteResult> results = destroy(graph);

        assertThat(results.get("db").outcome()).isEqualTo(Outcome.SNAPSHOTTED);
        assertThat(results.get("db").detail()).isEqualTo(nameOf("db") + "-final");
        assertThat(handler.call("delete", "db").policy()).isEqualTo(DeletionPolicy.SNAPSHOT);
    }

    @Test
    void absentResourcesAreSkipped() {
        handler.seed(nameOf("present"), Map.of("size", "1"), "h");
        ResourceGraph graph =
                ResourceGraph.of(List.of(def("absent"), def("present", "absent"), def("alsoAbsent", "present")));

        Map<String, DeleteResult> results = destroy(graph);

        assertThat(results).containsOnlyKeys("present");
        assertThat(handler.idsOf("delete")).containsExactly("present");
        assertThat(handler.cloud()).isEmpty();
    }

    @Test
    void destroyingAnEmptyAccountMakesNoMutatingCall() {
        ResourceGraph graph = ResourceGraph.of(List.of(def("a"), def("b", "a")));

        assertThat(destroy(graph)).isEmpty();
        assertThat(handler.mutatingCalls()).isEmpty();
    }

    @Test
    void aFailedDeleteKeepsWhatItDependsOn() {
        ResourceGraph graph =
                ResourceGraph.of(List.of(def("key"), wired("fn", DeletionPolicy.DELETE, "key"), def("bucket")));
        applied(graph);
        // Something outside the graph still uses fn: its delete fails, so key must stay.
        handler.refuseDeleteWhileReferenced();
        handler.seed(
                "outsider", Map.of("uses", handler.cloud().get(nameOf("fn")).cloudId()), null);
        Plan plan = new DestroyPlanner(graph, handler.catalog(), settings(4)).plan();

        RunFailedException failure = catchThrowableOfType(
                RunFailedException.class,
                () -> assertTimeoutPreemptively(
                        LIMIT, () -> new Destroyer(graph, handler.catalog(), settings(4)).destroy(plan)));

        assertThat(failure).isNotNull();
        assertThat(failure.results().get("fn").status()).isEqualTo(Status.FAILED);
        assertThat(failure.results().get("key").status()).isEqualTo(Status.BLOCKED);
        assertThat(failure.results().get("key").blockedBy()).isEqualTo("fn");
        assertThat(failure.results().get("bucket").status()).isEqualTo(Status.SUCCEEDED);
        assertThat(handler.cloud()).containsKeys(nameOf("key"), nameOf("fn")).doesNotContainKey(nameOf("bucket"));
        // What did go is part of the failure, for the report.
        assertThat(failure)
                .isInstanceOfSatisfying(DestroyFailedException.class, destroyFailed -> assertThat(destroyFailed.done())
                        .containsOnlyKeys("bucket"));
    }

    @Test
    void aDeletionTheHandlerWouldRefuseStopsTheDestroyBeforeAnythingGoes() {
        ResourceGraph graph = ResourceGraph.of(List.of(def("key"), wired("dlq", DeletionPolicy.DELETE, "key")));
        applied(graph);
        handler.refuseToDelete(nameOf("dlq"), "holds 3 messages");
        Plan plan = new DestroyPlanner(graph, handler.catalog(), settings(4)).plan();
        assertThat(plan.change("dlq").orElseThrow().note()).isEqualTo("refused: holds 3 messages");

        DeletionRefusedException refused = catchThrowableOfType(
                DeletionRefusedException.class,
                () -> new Destroyer(graph, handler.catalog(), settings(4)).destroy(plan));

        assertThat(refused).isNotNull();
        assertThat(refused.refusals()).containsExactly("dlq: holds 3 messages");
        assertThat(handler.idsOf("delete")).as("nothing torn down").isEmpty();
    }

    @Test
    void whatRetainedDataNeedsIsKeptAndEverythingElseGoes() {
        ResourceDef<RecordingHandler.Spec> plainKey = def("key");
        ResourceDef<RecordingHandler.Spec> key = new ResourceDef<>(
                plainKey.id(),
                plainKey.kind(),
                plainKey.name(),
                plainKey.deletionPolicy(),
                plainKey.dependsOn(),
                plainKey.desired(),
                true);
        ResourceGraph graph =
                ResourceGraph.of(List.of(key, def("subnet"), wired("table", DeletionPolicy.RETAIN, "key", "subnet")));
        applied(graph);

        Map<String, DeleteResult> results = destroy(graph);

        assertThat(results.get("table").outcome()).isEqualTo(Outcome.RETAINED);
        assertThat(results.get("key").outcome()).isEqualTo(Outcome.RETAINED);
        assertThat(results.get("key").detail()).contains("table");
        assertThat(results.get("subnet").outcome())
                .as("not needed by retained data")
                .isEqualTo(Outcome.DELETED);
        assertThat(handler.cloud()).containsKeys(nameOf("table"), nameOf("key")).doesNotContainKey(nameOf("subnet"));
    }

    @Test
    void aKeptResourceGoesOnceNothingRetainedNeedsIt() {
        ResourceDef<RecordingHandler.Spec> plainKey = def("key");
        ResourceDef<RecordingHandler.Spec> key = new ResourceDef<>(
                plainKey.id(),
                plainKey.kind(),
                plainKey.name(),
                plainKey.deletionPolicy(),
                plainKey.dependsOn(),
                plainKey.desired(),
                true);
        ResourceGraph graph = ResourceGraph.of(List.of(key, wired("fn", DeletionPolicy.DELETE, "key")));
        applied(graph);

        Map<String, DeleteResult> results = destroy(graph);

        assertThat(results.get("key").outcome()).isEqualTo(Outcome.DELETED);
        assertThat(handler.cloud()).isEmpty();
    }

    @Test
    void aSecondDestroyKeepsWhatTheFinalSnapshotNeedsUntilTheSnapshotIsDeleted() {
        ResourceGraph graph = ResourceGraph.of(List.of(
                keptForRetainedData(def("key")),
                keptForRetainedData(wired("secret", DeletionPolicy.DELETE, "key")),
                wired("db", DeletionPolicy.SNAPSHOT, "key", "secret")));
        applied(graph);

        Map<String, DeleteResult> first = destroy(graph);
        assertThat(first.get("db").outcome()).isEqualTo(Outcome.SNAPSHOTTED);
        assertThat(first.get("key").detail()).contains("db keep data");

        Map<String, DeleteResult> second = destroy(graph);
        assertThat(second.get("key").outcome()).isEqualTo(Outcome.RETAINED);
        assertThat(second.get("secret").outcome()).isEqualTo(Outcome.RETAINED);
        assertThat(second.get("secret").detail()).contains("final snapshot " + nameOf("db") + "-final needs it");
        assertThat(handler.cloud()).containsOnlyKeys(nameOf("key"), nameOf("secret"));

        handler.deleteFinalSnapshotsOf(nameOf("db"));
        Map<String, DeleteResult> third = destroy(graph);
        assertThat(third.get("key").outcome()).isEqualTo(Outcome.DELETED);
        assertThat(third.get("secret").outcome()).isEqualTo(Outcome.DELETED);
        assertThat(handler.cloud()).isEmpty();
    }
}

package dev.tapctl.engine;

import static dev.tapctl.engine.RecordingHandler.def;
import static dev.tapctl.engine.RecordingHandler.nameOf;
import static dev.tapctl.engine.RecordingHandler.settings;
import static dev.tapctl.engine.RecordingHandler.wired;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.tapctl.engine.NodeResult.Status;
import dev.tapctl.engine.RecordingHandler.Call;
import dev.tapctl.engine.RecordingHandler.Live;
import dev.tapctl.engine.RecordingHandler.Spec;
import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.ResourceDef;
import dev.tapctl.engine.spi.Tags;
import dev.tapctl.engine.spi.Unknown;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ApplierTest {
    private static final Duration LIMIT = Duration.ofSeconds(10);
    private final RecordingHandler handler = new RecordingHandler();

    private Plan plan(ResourceGraph graph) {
        return new Planner(graph, handler.catalog(), settings(4)).plan();
    }

    private Map<String, NodeResult> apply(ResourceGraph graph, Plan plan, String... allowReplace) {
        return assertTimeoutPreemptively(
                LIMIT,
                () -> RecordingHandler.expectSuccess(
                        () -> new Applier(graph, handler.catalog(), settings(4, allowReplace)).apply(plan)));
    }

    /** key <- logs, key <- role, {logs, role} <- fn: each wired to the ids of what it depends on. */
    private static ResourceGraph functionStack() {
        return ResourceGraph.of(List.of(
                wired("fn", DeletionPolicy.DELETE, "logs", "role"),
                wired("role", DeletionPolicy.DELETE, "key"),
                wired("logs", DeletionPolicy.DELETE, "key"),
                def("key")));
    }

    private static void assertDependenciesCreatedFirst(ResourceGraph graph, RecordingHandler handler) {
        for (String id : graph.order()) {
            Call create = handler.call("create", id);
            for (String dependency : graph.dependenciesOf(id)) {
                assertThat(handler.call("create", dependency).endNanos())
                        .as("create of %s ended before create of %s started", dependency, id)
                        .isLessThanOrEqualTo(create.startNanos());
            }
        }
    }

    @Test
    void createsInDependencyOrderWithRealUpstreamOutputs() {
        ResourceGraph graph = functionStack();
        Plan plan = plan(graph);
        assertThat(Unknown.isUnknown(((Spec) plan.change("fn").orElseThrow().desired())
                        .attributes()
                        .get("logs.id")))
                .as("the plan itself only knew a placeholder")
                .isTrue();

        Map<String, NodeResult> results = apply(graph, plan);

        assertThat(results.values()).extracting(NodeResult::status).containsOnly(Status.SUCCEEDED);
        assertThat(handler.idsOf("create")).containsExactlyInAnyOrder("key", "logs", "role", "fn");
        assertDependenciesCreatedFirst(graph, handler);
        assertThat(handler.unknownsSeen()).isEmpty();
        assertThat(handler.mutationsWithSharedReads())
                .as("creates must not see the plan's listings")
                .isEmpty();

        Map<String, Live> cloud = handler.cloud();
        Live fn = cloud.get(nameOf("fn"));
        assertThat(fn.attributes())
                .containsEntry("logs.id", cloud.get(nameOf("logs")).cloudId())
                .containsEntry("role.id", cloud.get(nameOf("role")).cloudId());
        assertThat(cloud.get(nameOf("role")).attributes())
                .containsEntry("key.id", cloud.get(nameOf("key")).cloudId());
        // Every object carries the hash of the spec it was created from, and its logical id.
        for (String id : graph.order()) {
            Call create = handler.call("create", id);
            assertThat(cloud.get(nameOf(id)).tags())
                    .containsEntry(Tags.SPEC_HASH, SpecHasher.hash(create.spec()))
                    .containsEntry(Tags.LOGICAL_ID, id);
        }
    }

    @Test
    void independentCreatesOverlap() {
        handler.sleepInCreate("left", Duration.ofMillis(100)).sleepInCreate("right", Duration.ofMillis(100));
        ResourceGraph graph = ResourceGraph.of(List.of(def("left"), def("right")));

        apply(graph, plan(graph));

        Call left = handler.call("create", "left");
        Call right = handler.call("create", "right");
        assertThat(left.startNanos()).isLessThan(right.endNanos());
        assertThat(right.startNanos()).isLessThan(left.endNanos());
        assertThat(left.thread()).isNotEqualTo(right.thread());
    }

    @Test
    void aNoOpPlanMakesNoMutatingCall() {
        ResourceGraph graph = functionStack();
        apply(graph, plan(graph));
        int callsAfterFirstApply = handler.mutatingCalls().size();

        Plan second = plan(graph);
        assertThat(second.changes()).extracting(Step::action).containsOnly(Action.NO_OP);
        assertThat(second.hasChanges()).isFalse();
        Map<String, NodeResult> results = apply(graph, second);

        assertThat(results.values()).extracting(NodeResult::status).containsOnly(Status.SUCCEEDED);
        assertThat(handler.mutatingCalls()).hasSize(callsAfterFirstApply);
        assertThat(handler.calls("create")).hasSize(4);
        assertThat(handler.calls("update")).isEmpty();
        assertThat(handler.calls("delete")).isEmpty();
    }

    @Test
    void applyDoesNotReadAgain() {
        ResourceGraph graph = functionStack();
        Plan plan = plan(graph);
        int reads = handler.calls("read").size();

        apply(graph, plan);

        assertThat(handler.calls("read")).hasSize(reads);
    }

    @Test
    void driftIsUpdatedInPlace() {
        handler.seed(nameOf("a"), Map.of("size", "9"), SpecHasher.hash(new Spec(nameOf("a"), Map.of("size", "1"))));
        ResourceGraph graph = ResourceGraph.of(List.of(def("a")));
        Plan plan = plan(graph);
        assertThat(plan.change("a").orElseThrow().reason()).isEqualTo(Reason.DRIFT);
        String cloudId = handler.cloud().get(nameOf("a")).cloudId();

        apply(graph, plan);

        assertThat(handler.idsOf("update")).containsExactly("a");
        assertThat(handler.calls("create")).isEmpty();
        assertThat(handler.cloud().get(nameOf("a")).attributes()).containsEntry("size", "1");
        assertThat(handler.cloud().get(nameOf("a")).cloudId()).isEqualTo(cloudId);
    }

    @ParameterizedTest
    @EnumSource(
            value = DeletionPolicy.class,
            names = {"SNAPSHOT", "RETAIN"})
    void replacingAResourceThatKeepsDataIsRefusedUnlessAllowed(DeletionPolicy policy) {
        handler.diffWith((desired, live) -> RecordingHandler.attributeDiff(desired, live, Set.of("engine")));
        handler.seed(nameOf("db"), Map.of("engine", "postgres14"), "stale");
        ResourceGraph graph =
                ResourceGraph.of(List.of(def("db", policy, in -> Map.of("engine", "postgres16")), def("unrelated")));
        Plan plan = plan(graph);
        assertThat(plan.change("db").orElseThrow().action()).isEqualTo(Action.REPLACE);

        ReplaceRefusedException refused = catchThrowableOfType(
                ReplaceRefusedException.class, () -> new Applier(graph, handler.catalog(), settings(4)).apply(plan));

        assertThat(refused).isNotNull();
        assertThat(refused.resourceId()).isEqualTo("db");
        assertThat(refused).hasMessageContaining("--allow-replace db");
        assertThat(handler.mutatingCalls())
                .as("refused before anything is touched")
                .isEmpty();
        assertThat(handler.cloud().get(nameOf("db")).attributes()).containsEntry("engine", "postgres14");
    }

    @ParameterizedTest
    @EnumSource(
            value = DeletionPolicy.class,
            names = {"SNAPSHOT", "RETAIN"})
    void replacingAResourceThatKeepsDataIsDoneWhenAllowed(DeletionPolicy policy) {
        handler.diffWith((desired, live) -> RecordingHandler.attributeDiff(desired, live, Set.of("engine")));
        String oldId = handler.seed(nameOf("db"), Map.of("engine", "postgres14"), "stale")
                .cloudId();
        ResourceGraph graph = ResourceGraph.of(List.of(def("db", policy, in -> Map.of("engine", "postgres16"))));

        apply(graph, plan(graph), "db");

        assertThat(handler.mutatingCalls()).extracting(Call::method).containsExactly("delete", "create");
        assertThat(handler.call("delete", "db").policy())
                .as("a replaced SNAPSHOT resource still gets its final snapshot")
                .isEqualTo(policy == DeletionPolicy.SNAPSHOT ? DeletionPolicy.SNAPSHOT : DeletionPolicy.DELETE);
        Live db = handler.cloud().get(nameOf("db"));
        assertThat(db.cloudId()).isNotEqualTo(oldId);
        assertThat(db.attributes()).containsEntry("engine", "postgres16");
    }

    @Test
    void replacingADeletableResourceNeedsNoPermissionAndDependantsGetTheNewId() {
        handler.diffWith((desired, live) -> RecordingHandler.attributeDiff(desired, live, Set.of("cidr")));
        String oldVpc = handler.seed(nameOf("vpc"), Map.of("cidr", "10.0.0.0/16"), "stale")
                .cloudId();
        ResourceGraph graph = ResourceGraph.of(List.of(
                def("vpc", DeletionPolicy.DELETE, in -> Map.of("cidr", "10.1.0.0/16")),
                wired("sg", DeletionPolicy.DELETE, "vpc")));
        Spec sgBefore = new Spec(nameOf("sg"), Map.of("vpc.id", oldVpc));
        handler.seed(nameOf("sg"), sgBefore.attributes(), SpecHasher.hash(sgBefore));
        Plan plan = plan(graph);
        assertThat(plan.change("vpc").orElseThrow().action()).isEqualTo(Action.REPLACE);
        assertThat(plan.change("sg").orElseThrow().action()).isEqualTo(Action.UPDATE);

        apply(graph, plan);

        String newVpc = handler.cloud().get(nameOf("vpc")).cloudId();
        assertThat(newVpc).isNotEqualTo(oldVpc);
        assertThat(handler.call("update", "sg").spec().attributes()).containsEntry("vpc.id", newVpc);
        assertThat(handler.cloud().get(nameOf("sg")).attributes()).containsEntry("vpc.id", newVpc);
        assertThat(handler.unknownsSeen()).isEmpty();
    }

    @Test
    void replacingAResourceDeletesItsReplacedDependantsFirst() {
        handler.refuseDeleteWhileReferenced();
        handler.diffWith((desired, live) -> RecordingHandler.attributeDiff(desired, live, Set.of("cidr", "vpc.id")));
        String oldVpc = handler.seed(nameOf("vpc"), Map.of("cidr", "10.0.0.0/16"), "stale")
                .cloudId();
        Spec subnetBefore = new Spec(nameOf("subnet"), Map.of("vpc.id", oldVpc));
        handler.seed(nameOf("subnet"), subnetBefore.attributes(), SpecHasher.hash(subnetBefore));
        ResourceGraph graph = ResourceGraph.of(List.of(
                def("vpc", DeletionPolicy.DELETE, in -> Map.of("cidr", "10.1.0.0/16")),
                wired("subnet", DeletionPolicy.DELETE, "vpc")));
        Plan plan = plan(graph);
        assertThat(plan.change("vpc").orElseThrow().action()).isEqualTo(Action.REPLACE);
        assertThat(plan.change("subnet").orElseThrow().action()).isEqualTo(Action.REPLACE);

        apply(graph, plan);

        assertThat(handler.idsOf("delete")).containsExactly("subnet", "vpc");
        assertThat(handler.cloud().get(nameOf("subnet")).attributes())
                .containsEntry("vpc.id", handler.cloud().get(nameOf("vpc")).cloudId());
    }

    @Test
    void aFailedBranchBlocksItsDescendantsAndIndependentBranchesFinish() {
        handler.failCreateOf("role");
        ResourceGraph graph = ResourceGraph.of(List.of(
                def("key"),
                def("role", "key"),
                def("fn", "role"),
                def("api", "fn"),
                def("logs", "key"),
                def("bucket")));
        Plan plan = plan(graph);

        RunFailedException failure = catchThrowableOfType(
                RunFailedException.class,
                () -> assertTimeoutPreemptively(
                        LIMIT, () -> new Applier(graph, handler.catalog(), settings(4)).apply(plan)));

        assertThat(failure).isNotNull();
        Map<String, NodeResult> results = failure.results();
        assertThat(results.get("role").status()).isEqualTo(Status.FAILED);
        assertThat(results.get("role").error()).hasMessageContaining("injected failure creating role");
        assertThat(results.get("fn").status()).isEqualTo(Status.BLOCKED);
        assertThat(results.get("fn").blockedBy()).isEqualTo("role");
        assertThat(results.get("api").status()).isEqualTo(Status.BLOCKED);
        assertThat(results.get("api").blockedBy()).isEqualTo("role");
        assertThat(results.get("key").status()).isEqualTo(Status.SUCCEEDED);
        assertThat(results.get("logs").status()).isEqualTo(Status.SUCCEEDED);
        assertThat(results.get("bucket").status()).isEqualTo(Status.SUCCEEDED);
        assertThat(handler.idsOf("create")).doesNotContain("fn", "api");
        assertThat(handler.cloud()).containsOnlyKeys(nameOf("key"), nameOf("logs"), nameOf("bucket"));
    }

    @Test
    void progressHearsStartAndEndOfEveryStep() {
        handler.failCreateOf("b");
        List<String> events = new CopyOnWriteArrayList<>();
        ProgressListener listener = new ProgressListener() {
            @Override
            public void started(String id, String verb) {
                events.add("started " + id + " " + verb);
            }

            @Override
            public void finished(String id, String verb, Duration elapsed) {
                events.add("finished " + id + " " + verb);
            }

            @Override
            public void failed(String id, String verb, Throwable error, Duration elapsed) {
                events.add("failed " + id + " " + verb);
            }
        };
        ResourceGraph graph = ResourceGraph.of(List.of(def("a"), def("b")));
        RunSettings settings = new RunSettings("test", "eu-west-1", "123456789012", 2, Set.of(), listener);

        assertThatThrownBy(() -> new Applier(graph, handler.catalog(), settings).apply(plan(graph)))
                .isInstanceOf(RunFailedException.class);

        assertThat(events)
                .containsExactlyInAnyOrder(
                        "started a creating", "finished a creating", "started b creating", "failed b creating");
    }

    @Test
    void aStoppedApplyDoesNotLookComplete() {
        ResourceGraph graph = ResourceGraph.of(List.of(def("a"), def("b", "a")));
        Plan plan = plan(graph);
        Applier applier = new Applier(graph, handler.catalog(), settings(2));
        applier.requestStop();

        assertThatThrownBy(() -> applier.apply(plan)).isInstanceOf(RunFailedException.class);
        assertThat(handler.mutatingCalls()).isEmpty();
    }

    @Test
    void aSpecReadingAnUndeclaredDependencyFails() {
        ResourceDef<Spec> sneaky = def("sneaky", DeletionPolicy.DELETE, in -> Map.of("x", in.output("a", "id")));
        ResourceGraph graph = ResourceGraph.of(List.of(def("a"), sneaky));

        assertThatThrownBy(() -> plan(graph))
                .isInstanceOf(RunFailedException.class)
                .satisfies(e -> assertThat(
                                ((RunFailedException) e).results().get("sneaky").error())
                        .hasMessageContaining("does not depend on a"));
    }
}

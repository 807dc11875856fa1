package dev.tapctl.engine;

import static dev.tapctl.engine.RecordingHandler.def;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which resources --target and --exclude select, on the graph alone. */
class SelectionTest {
    /**
     * key <- role, logs <- fn <- api, fn.alarm; key <- db <- db.alarm; net (alone). Declared with
     * a dependant before its dependency, so that graph order, not declaration order, is checked.
     */
    static final ResourceGraph GRAPH = ResourceGraph.of(List.of(
            def("fn.api", "fn.api.role", "fn.api.logs"),
            def("key"),
            def("fn.api.role", "key"),
            def("fn.api.logs", "key"),
            def("api.rest", "fn.api"),
            def("alarms.fn.api", "fn.api"),
            def("data.db", "key"),
            def("alarms.db", "data.db"),
            def("net")));

    private static Selection apply(List<String> targets, List<String> excludes) {
        return Selection.of(GRAPH, targets, excludes, false);
    }

    private static Selection destroy(List<String> targets, List<String> excludes) {
        return Selection.of(GRAPH, targets, excludes, true);
    }

    @Test
    void noPatternSelectsEverythingAndIsNotPartial() {
        Selection all = apply(List.of(), List.of());

        assertThat(all.graph().order()).isEqualTo(GRAPH.order());
        assertThat(all.partial()).isEqualTo(Partial.NONE);
        assertThat(all.partial().active()).isFalse();
        assertThat(all.looksForOrphans()).isTrue();
        assertThat(all.includesOrphan("orphan:aws.thing:gone")).isTrue();
    }

    @Test
    void aTargetPullsInWhatItDependsOnTransitivelyAndNothingElse() {
        Selection selection = apply(List.of("fn.api"), List.of());

        assertThat(selection.graph().order())
                .containsExactlyInAnyOrder("key", "fn.api.role", "fn.api.logs", "fn.api")
                .isEqualTo(selection.partial().selected());
        assertThat(selection.partial().pulledIn())
                .containsExactly(entry("fn.api", List.of("key", "fn.api.role", "fn.api.logs")));
        assertThat(selection.partial().dropped()).isEmpty();
        assertThat(selection.partial().configured()).isEqualTo(GRAPH.size());
        assertThat(selection.partial().active()).isTrue();
        // What it changes is what it reads: nothing beyond the selection.
        assertThat(selection.readGraph().order()).isEqualTo(selection.graph().order());
    }

    @Test
    void theSubGraphKeepsTheEdgesBetweenSelectedResourcesInGraphOrder() {
        ResourceGraph sub = apply(List.of("fn.api"), List.of()).graph();

        assertThat(sub.dependenciesOf("fn.api")).containsExactly("fn.api.role", "fn.api.logs");
        assertThat(sub.dependantsOf("key")).containsExactlyInAnyOrder("fn.api.role", "fn.api.logs");
        // fn.api's dependants are left out, and so are the edges to them.
        assertThat(sub.dependantsOf("fn.api")).isEmpty();
        assertThat(sub.order())
                .isEqualTo(GRAPH.order().stream().filter(sub::contains).toList());
    }

    @Test
    void anExclusionDropsWhatDependsOnItTransitively() {
        Selection selection = apply(List.of(), List.of("fn.api.role"));

        assertThat(selection.graph().order())
                .containsExactlyInAnyOrder("key", "fn.api.logs", "data.db", "alarms.db", "net");
        assertThat(selection.partial().dropped())
                .containsExactly(entry("fn.api.role", List.of("fn.api", "api.rest", "alarms.fn.api")));
        assertThat(selection.partial().pulledIn()).isEmpty();
    }

    @Test
    void globsMatchLogicalIdsWholeAndEachTargetSaysWhatItPulledIn() {
        Selection selection = apply(List.of("alarms.*"), List.of());

        assertThat(selection.graph().order())
                .containsExactlyInAnyOrder(
                        "key", "fn.api.role", "fn.api.logs", "fn.api", "alarms.fn.api", "data.db", "alarms.db");
        assertThat(selection.partial().pulledIn().keySet()).containsExactly("alarms.fn.api", "alarms.db");
        assertThat(selection.partial().pulledIn()).containsEntry("alarms.db", List.of("key", "data.db"));
        // A glob matches the whole id: "fn.api?" is not "fn.api" and "fn.api" is not "fn.api.role".
        assertThat(apply(List.of("fn.api.rol?"), List.of()).graph().order())
                .containsExactlyInAnyOrder("key", "fn.api.role");
        assertThat(Selection.unmatched(GRAPH, List.of("fn.api?", "fn", "fn.api")))
                .containsExactly("fn.api?", "fn");
    }

    @Test
    void aTargetsDependencyThatIsATargetTooIsNotListedAsPulledIn() {
        Selection selection = apply(List.of("fn.api", "key"), List.of());

        assertThat(selection.partial().pulledIn())
                .containsExactly(entry("fn.api", List.of("fn.api.role", "fn.api.logs")));
    }

    @Test
    void unknownIdsAndGlobsAreReportedInTheOrderGivenOnceEach() {
        assertThat(Selection.unmatched(GRAPH, List.of("fn.worker", "fn.*", "nope.*", "fn.worker", "orphan:fn.old")))
                .containsExactly("fn.worker", "nope.*");
        assertThatThrownBy(() -> apply(List.of("fn.worker"), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fn.worker");
        assertThatThrownBy(() -> apply(List.of("fn.api"), List.of("data.db")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void destroyingATargetDestroysWhatDependsOnItAndReadsWhatItDependsOn() {
        Selection selection = destroy(List.of("fn.api"), List.of());

        assertThat(selection.graph().order()).containsExactlyInAnyOrder("fn.api", "api.rest", "alarms.fn.api");
        assertThat(selection.partial().pulledIn())
                .containsExactly(entry("fn.api", List.of("api.rest", "alarms.fn.api")));
        assertThat(selection.partial().destroy()).isTrue();
        // Finding them may need their dependencies' outputs: those are read, and only read.
        assertThat(selection.readGraph().order())
                .containsExactlyInAnyOrder("key", "fn.api.role", "fn.api.logs", "fn.api", "api.rest", "alarms.fn.api");
        // In the teardown, a selected resource waits only for selected dependants.
        assertThat(selection.graph().dependenciesOf("fn.api")).isEmpty();
        assertThat(selection.graph().get("fn.api").dependsOn()).containsExactly("fn.api.role", "fn.api.logs");
    }

    @Test
    void excludingFromADestroyKeepsWhatTheExcludedDependsOn() {
        Selection selection = destroy(List.of(), List.of("data.db"));

        assertThat(selection.graph().order())
                .containsExactlyInAnyOrder(
                        "fn.api", "fn.api.role", "fn.api.logs", "api.rest", "alarms.fn.api", "alarms.db", "net");
        assertThat(selection.partial().dropped()).containsExactly(entry("data.db", List.of("key")));
    }

    @Test
    void aPartialRunLooksForOrphansOnlyWhenATargetNamesOne() {
        Selection plain = apply(List.of("fn.api"), List.of());
        assertThat(plain.looksForOrphans()).isFalse();
        assertThat(plain.includesOrphan("fn.old")).isFalse();

        Selection orphan = apply(List.of("orphan:fn.old*"), List.of());
        assertThat(orphan.graph().order()).isEmpty();
        assertThat(orphan.looksForOrphans()).isTrue();
        assertThat(orphan.includesOrphan("fn.old")).isTrue();
        assertThat(orphan.includesOrphan("fn.old.dlq")).isTrue();
        assertThat(orphan.includesOrphan("fn.other")).isFalse();
        Selection byKindAndName = apply(List.of("orphan:aws.thing:tap-gone"), List.of());
        assertThat(byKindAndName.includesOrphan("orphan:aws.thing:tap-gone")).isTrue();
        assertThat(byKindAndName.includesOrphan("orphan:aws.thing:tap-other")).isFalse();
        assertThat(byKindAndName.partial().orphanTargets()).containsExactly("orphan:aws.thing:tap-gone");
    }

    @Test
    void restrictingAGraphToIdsItLacksIsRefused() {
        assertThatThrownBy(() -> GRAPH.restrictedTo(Set.of("ghost"))).isInstanceOf(IllegalArgumentException.class);
    }
}

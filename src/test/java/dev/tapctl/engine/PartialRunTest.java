package dev.tapctl.engine;

import static dev.tapctl.engine.RecordingHandler.nameOf;
import static dev.tapctl.engine.RecordingHandler.wired;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tapctl.engine.RecordingHandler.Live;
import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.HandlerCatalog;
import dev.tapctl.engine.spi.ListsOrphans;
import dev.tapctl.engine.spi.ResourceHandler;
import dev.tapctl.engine.spi.Tags;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Plans, applies and destroys of a selection: only it is read and changed, and orphans only when targeted. */
class PartialRunTest {
    /** Each resource's spec carries its dependencies' ids, so a missing upstream output would show. */
    private static final ResourceGraph GRAPH = ResourceGraph.of(List.of(
            wired("key", DeletionPolicy.DELETE),
            wired("fn.api.role", DeletionPolicy.DELETE, "key"),
            wired("fn.api", DeletionPolicy.DELETE, "fn.api.role"),
            wired("fn.worker", DeletionPolicy.DELETE, "fn.api.role"),
            wired("api.rest", DeletionPolicy.DELETE, "fn.api"),
            wired("data.db", DeletionPolicy.DELETE, "key"),
            wired("alarms.db", DeletionPolicy.DELETE, "data.db")));

    private final RecordingHandler handler = new RecordingHandler();
    private final List<Live> orphans = new ArrayList<>();
    private final AtomicInteger orphanListings = new AtomicInteger();

    private static RunSettings settings() {
        return new RunSettings("test", "eu-west-1", "123456789012", 4, Set.of(), ProgressListener.SILENT)
                .withOrphans(new RunSettings.OrphanScope("tap", "tap-test-"));
    }

    /** The recording handler, also listing {@link #orphans} as a kind that has orphans does. */
    private HandlerCatalog catalog() {
        ResourceHandler<?, ?> inner = handler.catalog().forKind(RecordingHandler.KIND);
        List<Class<?>> interfaces = new ArrayList<>(List.of(RecordingHandler.class.getInterfaces()));
        interfaces.add(ListsOrphans.class);
        ResourceHandler<?, ?> listing = (ResourceHandler<?, ?>) Proxy.newProxyInstance(
                getClass().getClassLoader(), interfaces.toArray(Class<?>[]::new), (proxy, method, args) -> {
                    if (method.getName().equals("listOrphans")) {
                        orphanListings.incrementAndGet();
                        return List.copyOf(orphans);
                    }
                    if (method.getName().equals("orphanPolicy")) {
                        return DeletionPolicy.DELETE;
                    }
                    try {
                        return method.invoke(inner, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        return kind -> listing;
    }

    private Plan plan(Selection selection) {
        return new Planner(selection, catalog(), settings()).plan();
    }

    /** Everything applied, and an orphan {@code fn.old} in the cloud; the calls so far forgotten. */
    private void appliedWithAnOrphan() throws Exception {
        Selection all = Selection.all(GRAPH);
        RecordingHandler.expectSuccess(() -> new Applier(GRAPH, catalog(), settings()).apply(plan(all)));
        Live old = new Live("tap-test-old", "cloud-old", Map.of(), Map.of(Tags.LOGICAL_ID, "fn.old"));
        handler.cloud().put(old.name(), old);
        orphans.add(old);
    }

    @Test
    void aTargetedApplyReadsAndChangesOnlyTheTargetAndWhatItDependsOn() throws Exception {
        Selection selection = Selection.of(GRAPH, List.of("fn.api"), List.of(), false);

        Plan plan = plan(selection);
        RecordingHandler.expectSuccess(() -> new Applier(selection.graph(), catalog(), settings()).apply(plan));

        assertThat(plan.changes()).extracting(Step::id).containsExactly("key", "fn.api.role", "fn.api");
        assertThat(plan.partial()).isEqualTo(selection.partial());
        assertThat(handler.idsOf("read")).containsExactlyInAnyOrder("key", "fn.api.role", "fn.api");
        assertThat(handler.idsOf("create")).containsExactly("key", "fn.api.role", "fn.api");
        // fn.api's spec was computed from its role's real id, which the selection carried.
        assertThat(handler.call("create", "fn.api").spec().attributes().get("fn.api.role.id"))
                .startsWith("cloud-");
        assertThat(handler.cloud()).containsOnlyKeys(nameOf("key"), nameOf("fn.api.role"), nameOf("fn.api"));
        assertThat(orphanListings).as("a partial run does not look for orphans").hasValue(0);
    }

    @Test
    void anExclusionLeavesTheExcludedAndItsDependantsUnreadAndUnchanged() throws Exception {
        Selection selection = Selection.of(GRAPH, List.of(), List.of("data.db"), false);

        Plan plan = plan(selection);
        RecordingHandler.expectSuccess(() -> new Applier(selection.graph(), catalog(), settings()).apply(plan));

        assertThat(plan.changes())
                .extracting(Step::id)
                .containsExactly("key", "fn.api.role", "fn.api", "fn.worker", "api.rest");
        assertThat(handler.idsOf("read")).doesNotContain("data.db", "alarms.db");
        assertThat(handler.idsOf("create")).doesNotContain("data.db", "alarms.db");
        assertThat(handler.cloud()).doesNotContainKeys(nameOf("data.db"), nameOf("alarms.db"));
    }

    @Test
    void orphansAreLeftAloneInAPartialRunUnlessTargetedById() throws Exception {
        appliedWithAnOrphan();
        Plan whole = plan(Selection.all(GRAPH));
        assertThat(whole.change("fn.old")).map(Step::action).contains(Action.DELETE);

        int listingsBefore = orphanListings.get();
        Plan partial = plan(Selection.of(GRAPH, List.of("fn.api"), List.of(), false));
        assertThat(partial.change("fn.old")).isEmpty();
        assertThat(orphanListings).hasValue(listingsBefore);

        Selection targeted = Selection.of(GRAPH, List.of("orphan:fn.old"), List.of(), false);
        Plan orphanOnly = plan(targeted);
        assertThat(orphanOnly.changes()).extracting(Step::id).containsExactly("fn.old");
        assertThat(targeted.unmatchedOrphanTargets(orphanOnly)).isEmpty();
        int deletesBefore = handler.calls("delete").size();
        RecordingHandler.expectSuccess(() -> new Applier(targeted.graph(), catalog(), settings()).apply(orphanOnly));
        assertThat(handler.calls("delete")).hasSize(deletesBefore + 1);
        assertThat(handler.cloud()).doesNotContainKey("tap-test-old").hasSize(GRAPH.size());

        Selection typo = Selection.of(GRAPH, List.of("orphan:fn.olld"), List.of(), false);
        assertThat(typo.unmatchedOrphanTargets(plan(typo))).containsExactly("orphan:fn.olld");
    }

    @Test
    void aTargetedDestroyDeletesTheTargetAndItsDependantsAndOnlyReadsWhatTheyDependOn() throws Exception {
        appliedWithAnOrphan();
        handler.readingUpstreamOutputs().refuseDeleteWhileReferenced();
        int readsBefore = handler.calls("read").size();
        Selection selection = Selection.of(GRAPH, List.of("fn.api"), List.of(), true);

        Plan plan = new DestroyPlanner(selection, catalog(), settings()).plan();
        new Destroyer(selection.graph(), catalog(), settings()).destroy(plan);

        assertThat(plan.changes()).extracting(Step::id).containsExactly("fn.api", "api.rest");
        assertThat(plan.changes()).extracting(Step::action).containsOnly(Action.DELETE);
        assertThat(((RecordingHandler.Spec) plan.change("fn.api").orElseThrow().desired())
                        .attributes()
                        .get("fn.api.role.id"))
                .as("the spec of what is destroyed is computed from real upstream outputs")
                .startsWith("cloud-");
        // Found by upstream outputs: fn.api needs its role's id, so the role is read, never changed.
        assertThat(handler.calls("read")
                        .subList(readsBefore, handler.calls("read").size()))
                .extracting(RecordingHandler.Call::logicalId)
                .containsExactlyInAnyOrder("key", "fn.api.role", "fn.api", "api.rest");
        assertThat(handler.calls("delete"))
                .extracting(RecordingHandler.Call::logicalId)
                .containsExactly("api.rest", "fn.api");
        assertThat(handler.cloud())
                .containsOnlyKeys(
                        nameOf("key"),
                        nameOf("fn.api.role"),
                        nameOf("fn.worker"),
                        nameOf("data.db"),
                        nameOf("alarms.db"),
                        "tap-test-old");
    }
}

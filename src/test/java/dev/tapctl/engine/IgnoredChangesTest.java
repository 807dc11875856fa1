package dev.tapctl.engine;

import static dev.tapctl.engine.RecordingHandler.def;
import static dev.tapctl.engine.RecordingHandler.nameOf;
import static dev.tapctl.engine.RecordingHandler.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tapctl.engine.RecordingHandler.Spec;
import dev.tapctl.engine.spi.AttributeChange;
import dev.tapctl.engine.spi.AttributeChange.Ignored;
import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.Tags;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code ignoreChanges} in the engine: an ignored difference is read and shown, marked, but is no
 * change; an update for other differences writes the live value back at the ignored path, and the
 * spec hash it records is that of what it wrote, so the next plan is clean.
 */
class IgnoredChangesTest {
    private final RecordingHandler handler = new RecordingHandler();
    /** The recording handler's diff names an attribute by its key; the spec holds it under attributes. */
    private static final IgnoredPaths SIZE_IGNORED = new IgnoredPaths(Map.of("a", Map.of("size", "attributes.size")));

    private static RunSettings ignoring(IgnoredPaths ignored) {
        return settings(2).withIgnored(ignored);
    }

    private Plan plan(ResourceGraph graph, IgnoredPaths ignored) {
        return new Planner(graph, handler.catalog(), ignoring(ignored)).plan();
    }

    private void apply(ResourceGraph graph, Plan plan, IgnoredPaths ignored) {
        new Applier(graph, handler.catalog(), ignoring(ignored)).apply(plan);
    }

    private static ResourceGraph one(Map<String, String> attributes) {
        return ResourceGraph.of(List.of(def("a", DeletionPolicy.DELETE, in -> attributes)));
    }

    private static String hashOf(Map<String, String> attributes) {
        return SpecHasher.hash(new Spec(nameOf("a"), attributes));
    }

    @Test
    void driftAtAnIgnoredPathIsANoOpThatShowsItAndApplyLeavesIt() {
        handler.seed(nameOf("a"), Map.of("size", "9"), hashOf(Map.of("size", "1")));
        ResourceGraph graph = one(Map.of("size", "1"));

        Plan plan = plan(graph, SIZE_IGNORED);

        Step step = plan.change("a").orElseThrow();
        assertThat(step).isInstanceOf(Step.NoOp.class);
        assertThat(plan.hasChanges()).isFalse();
        assertThat(step.attributes()).containsExactly(new AttributeChange("size", "9", "1", false, Ignored.DRIFT));
        apply(graph, plan, SIZE_IGNORED);
        assertThat(handler.mutatingCalls()).isEmpty();
        assertThat(handler.cloud().get(nameOf("a")).attributes()).containsEntry("size", "9");
    }

    @Test
    void withoutTheRuleTheSameDriftIsRepaired() {
        handler.seed(nameOf("a"), Map.of("size", "9"), hashOf(Map.of("size", "1")));
        ResourceGraph graph = one(Map.of("size", "1"));

        Plan plan = plan(graph, IgnoredPaths.NONE);

        assertThat(plan.change("a").orElseThrow().reason()).isEqualTo(Reason.DRIFT);
        assertThat(plan.change("a").orElseThrow().ignoresDifferences()).isFalse();
        apply(graph, plan, IgnoredPaths.NONE);
        assertThat(handler.cloud().get(nameOf("a")).attributes()).containsEntry("size", "1");
    }

    @Test
    void aConfigurationChangeAtAnIgnoredPathIsIgnoredAndSaysItIsTheConfiguration() {
        handler.seed(nameOf("a"), Map.of("size", "1"), hashOf(Map.of("size", "1")));

        Plan plan = plan(one(Map.of("size", "2")), SIZE_IGNORED);

        Step step = plan.change("a").orElseThrow();
        assertThat(step).isInstanceOf(Step.NoOp.class);
        assertThat(step.attributes()).containsExactly(new AttributeChange("size", "1", "2", false, Ignored.CONFIG));
    }

    @Test
    void anUpdateForAnotherDifferenceKeepsTheLiveValueAndRecordsTheHashOfWhatItWrote() {
        handler.seed(nameOf("a"), Map.of("size", "9", "colour", "red"), hashOf(Map.of("size", "1", "colour", "red")));
        ResourceGraph graph = one(Map.of("size", "1", "colour", "blue"));

        Plan plan = plan(graph, SIZE_IGNORED);
        Step step = plan.change("a").orElseThrow();
        assertThat(step.action()).isEqualTo(Action.UPDATE);
        assertThat(step.reason()).isEqualTo(Reason.CONFIG);
        assertThat(step.attributes())
                .containsExactlyInAnyOrder(
                        AttributeChange.of("colour", "red", "blue"),
                        new AttributeChange("size", "9", "1", false, Ignored.DRIFT));
        apply(graph, plan, SIZE_IGNORED);

        Map<String, String> written = Map.of("size", "9", "colour", "blue");
        assertThat(handler.call("update", "a").spec().attributes()).isEqualTo(written);
        assertThat(handler.cloud().get(nameOf("a")).tags()).containsEntry(Tags.SPEC_HASH, hashOf(written));
        Plan next = plan(graph, SIZE_IGNORED);
        assertThat(next.hasChanges())
                .as("no hash-only update after writing around an ignored path")
                .isFalse();
        // The object is now as tapctl last wrote it: what differs is the configuration.
        assertThat(next.change("a").orElseThrow().attributes())
                .containsExactly(new AttributeChange("size", "9", "1", false, Ignored.CONFIG));
    }

    @Test
    void anIgnoredDifferenceThatWouldForceAReplacementDoesNot() {
        handler.diffWith((desired, live) -> RecordingHandler.attributeDiff(desired, live, java.util.Set.of("size")));
        handler.seed(nameOf("a"), Map.of("size", "9"), hashOf(Map.of("size", "1")));

        Plan plan = plan(one(Map.of("size", "1")), SIZE_IGNORED);

        assertThat(plan.change("a").orElseThrow().action()).isEqualTo(Action.NO_OP);
    }

    @Test
    void aLiveValueTheSpecCannotHoldFailsThePlanRatherThanBeingWrittenOver() {
        // The handler names the difference "size", but the rule maps it to a field the spec lacks.
        handler.seed(nameOf("a"), Map.of("size", "9"), hashOf(Map.of("size", "1")));
        IgnoredPaths wrong = new IgnoredPaths(Map.of("a", Map.of("size", "sizes")));

        assertThatThrownBy(() -> plan(one(Map.of("size", "1")), wrong))
                .isInstanceOf(RunFailedException.class)
                .satisfies(e -> assertThat(
                                ((RunFailedException) e).results().get("a").error())
                        .hasMessageContaining("a: ignoreChanges: cannot keep size as AWS has it"));
    }

    @Test
    void aPathCoversWhatIsUnderIt() {
        IgnoredPaths tags = new IgnoredPaths(Map.of("a", Map.of("tags", "tags")));

        assertThat(tags.covers("a", AttributeChange.of("tags.CostCenter", "x", "y")))
                .isTrue();
        assertThat(tags.specPath("a", "tags.CostCenter")).contains("tags.CostCenter");
        assertThat(tags.covers("a", AttributeChange.of("tagsX", "x", "y"))).isFalse();
        assertThat(tags.covers("b", AttributeChange.of("tags.CostCenter", "x", "y")))
                .isFalse();
    }

    @Test
    void theOverlayKeepsOtherFieldsAndRemovesATagAwsDoesNotHave() {
        record Inner(int memoryMb, Map<String, String> tags) {}
        Inner spec = new Inner(128, Map.of("CostCenter", "1", "Owner", "me"));

        assertThat(SpecOverlay.with(spec, "memoryMb", 256)).isEqualTo(new Inner(256, spec.tags()));
        assertThat(SpecOverlay.with(spec, "tags.CostCenter", null)).isEqualTo(new Inner(128, Map.of("Owner", "me")));
        assertThat(SpecOverlay.with(spec, "tags.Team", "x"))
                .isEqualTo(new Inner(128, Map.of("CostCenter", "1", "Owner", "me", "Team", "x")));
        assertThatThrownBy(() -> SpecOverlay.with(spec, "memoryMb", "lots"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

package dev.tapctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tapctl.engine.Plan;
import dev.tapctl.engine.Reason;
import dev.tapctl.engine.Step;
import dev.tapctl.engine.spi.AttributeChange;
import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.testing.GraphReading;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Mermaid graph of a plan's changes in the pull-request comment, within its size limit. */
class PlanMarkdownGraphTest {
    private static final String FULL = "tapctl plan --env dev --format json";

    @Test
    void drawsTheChangesAndTheirDirectDependantsOnlyFolded() {
        Plan plan = new Plan(
                "dev",
                "us-east-1",
                false,
                List.of(
                        new Step.Update(
                                "kms.key",
                                "aws.kms.key",
                                "alias/tap-dev",
                                Reason.DRIFT,
                                List.of(AttributeChange.of("rotation", false, true)),
                                List.of(),
                                DeletionPolicy.DELETE,
                                Map.of(),
                                Map.of()),
                        noOp("data.table", List.of("kms.key")),
                        noOp("network.vpc", List.of()),
                        noOp("network.igw", List.of("network.vpc"))));

        String markdown = PlanMarkdown.render(plan, FULL);
        String graph = markdown.substring(markdown.indexOf("<details><summary>Graph of the changes"));
        assertThat(graph).contains("```mermaid\nflowchart LR\n").endsWith("</details>\n");
        GraphReading.Mermaid read =
                GraphReading.mermaid(graph.substring(graph.indexOf("flowchart"), graph.lastIndexOf("```")));
        assertThat(read.nodes()).containsExactly("kms.key", "data.table");
        assertThat(read.edges()).containsExactly(List.of("kms.key", "data.table"));
        assertThat(read.fills())
                .containsEntry("kms.key", StackPicture.fill(dev.tapctl.engine.Action.UPDATE))
                .containsEntry("data.table", StackPicture.fill(dev.tapctl.engine.Action.NO_OP));
    }

    @Test
    void aMixedPlansGraphHoldsEveryChange() {
        String markdown = PlanMarkdown.render(SyntheticPlans.mixed(), FULL);
        assertThat(markdown).contains("```mermaid\n");
        String graph = markdown.substring(markdown.indexOf("flowchart LR"));
        assertThat(GraphReading.mermaid(graph).nodes())
                .contains("data.db", "data.table", "network.flowlogs.group", "api.key.old")
                .doesNotContain("network.vpc");
    }

    @Test
    void aPlanTooLargeForTheGraphSaysItIsLeftOutAndStaysWithinTheLimit() {
        Plan large = new Plan("dev", "us-east-1", false, SyntheticPlans.creates(500));
        String markdown = PlanMarkdown.render(large, FULL);
        assertThat(markdown.length()).isLessThanOrEqualTo(PlanMarkdown.LIMIT);
        assertThat(markdown).doesNotContain("```mermaid").contains(PlanMarkdown.GRAPH_LEFT_OUT);
    }

    @Test
    void aPlanWithoutChangesHasNoGraph() {
        Plan none = new Plan("dev", "us-east-1", false, List.of(noOp("network.vpc", List.of())));
        assertThat(PlanMarkdown.render(none, FULL)).doesNotContain("mermaid").doesNotContain("graph of the changes");
    }

    private static Step noOp(String id, List<String> dependsOn) {
        return new Step.NoOp(id, "aws.x", id, dependsOn, DeletionPolicy.DELETE, Map.of(), Map.of());
    }
}

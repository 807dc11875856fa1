package dev.tapctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tapctl.engine.Plan;
import dev.tapctl.engine.Step;
import dev.tapctl.engine.spi.AttributeChange;
import dev.tapctl.engine.spi.AttributeChange.Ignored;
import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.testing.PlanSchema;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A no-op that only ignored differences keep from being clean, in plan JSON and the markdown comment. */
class IgnoredPlanOutputTest {
    private static final Plan PLAN = new Plan(
            "dev",
            "us-east-1",
            false,
            List.of(new Step.NoOp(
                    "fn.worker",
                    "aws.lambda.function",
                    "tap-dev-worker",
                    List.of(new AttributeChange("memoryMb", 256, 128, false, Ignored.DRIFT)),
                    List.of(),
                    DeletionPolicy.DELETE,
                    Map.of("memoryMb", 128),
                    Map.of())));

    @Test
    void jsonMarksTheAttributeIgnoredAndTheSchemaAcceptsIt() {
        String json = PlanJson.render(PLAN);

        assertThat(json).contains("\"ignored\" : true", "\"ignoredBecause\" : \"drift\"", "\"action\" : \"no-op\"");
        assertThat(PlanSchema.problems(json)).isEmpty();
    }

    @Test
    void theSchemaRefusesIgnoredWithoutWhyOrFalse() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        JsonNode plan = mapper.readTree(PlanJson.render(PLAN));
        ObjectNode attribute = (ObjectNode) plan.at("/changes/0/attributes/0");
        assertThat(attribute.path("ignoredBecause").asText()).isEqualTo("drift");

        attribute.remove("ignoredBecause");
        assertThat(PlanSchema.problems(mapper.writeValueAsString(plan))).isNotEmpty();
        attribute.put("ignoredBecause", "drift").put("ignored", false);
        assertThat(PlanSchema.problems(mapper.writeValueAsString(plan))).isNotEmpty();
    }

    @Test
    void markdownShowsTheIgnoredDifferenceThoughNothingChanges() {
        String markdown = PlanMarkdown.render(PLAN, "tapctl plan --env dev --format json");

        assertThat(markdown).contains("no changes", "fn.worker", "memoryMb: 256 -> 128  drift (ignored)");
    }
}

package dev.tapctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tapctl.engine.Action;
import dev.tapctl.engine.Plan;
import dev.tapctl.engine.Reason;
import dev.tapctl.engine.Step;
import dev.tapctl.engine.spi.AttributeChange;
import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.testing.PlanSchema;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An {@code adopt} step (an object made outside tapctl, reason {@code unmanaged}) in every plan
 * format: the text and markdown line with its differences and the count "1 to adopt", plan JSON
 * that conforms to the published schema, and a saved plan that reads back and renders the same.
 * A plan that adopts nothing keeps its counts as they were.
 */
class AdoptPlanRenderingTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** The mixed plan, with the bucket made by hand before tapctl: versioning off, no tags. */
    static Plan adopting() {
        List<Step> steps = new ArrayList<>(SyntheticPlans.mixed().changes());
        steps.add(new Step.Adopt(
                "data.bucket",
                "aws.s3.bucket",
                "tap-dev-123456789012-us-east-1",
                List.of(
                        AttributeChange.of("versioning", null, "Enabled"),
                        AttributeChange.of("tags.ManagedBy", null, "tapctl")),
                List.of("kms.key"),
                DeletionPolicy.RETAIN,
                Map.of("name", "tap-dev-123456789012-us-east-1", "versioning", "Enabled"),
                Map.of("name", "tap-dev-123456789012-us-east-1"),
                ""));
        return new Plan("dev", "us-east-1", false, steps);
    }

    private static String rendered(PlanFormat format, Plan plan) {
        StringWriter out = new StringWriter();
        Console console = new Console(
                new PrintWriter(out, true),
                new PrintWriter(new StringWriter(), true),
                new java.io.BufferedReader(new java.io.StringReader("")),
                false,
                false);
        format.print(plan, console, "tapctl plan --env dev --format json");
        return out.toString();
    }

    @Test
    void textShowsTheAdoptionItsDifferencesAndTheCount() {
        String text = rendered(PlanFormat.TEXT, adopting());

        assertThat(text)
                .contains(" ~> data.bucket  aws.s3.bucket  tap-dev-123456789012-us-east-1  (adopt: unmanaged)")
                .contains("        versioning: (none) -> \"Enabled\"\n")
                .contains("        tags.ManagedBy: (none) -> \"tapctl\"\n")
                .containsPattern("Plan: 1 to adopt, 3 to create, 1 to update, 2 to replace, 1 to delete, 1 unchanged.");
    }

    @Test
    void markdownCountsTheAdoptionAndShowsItInTheDetail() {
        String markdown = rendered(PlanFormat.MARKDOWN, adopting());

        assertThat(markdown.lines().findFirst().orElseThrow()).contains(": 1 to adopt, 3 to create, ");
        assertThat(markdown)
                .contains("~> data.bucket  aws.s3.bucket  tap-dev-123456789012-us-east-1  (adopt: unmanaged)");
    }

    @Test
    void planJsonHasTheAdoptActionAndCountAndConformsToTheSchema() throws Exception {
        String json = PlanJson.render(adopting());

        assertThat(PlanSchema.problems(json)).as(json).isEmpty();
        JsonNode tree = JSON.readTree(json);
        JsonNode bucket = null;
        for (JsonNode change : tree.path("changes")) {
            if (change.path("id").asText().equals("data.bucket")) {
                bucket = change;
            }
        }
        assertThat(bucket).isNotNull();
        assertThat(bucket.path("action").asText()).isEqualTo("adopt");
        assertThat(bucket.path("reason").asText()).isEqualTo("unmanaged");
        assertThat(bucket.path("attributes").get(0).path("path").asText()).isEqualTo("versioning");
        assertThat(tree.path("summary").path("adopt").asInt()).isEqualTo(1);
    }

    @Test
    void aPlanThatAdoptsNothingHasNoAdoptCountAnywhere() throws Exception {
        Plan plan = SyntheticPlans.mixed();

        assertThat(JSON.readTree(PlanJson.render(plan)).path("summary").has("adopt"))
                .isFalse();
        assertThat(rendered(PlanFormat.TEXT, plan)).doesNotContain("to adopt");
        assertThat(rendered(PlanFormat.MARKDOWN, plan)).doesNotContain("to adopt");
    }

    @Test
    void theSchemaRefusesAnAdoptionWithAnotherReasonAndAZeroAdoptCount() throws Exception {
        ObjectNode tree = (ObjectNode) JSON.readTree(PlanJson.render(adopting()));
        for (JsonNode change : tree.path("changes")) {
            if (change.path("action").asText().equals("adopt")) {
                ((ObjectNode) change).put("reason", "drift");
            }
        }
        assertThat(PlanSchema.problems(tree.toString())).as("adopt for drift").isNotEmpty();

        ObjectNode zero = (ObjectNode) JSON.readTree(PlanJson.render(adopting()));
        ((ObjectNode) zero.path("summary")).put("adopt", 0);
        assertThat(PlanSchema.problems(zero.toString()))
                .as("a count of 0 adoptions")
                .isNotEmpty();
    }

    @Test
    void aSavedPlanThatAdoptsReadsBackAsAnAdoptionAndRendersAsThePlanDid() throws Exception {
        Plan plan = adopting();
        Path file = dir.resolve("p.tfplan");
        PlanFile.of(
                        plan,
                        "123456789012",
                        PlanFile.ConfigurationDigest.of(
                                Map.of("defaults.yaml", JSON.createObjectNode(), "dev.yaml", JSON.createObjectNode()),
                                Map.of()))
                .write(file);

        Plan read = PlanFile.read(file).savedPlan();

        Step bucket = read.change("data.bucket").orElseThrow();
        assertThat(bucket).isInstanceOf(Step.Adopt.class);
        assertThat(bucket.action()).isEqualTo(Action.ADOPT);
        assertThat(bucket.reason()).isEqualTo(Reason.UNMANAGED);
        assertThat(((Step.Adopt) bucket).refused()).isFalse();
        for (PlanFormat format : PlanFormat.values()) {
            assertThat(rendered(format, read)).as(format.word()).isEqualTo(rendered(format, plan));
        }
    }

    @Test
    void driftReportsAnObjectToAdoptAsPendingSayingWhy() {
        Plan plan = new Plan(
                "dev",
                "us-east-1",
                false,
                List.of(adopting().change("data.bucket").orElseThrow()));

        EnvironmentDrift drift = EnvironmentDrift.of(plan, "123456789012", kind -> null);

        assertThat(drift.resources()).singleElement().satisfies(r -> {
            assertThat(r.standing()).isEqualTo(EnvironmentDrift.Standing.PENDING);
            assertThat(r.why()).contains("tapctl did not make it").contains("apply adopts it");
        });
    }
}

package dev.tapctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tapctl.testing.CliRun;
import dev.tapctl.testing.PlanSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The plan JSON Schema: published in the repository, printed by {@code tapctl schema plan}, met by
 * every plan tapctl prints (also checked by {@link CliRun} on every {@code plan --json} of the
 * suite), and strict enough to reject a plan that breaks the documented format.
 */
class PlanSchemaTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The action and reason of a change go together (a create is absent, a no-op has no reason ...). */
    private static final String ONE_OF = "/changes/0: must be valid to one and only one schema, but 0 are valid";

    @Test
    void schemaPlanPrintsThePublishedSchemaFile() throws Exception {
        CliRun.Result result = CliRun.offline().run("schema", "plan");

        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(result.out()).isEqualTo(Files.readString(Path.of("src/main/resources/schemas/plan.schema.json")));
        JsonNode schema = JSON.readTree(result.out());
        assertThat(schema.path("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(schema.path("additionalProperties").asBoolean(true)).isFalse();
    }

    @Test
    void schemaOfAnUnknownFormatIsAUsageError() {
        CliRun.Result result = CliRun.offline().run("schema", "outputs");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("schema: no schema named 'outputs' (there are: plan, drift)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void everyEnvironmentsOfflinePlanConforms(String env) {
        CliRun.Result result = CliRun.offline().run("plan", "--env", env, "--offline", "--format", "json");

        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(PlanSchema.problems(result.out())).isEmpty();
    }

    @Test
    void planJsonOfEveryActionAndReasonConforms() {
        for (var plan : List.of(SyntheticPlans.mixed(), SyntheticPlans.destroy())) {
            String json = PlanJson.render(plan);
            assertThat(json).contains("\"replace\"", "\"delete\"", "\"retain\"");
            assertThat(PlanSchema.problems(json)).as(json).isEmpty();
        }
    }

    static Stream<Arguments> breakages() {
        return Stream.of(
                breakage(
                        "a field the format does not have",
                        ": property 'extra' is not defined",
                        p -> p.put("extra", 1)),
                breakage(
                        "another format version",
                        "/formatVersion: must be the constant value '1'",
                        p -> p.put("formatVersion", 2)),
                breakage(
                        "a summary without retain",
                        "/summary: required property 'retain' not found",
                        p -> ((ObjectNode) p.get("summary")).remove("retain")),
                breakage("a negative count", "/summary/create: must have a minimum value of 0", p -> ((ObjectNode)
                                p.get("summary"))
                        .put("create", -1)),
                breakage(
                        "an unknown action",
                        "/changes/0/action: does not have a value in the enumeration",
                        p -> change(p).put("action", "recreate")),
                breakage(
                        "an unknown reason",
                        "/changes/0/reason: does not have a value in the enumeration",
                        p -> change(p).put("reason", "manual")),
                breakage(
                        "a create whose reason is drift", ONE_OF, p -> change(p).put("reason", "drift")),
                breakage("a no-op with a reason", ONE_OF, p -> change(p).put("action", "no-op")),
                breakage(
                        "an unknown deletion policy",
                        "/changes/0/deletionPolicy: does not have a value in the enumeration",
                        p -> change(p).put("deletionPolicy", "KEEP")),
                breakage("a change without its kind", "/changes/0: required property 'kind' not found", p -> change(p)
                        .remove("kind")),
                breakage(
                        "a field a change does not have",
                        "/changes/0: property 'password' is not defined",
                        p -> change(p).put("password", "hunter2")),
                breakage("an empty note", "/changes/0/note: must be at least 1 characters long", p -> change(p)
                        .put("note", "")),
                breakage(
                        "desired as a string",
                        "/changes/0/desired: string found, [object, null] expected",
                        p -> change(p).put("desired", "{}")),
                breakage("an orphan with a spec", ONE_OF, p -> change(p)
                        .put("action", "delete")
                        .put("reason", "orphan")
                        .set("dependsOn", JSON.createArrayNode())),
                breakage(
                        "an attribute without forcesReplace",
                        "/changes/0/attributes/0: required property 'forcesReplace' not found",
                        p -> ((ObjectNode) change(p).get("attributes").get(0)).remove("forcesReplace")),
                breakage("a kind outside aws", "/changes/0/kind: does not match the regex pattern", p -> change(p)
                        .put("kind", "vpc")),
                breakage(
                        "a region that is none",
                        "/region: does not match the regex pattern",
                        p -> p.put("region", "east")),
                breakage(
                        "changes as an object",
                        "/changes: object found, array expected",
                        p -> p.set("changes", JSON.createObjectNode())),
                breakage("a change that is null", "/changes/0: null found, object expected", p -> ((ArrayNode)
                                p.get("changes"))
                        .set(0, NullNode.getInstance())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("breakages")
    void aMalformedPlanIsRejected(String what, String problem, Consumer<ObjectNode> breakage) throws Exception {
        ObjectNode plan = (ObjectNode) JSON.readTree(CliRun.offline()
                .run("plan", "--env", "dev", "--offline", "--json")
                .out());
        assertThat(PlanSchema.problems(plan.toString()))
                .as("the plan before it is broken")
                .isEmpty();

        breakage.accept(plan);

        assertThat(PlanSchema.problems(plan.toString())).as(what).isNotEmpty().anySatisfy(found -> assertThat(found)
                .startsWith(problem));
    }

    @Test
    void theCheckOfTheSuiteFailsOnAMalformedPlan() {
        String broken = PlanJson.render(SyntheticPlans.mixed()).replace("\"replace\"", "\"recreate\"");

        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> PlanSchema.requireValid(broken, "plan --json")))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("breaks schemas/plan.schema.json")
                .hasMessageContaining("action");
    }

    @Test
    void cliRunChecksThePlanJsonItCapturesAndNothingElse() {
        CliRun cli = CliRun.offline();

        int before = PlanSchema.checked();
        cli.run("plan", "--env", "dev", "--offline", "--json");
        assertThat(PlanSchema.checked()).as("plan --json").isEqualTo(before + 1);
        cli.run("plan", "--env", "dev", "--offline", "--format", "markdown");
        cli.run("plan", "--env", "dev", "--offline", "--json", "--format", "text");
        assertThat(PlanSchema.checked())
                .as("markdown, and a usage error that prints no plan")
                .isEqualTo(before + 1);
    }

    @Test
    void theSuiteChecksEveryWayOfAskingForPlanJson() {
        assertThat(PlanSchema.asksForPlanJson(List.of("plan", "--json"))).isTrue();
        assertThat(PlanSchema.asksForPlanJson(List.of("plan", "--env", "dev", "--format", "json")))
                .isTrue();
        assertThat(PlanSchema.asksForPlanJson(List.of("plan", "--format=json"))).isTrue();
        assertThat(PlanSchema.asksForPlanJson(List.of("show", "p.tfplan", "--json")))
                .isTrue();
        assertThat(PlanSchema.asksForPlanJson(List.of("plan", "--format", "markdown")))
                .isFalse();
        assertThat(PlanSchema.asksForPlanJson(List.of("outputs", "--json"))).isFalse();
        assertThat(PlanSchema.asksForPlanJson(List.of("plan", "--json", "--help")))
                .isFalse();
    }

    private static ObjectNode change(ObjectNode plan) {
        return (ObjectNode) plan.get("changes").get(0);
    }

    private static Arguments breakage(String what, String problem, Consumer<ObjectNode> breakage) {
        return Arguments.of(what, problem, breakage);
    }
}

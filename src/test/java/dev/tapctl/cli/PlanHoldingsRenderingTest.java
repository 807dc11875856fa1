package dev.tapctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tapctl.engine.Plan;
import dev.tapctl.engine.spi.Holdings;
import dev.tapctl.testing.PlanSchema;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a destructive step holds, as plan text, JSON and markdown show it. */
class PlanHoldingsRenderingTest {
    private static final Holdings DB = new Holdings(
            "restorable to 2026-12-02T17:55:00Z; last snapshot rds:tap-dev-db-2026-12-02 (automated, 2026-12-02T03:00:00Z)",
            Map.of(
                    "latestRestorableTime",
                    "2026-12-02T17:55:00Z",
                    "lastSnapshot",
                    Map.of(
                            "id", "rds:tap-dev-db-2026-12-02",
                            "type", "automated",
                            "createdAt", "2026-12-02T03:00:00Z")));
    private static final Holdings DLQ = new Holdings(
            "4 messages (SQS's approximate counts: 3 visible, 1 in flight, 0 delayed)",
            Map.of("messages", 4L, "freshness", "approximate"));
    private static final Holdings KEY =
            new Holdings("encrypts what this plan keeps: data.table", Map.of("encrypts", List.of("data.table")));

    private static Plan withHoldings() {
        Plan plan = SyntheticPlans.destroy();
        return new Plan(
                plan.env(),
                plan.region(),
                plan.destroy(),
                plan.changes(),
                Map.of("data.db", DB, "fn.worker.dlq", DLQ, "kms.key", KEY));
    }

    @Test
    void textShowsAnIndentedLineUnderEachStepThatHoldsSomething() {
        StringWriter out = new StringWriter();
        Console console = new Console(
                new PrintWriter(out, true),
                new PrintWriter(new StringWriter(), true),
                new BufferedReader(new StringReader("")),
                false,
                false);

        PlanText.render(withHoldings(), console);

        List<String> lines = out.toString().lines().toList();
        assertThat(lines.get(lines.indexOf(lineOf(lines, "data.db")) + 1)).isEqualTo("        holds: " + DB.summary());
        assertThat(lines.get(lines.indexOf(lineOf(lines, "fn.worker.dlq")) + 1))
                .isEqualTo("        holds: " + DLQ.summary());
        assertThat(lines.get(lines.indexOf(lineOf(lines, "kms.key")) + 1)).isEqualTo("        holds: " + KEY.summary());
        assertThat(lines).filteredOn(l -> l.contains("holds:")).hasSize(3);
    }

    @Test
    void textOfAPlanWithoutHoldingsIsAsBefore() {
        StringWriter before = new StringWriter();
        StringWriter after = new StringWriter();
        PlanText.render(SyntheticPlans.destroy(), consoleOn(before));
        Plan plan = SyntheticPlans.destroy();
        PlanText.render(new Plan(plan.env(), plan.region(), true, plan.changes(), Map.of()), consoleOn(after));
        assertThat(after.toString()).isEqualTo(before.toString()).doesNotContain("holds:");
    }

    @Test
    void jsonCarriesAHoldsObjectOnThoseStepsOnlyAndValidates() throws Exception {
        String json = PlanJson.render(withHoldings());

        assertThat(PlanSchema.problems(json)).isEmpty();
        JsonNode changes = new ObjectMapper().readTree(json).path("changes");
        JsonNode db = find(changes, "data.db").path("holds");
        assertThat(db.path("summary").asText()).isEqualTo(DB.summary());
        assertThat(db.path("latestRestorableTime").asText()).isEqualTo("2026-12-02T17:55:00Z");
        assertThat(db.path("lastSnapshot").path("type").asText()).isEqualTo("automated");
        assertThat(find(changes, "fn.worker.dlq").path("holds").path("messages").asLong())
                .isEqualTo(4);
        assertThat(find(changes, "kms.key")
                        .path("holds")
                        .path("encrypts")
                        .get(0)
                        .asText())
                .isEqualTo("data.table");
        assertThat(find(changes, "network.vpc").has("holds")).isFalse();
    }

    @Test
    void theSchemaRefusesAHoldsObjectWithAnUndocumentedFact() throws Exception {
        Plan plan = SyntheticPlans.destroy();
        String json = PlanJson.render(new Plan(
                plan.env(),
                plan.region(),
                true,
                plan.changes(),
                Map.of("data.db", new Holdings("x", Map.of("rows", 3)))));

        assertThat(PlanSchema.problems(json)).isNotEmpty();
    }

    @Test
    void markdownShowsWhatAReplacedOrDeletedObjectHoldsAboveTheFold() {
        String markdown = PlanMarkdown.render(withHoldings(), "tapctl plan --env dev --destroy --format json");

        int fold = markdown.indexOf("<details>");
        assertThat(fold).isPositive();
        String above = markdown.substring(0, fold);
        assertThat(above)
                .contains("holds: restorable to 2026-12-02T17:55:00Z; last snapshot rds:tap-dev-db-2026-12-02")
                .contains("holds: 4 messages (SQS's approximate counts");
        assertThat(markdown.substring(fold))
                .as("a retained key, folded, says what it keeps as the text plan does")
                .contains("kms.key  aws.kms.key  alias/tap-dev  (retain: destroy)  kept: data.table needs it\n"
                        + "        holds: encrypts what this plan keeps: data.table\n");
        String dbRow =
                above.lines().filter(l -> l.contains("`data.db`")).findFirst().orElseThrow();
        assertThat(dbRow).contains("deleted after a final snapshot").contains("holds: restorable to");
    }

    private static Console consoleOn(StringWriter out) {
        return new Console(
                new PrintWriter(out, true),
                new PrintWriter(new StringWriter(), true),
                new BufferedReader(new StringReader("")),
                false,
                false);
    }

    private static String lineOf(List<String> lines, String id) {
        return lines.stream()
                .filter(l -> l.contains(" " + id + "  "))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no line of " + id + " in " + lines));
    }

    private static JsonNode find(JsonNode changes, String id) {
        for (JsonNode change : changes) {
            if (change.path("id").asText().equals(id)) {
                return change;
            }
        }
        throw new AssertionError("no change " + id);
    }
}

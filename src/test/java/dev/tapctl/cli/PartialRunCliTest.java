package dev.tapctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tapctl.engine.Partial;
import dev.tapctl.engine.Plan;
import dev.tapctl.testing.CallLog;
import dev.tapctl.testing.CliRun;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code --target} and {@code --exclude} on the command line: what they print, and what they refuse up front. */
class PartialRunCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final CallLog calls = new CallLog();
    private final AtomicInteger clientsBuilt = new AtomicInteger();

    /** tapctl with every SDK call logged, and a count of how often AWS clients were set up. */
    private CliRun tapctl() {
        return CliRun.with(settings -> {
            clientsBuilt.incrementAndGet();
            return settings.withInterceptors(List.of(calls));
        });
    }

    private static List<String> ids(CliRun.Result plan) throws IOException {
        return StreamSupport.stream(JSON.readTree(plan.out()).path("changes").spliterator(), false)
                .map(c -> c.path("id").asText())
                .toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"plan", "apply", "destroy"})
    void anIdOrGlobThatMatchesNothingIsAUsageErrorNamingItBeforeAnyAwsCall(String command) {
        CliRun.Result result =
                tapctl().run(command, "--env", "dev", "--target", "fn.apii", "--target", "fn.*", "--target", "nope.*");

        assertThat(result.exitCode()).as(result.all()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err())
                .contains("error: --target fn.apii, --target nope.*: matches no resource of the stack")
                .doesNotContain("--target fn.*,");
        assertThat(calls.calls()).as("AWS calls").isEmpty();
        assertThat(clientsBuilt).as("AWS clients set up").hasValue(0);

        CliRun.Result excluded = tapctl().run(command, "--env", "dev", "--exclude", "data.dbb");
        assertThat(excluded.exitCode()).as(excluded.all()).isEqualTo(ExitCodes.USAGE);
        assertThat(excluded.err()).contains("error: --exclude data.dbb: matches no resource of the stack");
        assertThat(calls.calls()).as("AWS calls").isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"plan", "apply", "destroy"})
    void targetAndExcludeTogetherAreAUsageErrorBeforeAnyAwsCall(String command) {
        CliRun.Result result = tapctl().run(command, "--env", "dev", "--target", "fn.api", "--exclude", "data.db");

        assertThat(result.exitCode()).as(result.all()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("--target and --exclude are one or the other");
        assertThat(clientsBuilt).hasValue(0);
    }

    @Test
    void anOfflinePlanOfATargetListsItAndWhatItPullsInWithThePartialRunWarning() throws IOException {
        CliRun.Result text = CliRun.offline().run("plan", "--env", "dev", "--offline", "--target", "fn.api");

        assertThat(text.exitCode()).as(text.all()).isZero();
        List<String> lines = text.out().lines().toList();
        assertThat(lines.get(2))
                .isEqualTo("Warning: partial run (--target fn.api): only 6 of 55 resources are read and changed;"
                        + " orphans not removed.");
        assertThat(lines.get(3))
                .isEqualTo("  fn.api pulls in: kms.key, data.table, fn.api.dlq, fn.api.logs, fn.api.role");
        assertThat(text.out()).contains("Plan: 6 to create");

        // Schema-checked by CliRun, as every plan JSON of the suite.
        CliRun.Result json = CliRun.offline().run("plan", "--env", "dev", "--offline", "--json", "--target", "fn.api");
        assertThat(json.exitCode()).as(json.all()).isZero();
        assertThat(ids(json))
                .containsExactly("kms.key", "data.table", "fn.api.dlq", "fn.api.logs", "fn.api.role", "fn.api");
        JsonNode partial = JSON.readTree(json.out()).path("partial");
        assertThat(partial.path("targets").toString()).isEqualTo("[\"fn.api\"]");
        assertThat(partial.path("configured").asInt()).isEqualTo(55);
        assertThat(partial.path("pulledIn").path("fn.api").toString())
                .isEqualTo("[\"kms.key\",\"data.table\",\"fn.api.dlq\",\"fn.api.logs\",\"fn.api.role\"]");
        assertThat(partial.path("orphansRemoved").asText()).isEqualTo("none");
    }

    @Test
    void aWholePlanHasNoPartialFieldAndNoWarning() throws IOException {
        CliRun.Result json = CliRun.offline().run("plan", "--env", "dev", "--offline", "--json");
        assertThat(JSON.readTree(json.out()).has("partial")).isFalse();
        CliRun.Result text = CliRun.offline().run("plan", "--env", "dev", "--offline");
        assertThat(text.out()).doesNotContain("partial run");
    }

    @Test
    void anExclusionDropsWhatDependsOnItAndADestroyGoesTheOtherWay() throws IOException {
        CliRun.Result apply =
                CliRun.offline().run("plan", "--env", "dev", "--offline", "--json", "--exclude", "data.db");
        assertThat(apply.exitCode()).as(apply.all()).isZero();
        assertThat(ids(apply)).hasSize(52).doesNotContain("data.db", "alarms.db.storage", "alarms.db.cpu");
        assertThat(JSON.readTree(apply.out()).path("partial").path("dropped").toString())
                .isEqualTo("{\"data.db\":[\"alarms.db.storage\",\"alarms.db.cpu\"]}");

        CliRun.Result destroy =
                CliRun.offline().run("plan", "--env", "dev", "--offline", "--destroy", "--target", "fn.api");
        assertThat(destroy.exitCode()).as(destroy.all()).isZero();
        assertThat(destroy.out())
                .contains("Warning: partial run (--target fn.api): only 9 of 55 resources are in this destroy;"
                        + " orphans not removed.")
                .contains("  fn.api pulls in: api.routes, api.stage, api.usageplan, api.usageplan.key.default,"
                        + " api.permission, alarms.fn.api.errors, alarms.fn.api.throttles, alarms.api.5xx"
                        + " (they depend on it, so they go first)");
        CliRun.Result keep = CliRun.offline()
                .run("plan", "--env", "dev", "--offline", "--destroy", "--json", "--exclude", "data.db");
        JsonNode kept =
                JSON.readTree(keep.out()).path("partial").path("dropped").path("data.db");
        assertThat(StreamSupport.stream(kept.spliterator(), false).map(JsonNode::asText))
                .contains("kms.key", "data.dbsecret", "data.db.subnets", "network.sg.db", "network.vpc")
                .doesNotContain("fn.api", "alarms.db.cpu");
        assertThat(ids(keep))
                .doesNotContain("data.db", "kms.key", "network.vpc")
                .contains("alarms.db.cpu", "fn.api");
    }

    @Test
    void theMarkdownPlanCarriesTheWarningRightUnderTheCounts() {
        CliRun.Result md =
                CliRun.offline().run("plan", "--env", "dev", "--offline", "--format", "markdown", "--target", "fn.*");

        assertThat(md.exitCode()).as(md.all()).isZero();
        List<String> lines = md.out().lines().toList();
        assertThat(lines.get(0)).startsWith("**Plan for `dev` (us-east-1): 10 to create,");
        assertThat(lines.get(2))
                .isEqualTo("> **Warning: partial run (--target fn.\\*): only 10 of 55 resources are read and changed;"
                        + " orphans not removed.**");
        // fn.api's role, logs and queue are targets themselves: not listed as pulled in.
        assertThat(lines).contains("> - fn.api pulls in: kms.key, data.table", "> - fn.api.dlq pulls in: kms.key");
    }

    @Test
    void theFullPlanCommandAMarkdownCommentNamesKeepsTheSelection() {
        Partial partial = new Partial(List.of("fn.*"), List.of(), List.of("fn.api"), 53, Map.of(), Map.of(), true);
        Plan plan = new Plan("dev", "us-east-1", true, List.of(), partial);

        assertThat(PlanMarkdown.fullJsonCommand(plan))
                .isEqualTo("tapctl plan --env dev --destroy --target 'fn.*' --format json");
    }

    @Test
    void theHelpOfEachCommandNamesBothOptions() {
        for (String command : List.of("plan", "apply", "destroy")) {
            CliRun.Result help = CliRun.offline().run(command, "--help");
            assertThat(help.out()).as(command).contains("--target=ID", "--exclude=ID", "orphan:ID");
        }
    }
}

package dev.tapctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tapctl.testing.CliRun;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every policy document in the plan (inline, trust, key, bucket) grants exact actions: no "*",
 * no "service:*", no wildcard at all in an Allow, and a bare "*" resource only in key policies,
 * where the key itself is the only possible resource. A Deny (the bucket's TLS-only rule) must
 * cover every action, so "s3:*" is required there.
 */
class IamLintTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Kinds whose policy is a resource policy on the object itself. */
    private static final Set<String> STAR_RESOURCE_ALLOWED = Set.of("aws.kms.key");

    record Statement(String resourceId, String kind, JsonNode statement) {}

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void everyPolicyInThePlanIsLeastPrivilege(String env) throws Exception {
        CliRun.Result result = CliRun.offline().run("plan", "--env", env, "--offline", "--json");
        assertThat(result.exitCode()).as(result.all()).isZero();
        List<Statement> statements = new ArrayList<>();
        for (JsonNode change : JSON.readTree(result.out()).path("changes")) {
            collect(change.path("id").asText(), change.path("kind").asText(), change.path("desired"), statements);
        }
        assertThat(statements).hasSizeGreaterThan(15);
        assertThat(statements)
                .extracting(Statement::resourceId)
                .contains(
                        "kms.key",
                        "network.flowlogs.role",
                        "fn.api.role",
                        "fn.worker.role",
                        "compute.role",
                        "data.bucket");

        for (Statement s : statements) {
            String where = s.resourceId() + " " + s.statement();
            String effect = s.statement().path("Effect").asText();
            List<String> actions = strings(s.statement().path("Action"));
            assertThat(actions).as(where).isNotEmpty();
            assertThat(s.statement().has("NotAction")).as(where).isFalse();
            assertThat(s.statement().has("NotResource")).as(where).isFalse();
            if (effect.equals("Allow")) {
                assertThat(actions).as(where).allMatch(a -> a.matches("[a-z0-9-]+:[A-Za-z0-9]+"));
                if (!STAR_RESOURCE_ALLOWED.contains(s.kind()) && s.statement().has("Resource")) {
                    assertThat(strings(s.statement().path("Resource")))
                            .as(where)
                            .doesNotContain("*");
                }
            } else {
                assertThat(effect).as(where).isEqualTo("Deny");
                assertThat(s.statement().has("Condition"))
                        .as("a Deny is narrowed by a condition: " + where)
                        .isTrue();
            }
        }
    }

    private static void collect(String id, String kind, JsonNode node, List<Statement> out) {
        if (node.isObject()) {
            if (node.has("Statement")) {
                node.path("Statement").forEach(statement -> out.add(new Statement(id, kind, statement)));
                return;
            }
            node.forEach(child -> collect(id, kind, child, out));
        } else if (node.isArray()) {
            node.forEach(child -> collect(id, kind, child, out));
        }
    }

    private static List<String> strings(JsonNode node) {
        List<String> values = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(v -> values.add(v.asText()));
        } else if (!node.isMissingNode()) {
            values.add(node.asText());
        }
        return values;
    }
}

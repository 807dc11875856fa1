package dev.tapctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tapctl.testing.CliRun;
import java.io.IOException;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code plan --offline --json}: the default client's API key and its usage plan membership, a
 * key required on every method but the CORS preflight, x-api-key in the CORS headers, the
 * logging role as "Set up CloudWatch logging for REST APIs in API Gateway" documents it, and no
 * key value anywhere.
 */
class ApiKeysPlanTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theDefaultKeyIsPlannedAndEveryMethodButThePreflightRequiresIt(String env) throws IOException {
        CliRun.Result result = CliRun.offline().run("plan", "--env", env, "--offline", "--json");
        assertThat(result.exitCode()).as(result.all()).isZero();
        List<JsonNode> changes = StreamSupport.stream(
                        JSON.readTree(result.out()).path("changes").spliterator(), false)
                .toList();

        JsonNode key = change(changes, "api.key.default");
        assertThat(key.path("kind").asText()).isEqualTo("aws.apigateway.api-key");
        assertThat(key.path("name").asText()).isEqualTo("tap-" + env + "-default");
        assertThat(key.path("action").asText()).isEqualTo("create");
        assertThat(key.path("desired").path("enabled").asBoolean()).isTrue();
        assertThat(key.path("desired").has("value"))
                .as("API Gateway generates the value")
                .isFalse();
        assertThat(key.path("desired").path("tags").path("tapctl:logical-id").asText())
                .isEqualTo("api.key.default");

        JsonNode member = change(changes, "api.usageplan.key.default");
        assertThat(member.path("kind").asText()).isEqualTo("aws.apigateway.usage-plan-key");
        assertThat(member.path("dependsOn"))
                .extracting(JsonNode::asText)
                .containsExactlyInAnyOrder("api.usageplan", "api.key.default");
        assertThat(member.path("desired").path("usagePlanId").asText()).isEqualTo("(known after apply)");
        assertThat(member.path("desired").path("apiKeyId").asText()).isEqualTo("(known after apply)");

        JsonNode api = change(changes, "api.routes").path("desired");
        JsonNode required = api.path("apiKeyRequired");
        assertThat(required.path("OPTIONS").isBoolean()
                        && !required.path("OPTIONS").asBoolean())
                .as("the preflight is sent by browsers without the key: " + required)
                .isTrue();
        List<String> methods = StreamSupport.stream(((Iterable<String>) required::fieldNames).spliterator(), false)
                .toList();
        assertThat(methods).contains("ANY", "OPTIONS");
        methods.stream()
                .filter(m -> !m.equals("OPTIONS"))
                .forEach(m -> assertThat(required.path(m).asBoolean()).as(m).isTrue());
        assertThat(api.path("cors").path("allowHeaders"))
                .extracting(JsonNode::asText)
                .anyMatch(h -> h.equalsIgnoreCase("x-api-key"));

        JsonNode role = change(changes, "api.account.role").path("desired");
        assertThat(role.path("trustPolicy").toString())
                .contains("apigateway.amazonaws.com")
                .doesNotContain("aws:SourceAccount");
        String policy = role.path("inlinePolicies").toString();
        assertThat(policy)
                .contains(
                        "logs:CreateLogGroup",
                        "logs:CreateLogStream",
                        "logs:DescribeLogGroups",
                        "logs:DescribeLogStreams",
                        "logs:PutLogEvents",
                        "logs:GetLogEvents",
                        "logs:FilterLogEvents",
                        "log-group:API-Gateway-Execution-Logs_*",
                        "log-group:/aws/apigateway/welcome",
                        "log-group:/tap/*/api-access");

        assertThat(result.all()).doesNotContainIgnoringCase("\"value\"");
    }

    private static JsonNode change(List<JsonNode> changes, String id) {
        return changes.stream()
                .filter(c -> c.path("id").asText().equals(id))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no change " + id));
    }
}

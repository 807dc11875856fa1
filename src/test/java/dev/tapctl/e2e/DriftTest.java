package dev.tapctl.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.InputFormat;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.tapctl.cli.ExitCodes;
import dev.tapctl.engine.spi.Tags;
import dev.tapctl.testing.CliRun;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code tapctl drift} over several environments in one run (issue 16): exactly the out-of-band
 * changes reported, every resource counted in the coverage line, an unmanaged tagged object named,
 * and the JSON valid against its published schema.
 */
class DriftTest extends StackFixture {

    private static List<String> problems(String json) throws IOException {
        try (InputStream in = DriftTest.class.getResourceAsStream("/schemas/drift.schema.json")) {
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                    .getSchema(in, InputFormat.JSON)
                    .validate(json, InputFormat.JSON)
                    .stream()
                    .map(Object::toString)
                    .toList();
        }
    }

    private static int resourceCount(String env) throws IOException {
        CliRun.Result offline = CliRun.offline().run("plan", "--env", env, "--offline", "--json");
        assertThat(offline.exitCode()).as(offline.all()).isZero();
        return changes(offline).size();
    }

    /** Every resource that is not in sync, as "env id standing". */
    private static List<String> differences(JsonNode report) {
        List<String> found = new ArrayList<>();
        for (JsonNode env : report.path("environments")) {
            for (JsonNode resource : env.path("resources")) {
                if (!resource.path("standing").asText().equals("in-sync")) {
                    found.add(
                            env.path("env").asText() + " " + resource.path("id").asText() + " "
                                    + resource.path("standing").asText());
                }
            }
        }
        return found;
    }

    @Test
    void driftOfDevAndProdReportsExactlyTheTwoOutOfBandChangesAndCountsEveryResource() throws IOException {
        for (String env : List.of("dev", "prod")) {
            CliRun.Result apply = tapctl.run("apply", "--env", env, "--auto-approve");
            assertThat(apply.exitCode()).as(apply.all()).isZero();
        }
        CliRun.Result clean = tapctl.run("drift", "dev", "prod");
        assertThat(clean.exitCode()).as(clean.all()).isZero();

        aws.logs().putRetentionPolicy(r -> r.logGroupName("/tap/dev/vpc-flow-logs")
                .retentionInDays(60));
        aws.logs().putRetentionPolicy(r -> r.logGroupName("/aws/lambda/tap-prod-worker")
                .retentionInDays(7));

        CliRun.Result drift = tapctl.run("drift", "dev", "prod", "--json");

        assertThat(drift.exitCode()).as(drift.all()).isEqualTo(ExitCodes.CHANGES);
        assertThat(problems(drift.out()))
                .as("drift JSON against schemas/drift.schema.json")
                .isEmpty();
        JsonNode report = JSON.readTree(drift.out());
        assertThat(differences(report))
                .containsExactlyInAnyOrder("dev network.flowlogs.group drifted", "prod fn.worker.logs drifted");
        for (JsonNode env : report.path("environments")) {
            String name = env.path("env").asText();
            int resources = resourceCount(name);
            assertThat(env.path("coverage").path("resources").asInt()).as(name).isEqualTo(resources);
            assertThat(env.path("coverage").path("compared").asInt()).as(name).isEqualTo(resources);
            assertThat(env.path("coverage").path("attributes").asInt()).as(name).isGreaterThan(resources);
            assertThat(env.path("coverage").path("notRead").toString())
                    .as(name)
                    .contains("data.dbsecret secretString", "data.db masterUserPassword", "api.key.default value");
        }
        JsonNode group = report.path("environments").get(0).path("resources");
        JsonNode changed = null;
        for (JsonNode resource : group) {
            if (resource.path("id").asText().equals("network.flowlogs.group")) {
                changed = resource;
            }
        }
        assertThat(changed).isNotNull();
        assertThat(changed.path("attributes").get(0).path("before").asInt()).isEqualTo(60);
        assertThat(changed.path("attributes").get(0).path("after").asInt()).isEqualTo(14);

        CliRun.Result text = tapctl.run("drift", "dev", "prod");
        assertThat(text.exitCode()).isEqualTo(ExitCodes.CHANGES);
        assertThat(text.out())
                .contains("drifted    network.flowlogs.group")
                .contains("retentionDays: 60 -> 14")
                .contains("coverage: " + resourceCount("dev") + " resources (")
                .contains("coverage: " + resourceCount("prod") + " resources (");
    }

    @Test
    void anUnmanagedTaggedQueueIsReportedAndAnEnvironmentThatCannotBeCheckedIsAnError() throws IOException {
        assertThat(tapctl.run("apply", "--env", "dev", "--auto-approve").exitCode())
                .isZero();
        aws.sqs().createQueue(r -> r.queueName("tap-dev-gone-dlq")
                .tags(Map.of(
                        Tags.PROJECT, "tap",
                        Tags.ENVIRONMENT, "dev",
                        Tags.MANAGED_BY, Tags.MANAGED_BY_VALUE,
                        Tags.LOGICAL_ID, "fn.gone.dlq",
                        Tags.NAME, "tap-dev-gone-dlq")));

        CliRun.Result drift = tapctl.run("drift", "dev", "nosuchenv", "--json");

        assertThat(drift.exitCode()).as(drift.all()).isEqualTo(ExitCodes.FAILURE);
        assertThat(problems(drift.out())).isEmpty();
        JsonNode report = JSON.readTree(drift.out());
        assertThat(differences(report)).containsExactly("dev fn.gone.dlq unmanaged");
        assertThat(report.path("environments").get(1).path("error").asText()).contains("nosuchenv.yaml");
    }
}

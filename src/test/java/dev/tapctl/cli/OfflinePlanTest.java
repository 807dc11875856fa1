package dev.tapctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tapctl.testing.CliRun;
import dev.tapctl.testing.PlanSchema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code plan --offline --json}: the documented format, with no AWS call and no credentials. */
class OfflinePlanTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> FOUNDATION = Set.of(
            "kms.key",
            "network.vpc",
            "network.igw",
            "network.rt.public",
            "network.endpoint.s3",
            "network.endpoint.dynamodb",
            "network.nat-eip-1",
            "network.nat-1",
            "network.sg.app",
            "network.sg.db",
            "network.flowlogs.group",
            "network.flowlogs.role",
            "network.flowlogs");

    @Test
    void theAccountWideApiGatewayRoleIsTheSameWhateverTheRegion() throws IOException {
        // IAM is global: one role serves every region's API Gateway, so environments in two
        // regions must want the same role, or each apply would undo the other's.
        JsonNode east = desiredOf("api.account.role", "plan", "--env", "dev", "--offline", "--json");
        JsonNode west =
                desiredOf("api.account.role", "plan", "--env", "prod", "--region", "eu-west-1", "--offline", "--json");
        assertThat(west).isEqualTo(east);
        assertThat(east.toString()).contains("arn:aws:logs:*:");
    }

    /**
     * Every ARN a plan outside the commercial partition wants is in that partition: an
     * {@code arn:aws:} in a China or GovCloud account names nothing there, and a policy holding
     * one is refused or, worse, grants nothing.
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"cn-north-1,aws-cn", "us-gov-west-1,aws-us-gov", "us-east-1,aws"})
    void everyArnOfThePlanIsInTheRegionsPartition(String region, String partition) throws IOException {
        CliRun.Result result = CliRun.offline().run("plan", "--env", "dev", "--region", region, "--offline", "--json");
        assertThat(result.exitCode()).as(result.all()).isZero();

        List<String> arns = new ArrayList<>();
        java.util.regex.Matcher arn =
                java.util.regex.Pattern.compile("arn:[a-z-]*:").matcher(result.out());
        while (arn.find()) {
            arns.add(arn.group());
        }
        assertThat(arns).as("the plan's ARNs").hasSizeGreaterThan(20).containsOnly("arn:" + partition + ":");
    }

    private static JsonNode desiredOf(String id, String... args) throws IOException {
        CliRun.Result result = CliRun.offline().run(args);
        assertThat(result.exitCode()).as(result.all()).isZero();
        return StreamSupport.stream(JSON.readTree(result.out()).path("changes").spliterator(), false)
                .filter(change -> change.path("id").asText().equals(id))
                .findFirst()
                .orElseThrow()
                .path("desired");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void listsEveryFoundationResourceAsCreateAbsentWithEnvNamesAndTags(String env) throws IOException {
        CliRun.Result result = CliRun.offline().run("plan", "--env", env, "--offline", "--json");
        assertThat(result.exitCode()).as(result.all()).isZero();
        JsonNode plan = JSON.readTree(result.out());

        assertThat(plan.path("formatVersion").asInt()).isEqualTo(1);
        assertThat(plan.path("env").asText()).isEqualTo(env);
        assertThat(plan.path("region").asText()).isEqualTo("us-east-1");
        List<JsonNode> changes =
                StreamSupport.stream(plan.path("changes").spliterator(), false).toList();
        List<String> ids = changes.stream().map(c -> c.path("id").asText()).toList();
        assertThat(ids).containsAll(FOUNDATION);
        int azs = env.equals("prod") ? 3 : 2;
        // One private route table shared by the zones with one NAT gateway (dev); one per zone in prod.
        assertThat(ids).contains(env.equals("prod") ? "network.rt.private-3" : "network.rt.private");
        assertThat(ids.stream().filter(id -> id.startsWith("network.subnet."))).hasSize(2 * azs);
        assertThat(plan.path("summary").path("create").asInt()).isEqualTo(changes.size());

        for (JsonNode change : changes) {
            assertThat(change.path("action").asText())
                    .as(change.path("id").asText())
                    .isEqualTo("create");
            assertThat(change.path("reason").asText()).isEqualTo("absent");
            if (change.path("id").asText().startsWith("api.account")) {
                continue; // account-wide, shared by every environment: deliberately not env-keyed
            }
            assertThat(change.path("name").asText()).contains(env);
            assertThat(change.has("kind") && change.has("dependsOn") && change.has("attributes"))
                    .isTrue();
            if (!change.path("desired").has("tags")) {
                continue; // kinds AWS cannot tag (a Lambda permission)
            }
            JsonNode tags = change.path("desired").path("tags");
            assertThat(tags.path("Environment").asText()).isEqualTo(env);
            assertThat(tags.path("Project").asText()).isEqualTo("tap");
            assertThat(tags.path("ManagedBy").asText()).isEqualTo("tapctl");
            assertThat(tags.path("tapctl:logical-id").asText())
                    .isEqualTo(change.path("id").asText());
        }

        JsonNode role = changes.stream()
                .filter(c -> c.path("id").asText().equals("network.flowlogs.role"))
                .findFirst()
                .orElseThrow();
        JsonNode inline = role.path("desired").path("inlinePolicies").path("tap-" + env + "-vpc-flow-logs");
        assertThat(inline.isObject()).as("inline policy is a JSON object").isTrue();
        assertThat(inline.path("Statement").isArray()).isTrue();
        assertThat(inline.toString())
                .contains(
                        "logs:CreateLogStream",
                        "logs:PutLogEvents",
                        "logs:DescribeLogGroups",
                        "logs:DescribeLogStreams",
                        "log-group:/tap/" + env + "/vpc-flow-logs");
        assertThat(role.path("desired").path("managedPolicyArns")).isEmpty();
        assertThat(role.path("desired").path("trustPolicy").toString())
                .contains("vpc-flow-logs.amazonaws.com", "aws:SourceAccount");

        List<String> actions = new ArrayList<>();
        collectAllowedActions(plan, actions);
        assertThat(actions).isNotEmpty();
        assertThat(actions).noneMatch(a -> a.equals("*") || a.endsWith(":*"));
    }

    @Test
    void prodIsProtectedWithThreeAzsAndAYearOfLogs() throws IOException {
        JsonNode plan = JSON.readTree(CliRun.offline()
                .run("plan", "--env", "prod", "--offline", "--json")
                .out());
        JsonNode group = StreamSupport.stream(plan.path("changes").spliterator(), false)
                .filter(c -> c.path("id").asText().equals("network.flowlogs.group"))
                .findFirst()
                .orElseThrow();
        assertThat(group.path("desired").path("retentionDays").asInt()).isEqualTo(365);
        assertThat(group.path("desired").path("kmsKeyArn").asText()).isEqualTo("(known after apply)");
    }

    /** Offline the zones are not looked up: unknown until apply, while names and ids stay as they are online. */
    @Test
    void subnetZonesAreKnownAfterApplyAndTheirNamesGoByIndex() throws IOException {
        JsonNode plan = JSON.readTree(CliRun.offline()
                .run("plan", "--env", "prod", "--offline", "--json")
                .out());
        List<JsonNode> subnets = StreamSupport.stream(plan.path("changes").spliterator(), false)
                .filter(c -> c.path("id").asText().startsWith("network.subnet."))
                .toList();

        assertThat(subnets)
                .extracting(c -> c.path("name").asText())
                .containsExactlyInAnyOrder(
                        "tap-prod-public-a",
                        "tap-prod-public-b",
                        "tap-prod-public-c",
                        "tap-prod-private-a",
                        "tap-prod-private-b",
                        "tap-prod-private-c");
        assertThat(subnets).allSatisfy(c -> assertThat(
                        c.path("desired").path("availabilityZone").asText())
                .isEqualTo("(known after apply)"));
    }

    /** A real process with no credentials, no profile and no endpoint: offline needs nothing. */
    @Test
    void worksInAProcessWithNoAwsCredentialsAtAll(@TempDir Path home) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "plan",
                "--env",
                "dev",
                "--offline",
                "--json",
                "--config-dir",
                Path.of("config").toAbsolutePath().toString());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(key -> key.startsWith("AWS_"));
        env.put("HOME", home.toString());
        env.put("AWS_CONFIG_FILE", home.resolve("none").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", home.resolve("none").toString());
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        builder.redirectErrorStream(false);
        Process process = builder.start();
        byte[] out = process.getInputStream().readAllBytes();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(err).isZero();
        PlanSchema.requireValid(new String(out, StandardCharsets.UTF_8), "plan --offline --json in a process");
        JsonNode plan = JSON.readTree(out);
        assertThat(plan.path("formatVersion").asInt()).isEqualTo(1);
        assertThat(plan.path("changes").size()).isGreaterThanOrEqualTo(FOUNDATION.size());
        assertThat(Files.list(home).toList()).as("nothing written to HOME").isEmpty();
    }

    /**
     * The README's {@code plan --json} example is dev's offline plan shortened: the same top-level
     * fields and summary, and its one change the VPC's as the code writes it (fields, values, and
     * an attribute it has), so the documented format cannot drift from what tapctl prints.
     */
    @Test
    void theReadmesJsonExampleIsDevsOfflinePlanShortened() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        int at = readme.indexOf("`scripts/tapctl plan --env dev --offline --json`, shortened");
        assertThat(at).as("README introduces its plan --json example").isNotNegative();
        String block = readme.substring(readme.indexOf("```json\n", at) + "```json\n".length());
        JsonNode example = JSON.readTree(block.substring(0, block.indexOf("```\n")));
        CliRun.Result result = CliRun.offline().run("plan", "--env", "dev", "--offline", "--json");
        assertThat(result.exitCode()).as(result.all()).isZero();
        JsonNode plan = JSON.readTree(result.out());

        assertThat(fieldNames(example)).isEqualTo(fieldNames(plan));
        assertThat(example.path("summary")).isEqualTo(plan.path("summary"));
        JsonNode shown = example.path("changes").get(0);
        JsonNode actual = StreamSupport.stream(plan.path("changes").spliterator(), false)
                .filter(c -> c.path("id").equals(shown.path("id")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no change " + shown.path("id") + " in dev's plan"));
        assertThat(fieldNames(shown)).isEqualTo(fieldNames(actual));
        for (String field : List.of("kind", "name", "action", "reason", "deletionPolicy", "dependsOn")) {
            assertThat(shown.path(field)).as(field).isEqualTo(actual.path(field));
        }
        assertThat(actual.path("attributes")).contains(shown.path("attributes").get(0));
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** Actions of Allow statements (a TLS-only Deny must cover every action: s3:* there is right). */
    private static void collectAllowedActions(JsonNode node, List<String> actions) {
        if (node.isObject()) {
            boolean deny = node.path("Effect").asText().equals("Deny");
            node.fields().forEachRemaining(e -> {
                if (deny && e.getKey().equals("Action")) {
                    return;
                }
                if (e.getKey().equals("Action") || e.getKey().equals("NotAction")) {
                    if (e.getValue().isArray()) {
                        e.getValue().forEach(a -> actions.add(a.asText()));
                    } else {
                        actions.add(e.getValue().asText());
                    }
                } else {
                    collectAllowedActions(e.getValue(), actions);
                }
            });
        } else if (node.isArray()) {
            node.forEach(item -> collectAllowedActions(item, actions));
        }
    }
}

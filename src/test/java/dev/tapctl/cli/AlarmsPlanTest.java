package dev.tapctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tapctl.testing.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code plan --offline --json}: the alarm topic, every alarm with its metric and threshold, and the subscriptions. */
class AlarmsPlanTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOPIC_ARN = "(known after apply)";

    /** Expected alarms of the shipped configuration: id -> name, namespace, metric, dimensions, statistic, comparison, threshold. */
    private record Expected(
            String name,
            String namespace,
            String metric,
            Map<String, String> dimensions,
            String statistic,
            String comparison,
            double threshold,
            String watched) {}

    private static Map<String, Expected> expected(String env, double dbCpu) {
        String p = "tap-" + env;
        Map<String, Expected> alarms = new LinkedHashMap<>();
        for (String fn : List.of("api", "worker")) {
            alarms.put(
                    "alarms.fn." + fn + ".dlq",
                    new Expected(
                            p + "-fn-" + fn + "-dlq-messages",
                            "AWS/SQS",
                            "ApproximateNumberOfMessagesVisible",
                            Map.of("QueueName", p + "-" + fn + "-dlq"),
                            "Maximum",
                            "GreaterThanThreshold",
                            0,
                            "fn." + fn + ".dlq"));
            alarms.put(
                    "alarms.fn." + fn + ".errors",
                    new Expected(
                            p + "-fn-" + fn + "-errors",
                            "AWS/Lambda",
                            "Errors",
                            Map.of("FunctionName", p + "-" + fn),
                            "Sum",
                            "GreaterThanOrEqualToThreshold",
                            1,
                            "fn." + fn));
            alarms.put(
                    "alarms.fn." + fn + ".throttles",
                    new Expected(
                            p + "-fn-" + fn + "-throttles",
                            "AWS/Lambda",
                            "Throttles",
                            Map.of("FunctionName", p + "-" + fn),
                            "Sum",
                            "GreaterThanOrEqualToThreshold",
                            1,
                            "fn." + fn));
        }
        alarms.put(
                "alarms.api.5xx",
                new Expected(
                        p + "-api-5xx",
                        "AWS/ApiGateway",
                        "5XXError",
                        Map.of("ApiName", p + "-api", "Stage", "v1"),
                        "Sum",
                        "GreaterThanOrEqualToThreshold",
                        1,
                        "api.stage"));
        alarms.put(
                "alarms.db.storage",
                new Expected(
                        p + "-db-free-storage",
                        "AWS/RDS",
                        "FreeStorageSpace",
                        Map.of("DBInstanceIdentifier", p + "-db"),
                        "Minimum",
                        "LessThanThreshold",
                        2048.0 * 1024 * 1024,
                        "data.db"));
        alarms.put(
                "alarms.db.cpu",
                new Expected(
                        p + "-db-cpu",
                        "AWS/RDS",
                        "CPUUtilization",
                        Map.of("DBInstanceIdentifier", p + "-db"),
                        "Average",
                        "GreaterThanThreshold",
                        dbCpu,
                        "data.db"));
        return alarms;
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theTopicIsEncryptedAndEveryAlarmWatchesItsMetricAndTellsTheTopic(String env) throws IOException {
        Map<String, JsonNode> changes = changes(CliRun.offline(), env);

        JsonNode topic = changes.get("alarms.topic");
        assertThat(topic.path("kind").asText()).isEqualTo("aws.sns.topic");
        assertThat(topic.path("name").asText()).isEqualTo("tap-" + env + "-alarms");
        assertThat(topic.path("desired").path("kmsKeyArn").asText())
                .as("the stack key, once it exists")
                .isEqualTo(TOPIC_ARN);
        assertThat(topic.path("dependsOn").toString()).contains("kms.key");
        assertThat(topic.path("desired").path("tags").path("tapctl:logical-id").asText())
                .isEqualTo("alarms.topic");
        assertThat(changes.keySet())
                .as("no address configured, no subscription")
                .noneMatch(id -> id.startsWith("alarms.email."));

        Map<String, Expected> expected = expected(env, 80);
        assertThat(changes.values().stream()
                        .filter(c -> c.path("kind").asText().equals("aws.cloudwatch.alarm"))
                        .map(c -> c.path("id").asText()))
                .containsExactlyInAnyOrderElementsOf(expected.keySet());
        expected.forEach((id, e) -> {
            JsonNode change = changes.get(id);
            JsonNode desired = change.path("desired");
            assertThat(change.path("name").asText()).as(id).isEqualTo(e.name());
            assertThat(desired.path("namespace").asText()).as(id).isEqualTo(e.namespace());
            assertThat(desired.path("metricName").asText()).as(id).isEqualTo(e.metric());
            assertThat(JSON.convertValue(desired.path("dimensions"), Map.class))
                    .as(id)
                    .isEqualTo(e.dimensions());
            assertThat(desired.path("statistic").asText()).as(id).isEqualTo(e.statistic());
            assertThat(desired.path("comparisonOperator").asText()).as(id).isEqualTo(e.comparison());
            assertThat(desired.path("threshold").asDouble()).as(id).isEqualTo(e.threshold());
            assertThat(desired.path("periodSeconds").asInt()).as(id).isEqualTo(300);
            assertThat(desired.path("treatMissingData").asText()).as(id).isEqualTo("notBreaching");
            assertThat(desired.path("alarmActions")).as(id).hasSize(1);
            assertThat(desired.path("alarmActions").get(0).asText())
                    .as(id + " tells the topic")
                    .isEqualTo(TOPIC_ARN);
            assertThat(change.path("dependsOn").toString())
                    .as(id)
                    .contains("\"alarms.topic\"", "\"" + e.watched() + "\"");
            assertThat(desired.path("tags").path("Environment").asText()).isEqualTo(env);
        });
    }

    @Test
    void theKeyLetsCloudWatchUseItForThisEnvironmentsAlarmsOnly() throws IOException {
        JsonNode policy =
                changes(CliRun.offline(), "dev").get("kms.key").path("desired").path("policy");
        JsonNode statement = StreamSupport.stream(policy.path("Statement").spliterator(), false)
                .filter(s -> s.path("Principal").path("Service").asText().equals("cloudwatch.amazonaws.com"))
                .findFirst()
                .orElseThrow();
        assertThat(statement.path("Action"))
                .extracting(JsonNode::asText)
                .containsExactlyInAnyOrder("kms:Decrypt", "kms:GenerateDataKey");
        assertThat(statement
                        .path("Condition")
                        .path("ArnLike")
                        .path("aws:SourceArn")
                        .toString())
                .contains(":alarm:tap-dev-*");
        assertThat(statement.path("Condition").path("StringEquals").has("aws:SourceAccount"))
                .isTrue();
    }

    @Test
    void configuredAddressesBecomeSubscriptionsAndThresholdsComeFromTheConfig(@TempDir Path tmp) throws IOException {
        Path config = Files.createDirectories(tmp.resolve("config"));
        try (Stream<Path> files = Files.list(Path.of("config"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                Files.copy(file, config.resolve(file.getFileName().toString()));
            }
        }
        Files.writeString(
                config.resolve("dev.yaml"),
                Files.readString(config.resolve("dev.yaml"))
                        + "alarms:\n  email: [oncall@example.com, lead@example.com]\n  thresholds:\n    dbCpuPercent: 90\n");

        Map<String, JsonNode> changes = changes(CliRun.offline().configDir(config), "dev");
        assertThat(changes.get("alarms.email.1").path("kind").asText()).isEqualTo("aws.sns.subscription");
        assertThat(changes.get("alarms.email.1")
                        .path("desired")
                        .path("endpoint")
                        .asText())
                .isEqualTo("oncall@example.com");
        assertThat(changes.get("alarms.email.2")
                        .path("desired")
                        .path("endpoint")
                        .asText())
                .isEqualTo("lead@example.com");
        assertThat(changes.get("alarms.email.2")
                        .path("desired")
                        .path("protocol")
                        .asText())
                .isEqualTo("email");
        assertThat(changes.get("alarms.email.2").path("dependsOn").toString()).contains("alarms.topic");
        assertThat(changes.get("alarms.db.cpu")
                        .path("desired")
                        .path("threshold")
                        .asDouble())
                .isEqualTo(90.0);
    }

    private static Map<String, JsonNode> changes(CliRun cli, String env) throws IOException {
        CliRun.Result result = cli.run("plan", "--env", env, "--offline", "--json");
        assertThat(result.exitCode()).as(result.all()).isZero();
        Map<String, JsonNode> byId = new LinkedHashMap<>();
        StreamSupport.stream(JSON.readTree(result.out()).path("changes").spliterator(), false)
                .forEach(c -> byId.put(c.path("id").asText(), c));
        return byId;
    }
}

package dev.tapctl.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tapctl.testing.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.apigateway.model.GetStageResponse;
import software.amazon.awssdk.services.apigateway.model.MethodSetting;
import software.amazon.awssdk.services.apigateway.model.RestApi;
import software.amazon.awssdk.services.apigateway.model.UsagePlan;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.lambda.model.GetFunctionConfigurationResponse;

/** Functions with DLQs and JSON logs, the throttled CORS API, and the EC2 instances, on the emulator. */
class ComputeAndApiTest extends StackFixture {
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void offlinePlanShowsFunctionsApiAndInstancesAsConfigured(String env) throws IOException {
        CliRun.Result result = CliRun.offline().run("plan", "--env", env, "--offline", "--json");
        assertThat(result.exitCode()).as(result.all()).isZero();
        JsonNode api = change(result, "fn.api").path("desired");
        assertThat(api.path("memoryMb").asInt()).isEqualTo(env.equals("prod") ? 512 : 256);
        assertThat(api.path("logFormat").asText()).isEqualTo("JSON");
        assertThat(api.path("logGroup").asText()).isEqualTo("/aws/lambda/tap-" + env + "-api");
        assertThat(api.path("deadLetterTargetArn").asText()).isEqualTo("(known after apply)");
        assertThat(api.path("codeSha256").asText()).hasSize(44);
        assertThat(api.path("environment").path("WORKER_FUNCTION_NAME").asText())
                .isEqualTo("tap-" + env + "-worker");
        assertThat(change(result, "fn.worker").path("desired").path("memoryMb").asInt())
                .isEqualTo(128);
        for (String fn : List.of("api", "worker")) {
            JsonNode dlq = change(result, "fn." + fn + ".dlq").path("desired");
            assertThat(dlq.path("name").asText()).isEqualTo("tap-" + env + "-" + fn + "-dlq");
            assertThat(dlq.path("messageRetentionSeconds").asInt()).isEqualTo(1_209_600);
        }
        JsonNode stage = change(result, "api.stage").path("desired");
        assertThat(stage.path("rateLimit").asDouble()).isEqualTo(env.equals("prod") ? 200.0 : 50.0);
        assertThat(stage.path("burstLimit").asInt()).isEqualTo(env.equals("prod") ? 400 : 100);
        JsonNode plan = change(result, "api.usageplan").path("desired");
        assertThat(plan.path("quotaLimit").asInt()).isEqualTo(env.equals("prod") ? 5_000_000 : 100_000);
        assertThat(plan.path("quotaPeriod").asText()).isEqualTo("MONTH");
        JsonNode cors = change(result, "api.routes").path("desired").path("cors");
        assertThat(cors.path("allowOrigins").toString()).doesNotContain("\"*\"");
        assertThat(cors.path("allowMethods").size()).isPositive();
        assertThat(cors.path("allowHeaders").size()).isPositive();
        int instances = env.equals("prod") ? 2 : 1;
        for (int i = 1; i <= instances; i++) {
            JsonNode instance = change(result, "compute.app-" + i).path("desired");
            assertThat(instance.path("imdsV2Required").asBoolean()).isTrue();
        }
    }

    @Test
    void applyCreatesEverythingAndASecondApplyMakesNoCallThatChangesAnything() {
        CliRun.Result apply = tapctl.run("apply", "--env", "dev", "--auto-approve");
        assertThat(apply.exitCode()).as(apply.all()).isZero();
        assertThat(apply.out()).contains("apiUrl", "https://");

        for (String fn : List.of("api", "worker")) {
            GetFunctionConfigurationResponse config =
                    aws.lambda().getFunctionConfiguration(r -> r.functionName("tap-dev-" + fn));
            String dlqUrl = aws.sqs()
                    .getQueueUrl(r -> r.queueName("tap-dev-" + fn + "-dlq"))
                    .queueUrl();
            String dlqArn = aws.sqs()
                    .getQueueAttributes(r -> r.queueUrl(dlqUrl).attributeNamesWithStrings("QueueArn"))
                    .attributesAsStrings()
                    .get("QueueArn");
            assertThat(config.deadLetterConfig().targetArn()).isEqualTo(dlqArn);
            assertThat(config.loggingConfig().logFormatAsString()).isEqualTo("JSON");
            assertThat(config.loggingConfig().logGroup()).isEqualTo("/aws/lambda/tap-dev-" + fn);
            assertThat(config.memorySize()).isEqualTo(fn.equals("api") ? 256 : 128);
        }

        RestApi api = aws.apigateway().getRestApis(r -> r.limit(500)).items().stream()
                .filter(a -> a.name().equals("tap-dev-api"))
                .findFirst()
                .orElseThrow();
        GetStageResponse stage =
                aws.apigateway().getStage(r -> r.restApiId(api.id()).stageName("v1"));
        MethodSetting all = stage.methodSettings().get("*/*");
        assertThat(all.throttlingRateLimit()).isEqualTo(50.0);
        assertThat(all.throttlingBurstLimit()).isEqualTo(100);
        assertThat(stage.accessLogSettings().destinationArn()).contains("/tap/dev/api-access");
        UsagePlan plan = aws.apigateway().getUsagePlans(r -> r.limit(500)).items().stream()
                .filter(p -> p.name().equals("tap-dev-api-plan"))
                .findFirst()
                .orElseThrow();
        assertThat(plan.throttle().rateLimit()).isEqualTo(50.0);
        assertThat(plan.quota().limit()).isEqualTo(100_000);
        assertThat(plan.apiStages())
                .anyMatch(s -> s.apiId().equals(api.id()) && s.stage().equals("v1"));

        List<Instance> instances = aws
                .ec2()
                .describeInstances(r -> r.filters(
                        Filter.builder().name("tag:Environment").values("dev").build(),
                        Filter.builder()
                                .name("instance-state-name")
                                .values("pending", "running")
                                .build()))
                .reservations()
                .stream()
                .flatMap(res -> res.instances().stream())
                .toList();
        assertThat(instances).hasSize(1);
        assertThat(instances.get(0).metadataOptions().httpTokensAsString()).isEqualTo("required");
        assertThat(instances.get(0).publicIpAddress()).isNull();

        log.clear();
        CliRun.Result again = tapctl.run("apply", "--env", "dev", "--auto-approve");
        assertThat(again.exitCode()).as(again.all()).isZero();
        assertThat(log.mutating()).as("mutating calls of a second apply").isEmpty();
        assertThat(log.calls()).noneMatch(c -> c.operation().equals("UpdateFunctionCode"));
        assertThat(tapctl.run("plan", "--env", "dev", "--detailed-exitcode").exitCode())
                .isZero();
    }

    @Test
    void aChangedSourceFileUpdatesThatFunctionOnlyAndUploadsItOnce(@TempDir Path dir) throws IOException {
        assertThat(tapctl.run("apply", "--env", "dev", "--auto-approve").exitCode())
                .isZero();
        Path functions = copyFunctions(dir);
        Path handler = functions.resolve("api").resolve("handler.py");
        Files.writeString(handler, Files.readString(handler) + "\n# a real code change\n");
        CliRun changed = tapctl;

        CliRun.Result plan = changed.run(
                "plan", "--env", "dev", "--json", "--detailed-exitcode", "--functions-dir", functions.toString());
        assertThat(plan.exitCode()).as(plan.all()).isEqualTo(2);
        assertThat(changedIds(plan)).containsExactly("fn.api");
        JsonNode attribute = change(plan, "fn.api").path("attributes").get(0);
        assertThat(attribute.path("path").asText()).isEqualTo("codeSha256");
        assertThat(attribute.path("before").asText())
                .isNotEqualTo(attribute.path("after").asText());
        assertThat(change(plan, "fn.api").path("reason").asText()).isEqualTo("config");

        log.clear();
        CliRun.Result apply =
                changed.run("apply", "--env", "dev", "--auto-approve", "--functions-dir", functions.toString());
        assertThat(apply.exitCode()).as(apply.all()).isZero();
        assertThat(log.matching(c -> c.operation().equals("UpdateFunctionCode")))
                .hasSize(1);
        assertThat(aws.lambda()
                        .getFunctionConfiguration(r -> r.functionName("tap-dev-api"))
                        .codeSha256())
                .isEqualTo(attribute.path("after").asText());
        assertThat(changed.run("plan", "--env", "dev", "--detailed-exitcode", "--functions-dir", functions.toString())
                        .exitCode())
                .isZero();
    }

    @Test
    void driftOnFunctionMemoryAndStageThrottlingIsShownAndRepaired() throws IOException {
        assertThat(tapctl.run("apply", "--env", "dev", "--auto-approve").exitCode())
                .isZero();
        aws.lambda().updateFunctionConfiguration(r -> r.functionName("tap-dev-worker")
                .memorySize(1024));
        RestApi api = aws.apigateway().getRestApis(r -> r.limit(500)).items().stream()
                .filter(a -> a.name().equals("tap-dev-api"))
                .findFirst()
                .orElseThrow();
        aws.apigateway().updateStage(r -> r.restApiId(api.id()).stageName("v1").patchOperations(p -> p.op("replace")
                .path("/*/*/throttling/rateLimit")
                .value("5")));

        CliRun.Result plan = tapctl.run("plan", "--env", "dev", "--json", "--detailed-exitcode");
        assertThat(plan.exitCode()).as(plan.all()).isEqualTo(2);
        assertThat(changedIds(plan)).containsExactlyInAnyOrder("fn.worker", "api.stage");
        assertThat(change(plan, "fn.worker").path("reason").asText()).isEqualTo("drift");
        assertThat(change(plan, "fn.worker").path("attributes").toString()).contains("memoryMb", "1024", "128");
        assertThat(change(plan, "api.stage").path("reason").asText()).isEqualTo("drift");

        assertThat(tapctl.run("apply", "--env", "dev", "--auto-approve").exitCode())
                .isZero();
        assertThat(aws.lambda()
                        .getFunctionConfiguration(r -> r.functionName("tap-dev-worker"))
                        .memorySize())
                .isEqualTo(128);
        assertThat(aws.apigateway()
                        .getStage(r -> r.restApiId(api.id()).stageName("v1"))
                        .methodSettings()
                        .get("*/*")
                        .throttlingRateLimit())
                .isEqualTo(50.0);
        assertThat(tapctl.run("plan", "--env", "dev", "--detailed-exitcode").exitCode())
                .isZero();
    }

    private static Path copyFunctions(Path dir) throws IOException {
        Path source = Path.of("functions");
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.toList()) {
                Path target = dir.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
        return dir;
    }
}

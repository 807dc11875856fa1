package dev.tapctl.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tapctl.config.ConfigLoader;
import dev.tapctl.config.TapConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ignoreChanges} resolved against the shipped stack: globs, paths per kind, safeguards. */
class IgnoreRulesTest {
    @TempDir
    Path dir;

    private IgnoreRules.Resolved resolve(String env, String ignoreChanges) throws IOException {
        try (Stream<Path> files = Files.list(Path.of("config"))) {
            for (Path file : files.toList()) {
                Files.copy(file, dir.resolve(file.getFileName()));
            }
        }
        Path envFile = dir.resolve(env + ".yaml");
        Files.writeString(envFile, Files.readString(envFile) + "\nignoreChanges:\n" + ignoreChanges);
        TapConfig config = new ConfigLoader().load(dir, env);
        return IgnoreRules.resolve(
                config, TapStack.resources(config, StackDependenciesTest.code(config), Zones.unknown(config)));
    }

    private static List<String> messages(IgnoreRules.Resolved resolved) {
        return resolved.problems().stream().map(IgnoreRules.Problem::message).toList();
    }

    @Test
    void aStarStaysWithinOneDotSeparatedPart() throws IOException {
        IgnoreRules.Resolved resolved = resolve("dev", "  fn.*: [memoryMb, tags.CostCenter]\n");

        assertThat(resolved.problems()).isEmpty();
        assertThat(resolved.byId().keySet()).containsExactlyInAnyOrder("fn.api", "fn.worker");
        assertThat(resolved.byId().get("fn.worker"))
                .isEqualTo(Map.of("memoryMb", "memoryMb", "tags.CostCenter", "tags.CostCenter"));
    }

    @Test
    void aQuestionMarkIsOneCharacterAndAnIdMatchesItself() throws IOException {
        IgnoreRules.Resolved resolved =
                resolve("dev", "  fn.ap?: [timeoutSeconds]\n  fn.worker.dlq: [messageRetentionSeconds]\n");

        assertThat(resolved.problems()).isEmpty();
        assertThat(resolved.byId().keySet()).containsExactlyInAnyOrder("fn.api", "fn.worker.dlq");
        assertThat(IgnoreRules.glob("fn.*").matcher("fn.api.dlq").matches()).isFalse();
        assertThat(IgnoreRules.glob("fn.*.dlq").matcher("fn.api.dlq").matches()).isTrue();
        assertThat(IgnoreRules.glob("fn.a+i").matcher("fn.aai").matches())
                .as("the rest is literal")
                .isFalse();
    }

    @Test
    void aGlobThatMatchesNothingIsAProblem() throws IOException {
        assertThat(messages(resolve("dev", "  fn.*.queue: [kmsKeyArn]\n")))
                .singleElement()
                .asString()
                .contains("\"fn.*.queue\" matches no resource of dev");
    }

    @Test
    void aPathTheKindDoesNotHaveIsAProblemThatListsTheKindsPaths() throws IOException {
        assertThat(messages(resolve("dev", "  data.table: [memoryMb, partitionKey.nme, codeZip]\n")))
                .hasSize(3)
                .allSatisfy(m -> assertThat(m).contains("of data.table (aws.dynamodb.table); it has: "))
                .first()
                .asString()
                .contains("billingMode", "partitionKey.name", "tags.<key>");
    }

    @Test
    void nestedFieldsMapKeysAndThePlansOwnNamesAreAttributes() throws IOException {
        IgnoreRules.Resolved resolved = resolve(
                "dev",
                "  data.table: [partitionKey.type, tags.a.b]\n"
                        + "  compute.app-1: [rootVolume.sizeGb, instanceType]\n"
                        + "  api.stage: [throttling.rateLimit]\n");

        assertThat(resolved.problems()).isEmpty();
        assertThat(resolved.byId().get("compute.app-1"))
                .containsEntry("rootVolume.sizeGb", "volumeSizeGb")
                .containsEntry("instanceType", "instanceType");
        assertThat(resolved.byId().get("api.stage")).containsEntry("throttling.rateLimit", "rateLimit");
        assertThat(resolved.byId().get("data.table")).containsEntry("tags.a.b", "tags.a.b");
    }

    @Test
    void aProtectedEnvironmentRefusesEverySafeguardTheIssueNames() throws IOException {
        List<String> problems = messages(resolve("prod", """
                  data.table: [kmsKeyArn, deletionProtection, pointInTimeRecovery]
                  data.bucket: [blockPublicAccess]
                  data.db: [backupRetentionDays, publiclyAccessible]
                  network.sg.app: [ingress]
                  compute.app-1: [metadataOptions.httpTokens, imdsV2Required]
                  fn.worker: [deadLetterTargetArn]
                  fn.worker.role: [inlinePolicies.table]
                """));

        assertThat(problems).hasSize(11).allSatisfy(p -> assertThat(p).contains("prod is protected: "));
        assertThat(problems)
                .anySatisfy(p -> assertThat(p)
                        .contains("kmsKeyArn of data.table (aws.dynamodb.table) is a safeguard (the encryption key)"))
                .anySatisfy(p -> assertThat(p).contains("ingress of network.sg.app", "security group ingress"))
                .anySatisfy(p -> assertThat(p).contains("metadataOptions.httpTokens of compute.app-1", "IMDSv2"))
                .anySatisfy(p -> assertThat(p).contains("inlinePolicies.table of fn.worker.role", "IAM policies"))
                .anySatisfy(p -> assertThat(p).contains("deadLetterTargetArn of fn.worker", "dead-letter queue"));
    }

    @Test
    void aProtectedEnvironmentMayIgnoreWhatIsNoSafeguard() throws IOException {
        IgnoreRules.Resolved resolved = resolve("prod", "  fn.*: [memoryMb]\n  data.table: [tags.CostCenter]\n");

        assertThat(resolved.problems()).isEmpty();
        assertThat(resolved.byId()).containsKeys("fn.api", "fn.worker", "data.table");
    }

    @Test
    void theSameSafeguardIsIgnorableWhereTheEnvironmentIsNotProtected() throws IOException {
        assertThat(resolve("dev", "  data.table: [kmsKeyArn]\n").problems()).isEmpty();
    }
}

package dev.tapctl.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link ConfigLoader}: defaults.yaml merged with {@code <env>.yaml}, validated, and every problem
 * named by the file the offending value lives in and its dotted key.
 */
class ConfigLoaderTest {
    /** A complete, valid defaults.yaml; each test overrides or breaks one thing. */
    static final String DEFAULTS = """
            project: tap
            region: us-east-1
            protected: false
            tags:
              Owner: platform
              Team: core
            network:
              cidr: 10.0.0.0/16
              azCount: 2
              natGateways: 1
            logs:
              retentionDays: 30
            kms:
              deletionWindowDays: 30
            database:
              engineVersion: "16"
              instanceClass: db.t4g.micro
              allocatedStorageGb: 20
              multiAz: false
              backupRetentionDays: 7
              deletionProtection: false
              masterUsername: tapadmin
              databaseName: tap
            table:
              partitionKey: {name: pk, type: S}
              sortKey: {name: sk, type: S}
              billingMode: PAY_PER_REQUEST
              pointInTimeRecovery: true
              deletionProtection: false
            functions:
              api:
                runtime: python3.12
                handler: handler.handle
                memoryMb: 256
                timeoutSeconds: 10
                logLevel: INFO
                tableActions: [GetItem, PutItem]
                invokes: []
                environment: {}
            api:
              stageName: v1
              function: api
              cors:
                allowOrigins: ["https://app.example.com"]
                allowMethods: [GET, POST]
                allowHeaders: [Content-Type]
                maxAgeSeconds: 600
              throttling: {rateLimit: 50, burstLimit: 100}
              quota: {limit: 1000, period: MONTH}
              apiKeys: [default]
            compute:
              instanceCount: 1
              instanceType: t3.micro
              ami: ami-0123456789abcdef0
              volumeSizeGb: 20
            alarms:
              email: []
              periodSeconds: 300
              thresholds: {functionErrors: 1, functionThrottles: 1, api5xxErrors: 1, dbFreeStorageMb: 2048, dbCpuPercent: 80}
            """;

    @TempDir
    Path dir;

    private final ConfigLoader loader = new ConfigLoader();

    @Nested
    class ShippedConfiguration {
        private final Path shipped = Path.of("config");

        @Test
        void devIsCheapAndUnprotected() {
            TapConfig dev = loader.load(shipped, "dev");

            assertThat(dev.project()).isEqualTo("tap");
            assertThat(dev.env()).isEqualTo("dev");
            assertThat(dev.prefix()).isEqualTo("tap-dev");
            assertThat(dev.region()).isEqualTo("us-east-1");
            assertThat(dev.protectedEnv()).isFalse();
            assertThat(dev.network()).isEqualTo(new TapConfig.NetworkConfig("10.10.0.0/16", 2, 1));
            assertThat(dev.logs().retentionDays()).isEqualTo(14);
            assertThat(dev.kms().deletionWindowDays()).isEqualTo(7);
            assertThat(dev.tags()).containsExactlyInAnyOrderEntriesOf(Map.of("Owner", "platform"));
        }

        @Test
        void stagingOverridesNetworkAndLogsAndKeepsTheDefaultKeyWindow() {
            TapConfig staging = loader.load(shipped, "staging");

            assertThat(staging.protectedEnv()).isFalse();
            assertThat(staging.network()).isEqualTo(new TapConfig.NetworkConfig("10.20.0.0/16", 2, 1));
            assertThat(staging.logs().retentionDays()).isEqualTo(90);
            assertThat(staging.kms().deletionWindowDays()).isEqualTo(30);
            assertThat(staging.region()).isEqualTo("us-east-1");
        }

        @Test
        void prodIsProtectedWithThreeZonesAndAYearOfLogs() {
            TapConfig prod = loader.load(shipped, "prod");

            assertThat(prod.protectedEnv()).isTrue();
            assertThat(prod.network()).isEqualTo(new TapConfig.NetworkConfig("10.30.0.0/16", 3, 3));
            assertThat(prod.logs().retentionDays()).isEqualTo(365);
            assertThat(prod.kms().deletionWindowDays()).isEqualTo(30);
            assertThat(prod.tags())
                    .containsExactlyInAnyOrderEntriesOf(
                            Map.of("Owner", "platform", "DataClassification", "confidential"));
        }

        @Test
        void environmentsNeverShareAVpcBlock() {
            assertThat(Stream.of("dev", "staging", "prod")
                            .map(env -> loader.load(shipped, env).network().cidr()))
                    .doesNotHaveDuplicates();
        }
    }

    @Nested
    class Merging {
        @Test
        void environmentValueWinsOverTheDefault() throws IOException {
            write("defaults.yaml", DEFAULTS);
            write("qa.yaml", """
                    region: eu-west-1
                    protected: true
                    logs:
                      retentionDays: 7
                    """);

            TapConfig qa = loader.load(dir, "qa");

            assertThat(qa.region()).isEqualTo("eu-west-1");
            assertThat(qa.protectedEnv()).isTrue();
            assertThat(qa.logs().retentionDays()).isEqualTo(7);
            assertThat(qa.kms().deletionWindowDays()).isEqualTo(30);
            assertThat(qa.project()).isEqualTo("tap");
        }

        @Test
        void nestedMappingsMergeKeyByKey() throws IOException {
            write("defaults.yaml", DEFAULTS);
            write("qa.yaml", """
                    network:
                      azCount: 4
                    """);

            assertThat(loader.load(dir, "qa").network()).isEqualTo(new TapConfig.NetworkConfig("10.0.0.0/16", 4, 1));
        }

        @Test
        void tagsMergeAndTheEnvironmentWinsPerKey() throws IOException {
            write("defaults.yaml", DEFAULTS);
            write("qa.yaml", """
                    tags:
                      Team: payments
                      CostCenter: "4711"
                    """);

            assertThat(loader.load(dir, "qa").tags())
                    .containsExactlyInAnyOrderEntriesOf(
                            Map.of("Owner", "platform", "Team", "payments", "CostCenter", "4711"));
        }

        @Test
        void anEmptyOrCommentOnlyEnvironmentFileMeansTheDefaults() throws IOException {
            write("defaults.yaml", DEFAULTS);
            write("empty.yaml", "");
            write("blank.yaml", "\n   \n");
            write("comment.yaml", "# nothing differs here\n");

            for (String env : new String[] {"empty", "blank", "comment"}) {
                TapConfig config = loader.load(dir, env);
                assertThat(config.env()).isEqualTo(env);
                assertThat(config.network()).isEqualTo(new TapConfig.NetworkConfig("10.0.0.0/16", 2, 1));
                assertThat(config.logs().retentionDays()).isEqualTo(30);
            }
        }

        @Test
        void aProblemFoundLaterNamesTheFileThatSetTheKey() throws IOException {
            write("defaults.yaml", DEFAULTS);
            write("qa.yaml", "database:\n  engineVersion: \"16.8\"\n");
            write("other.yaml", "database:\n  instanceClass: db.t4g.small\n");

            assertThat(loader.loadWithSources(dir, "qa").problem("database.engineVersion", "retired"))
                    .isEqualTo(dir.resolve("qa.yaml") + ": database.engineVersion: retired");
            assertThat(loader.loadWithSources(dir, "other").problem("database.engineVersion", "retired"))
                    .isEqualTo(defaultsFile() + ": database.engineVersion: retired");
            assertThat(loader.loadWithSources(dir, "qa").config()).isEqualTo(loader.load(dir, "qa"));
        }

        @Test
        void aBadDefaultThatTheEnvironmentOverridesIsNotAProblemForThatEnvironment() throws IOException {
            write("defaults.yaml", DEFAULTS.replace("azCount: 2", "azCount: 9"));
            write("qa.yaml", "network:\n  azCount: 3\n");
            write("other.yaml", "");

            assertThat(loader.load(dir, "qa").network().azCount()).isEqualTo(3);
            assertThat(problemsOf("other"))
                    .containsExactly(
                            defaultsFile()
                                    + ": network.azCount: 9 is out of range (2 to 6; the database needs two Availability Zones)");
        }
    }

    @Nested
    class EnvironmentNames {
        @ParameterizedTest
        @ValueSource(strings = {"a", "dev", "prod", "qa2", "feature-42", "abcdefghijklmnopqrst"})
        void plainNamesAreAccepted(String env) {
            assertThatCode(() -> ConfigLoader.requireValidEnvName(env)).doesNotThrowAnyException();
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "",
                    "Prod",
                    "prod!",
                    "../x",
                    "x/y",
                    "dev-",
                    "-dev",
                    "2dev",
                    "dev_1",
                    "dev.yaml",
                    "abcdefghijklmnopqrstu",
                    "de v"
                })
        void othersAreRejectedNamingTheFlag(String env) {
            try {
                ConfigLoader.requireValidEnvName(env);
                fail("accepted " + env);
            } catch (ConfigException e) {
                assertThat(e.problems())
                        .singleElement()
                        .asString()
                        .startsWith("--env: \"" + env + "\" is not a valid environment name");
            }
        }

        @Test
        void anInvalidNameIsRejectedBeforeAnyFileIsTouched() {
            // dir has no files at all: the name is checked first, so the message is about the name.
            assertThat(problemsOf("../defaults")).singleElement().asString().startsWith("--env: ");
        }

        @Test
        void anEnvironmentWithoutAFileListsTheKnownOnes() throws IOException {
            write("defaults.yaml", DEFAULTS);
            write("dev.yaml", "");
            write("prod.yaml", "");

            assertThat(problemsOf("qa"))
                    .containsExactly(
                            dir.resolve("qa.yaml") + ": no configuration for environment \"qa\" (known: dev, prod)");
        }

        @Test
        void aMissingDefaultsFileIsNamed() throws IOException {
            write("qa.yaml", "");

            assertThat(problemsOf("qa")).containsExactly(defaultsFile() + ": file not found");
        }
    }

    /**
     * Each class of problem, placed in defaults.yaml or in the environment file: the message names
     * that file and the dotted key.
     */
    static Stream<Arguments> problems() {
        return Stream.of(
                // Unknown keys.
                Arguments.of(
                        "unknown top-level key in defaults",
                        DEFAULTS + "regoin: x\n",
                        "",
                        "defaults",
                        "regoin: unknown key (expected one of: alarms, api, compute, database, functions, kms, logs, network, project, protected, region, table, tags)"),
                Arguments.of("unknown top-level key in env", DEFAULTS, "regoin: x\n", "env", "regoin: unknown key"),
                Arguments.of(
                        "unknown nested key in defaults",
                        DEFAULTS.replace("  azCount: 2\n", "  azCount: 2\n  zones: 2\n"),
                        "",
                        "defaults",
                        "network.zones: unknown key (expected one of: azCount, cidr, natGateways)"),
                Arguments.of(
                        "unknown nested key in env, next to defaults' keys",
                        DEFAULTS,
                        "network:\n  zones: 2\n",
                        "env",
                        "network.zones: unknown key (expected one of: azCount, cidr, natGateways)"),
                // Types.
                Arguments.of(
                        "text for a number in defaults",
                        DEFAULTS.replace("azCount: 2", "azCount: two"),
                        "",
                        "defaults",
                        "network.azCount: expected a whole number, got \"two\""),
                Arguments.of(
                        "text for a number in env",
                        DEFAULTS,
                        "network:\n  azCount: two\n",
                        "env",
                        "network.azCount: expected a whole number, got \"two\""),
                Arguments.of(
                        "float for an int",
                        DEFAULTS,
                        "kms:\n  deletionWindowDays: 7.5\n",
                        "env",
                        "kms.deletionWindowDays: expected a whole number, got 7.5"),
                Arguments.of(
                        "number for a mapping",
                        DEFAULTS,
                        "network: 16\n",
                        "env",
                        "network: expected a mapping of keys to values, got 16"),
                Arguments.of(
                        "list for a mapping in defaults",
                        DEFAULTS.replace("tags:\n  Owner: platform\n  Team: core\n", "tags: [Owner, platform]\n"),
                        "",
                        "defaults",
                        "tags: expected a mapping of keys to values, got a list"),
                Arguments.of(
                        "list for text",
                        DEFAULTS,
                        "region: [us-east-1]\n",
                        "env",
                        "region: expected a text value, got a list"),
                Arguments.of(
                        "text for a boolean",
                        DEFAULTS,
                        "protected: maybe\n",
                        "env",
                        "protected: expected true or false, got \"maybe\""),
                Arguments.of(
                        "list for a tag value",
                        DEFAULTS,
                        "tags:\n  Team: [a, b]\n",
                        "env",
                        "tags.Team: expected a text value, got a list"),
                // Values.
                Arguments.of(
                        "azCount out of range in defaults",
                        DEFAULTS.replace("azCount: 2", "azCount: 0"),
                        "",
                        "defaults",
                        "network.azCount: 0 is out of range (2 to 6; the database needs two Availability Zones)"),
                Arguments.of(
                        "azCount out of range in env",
                        DEFAULTS,
                        "network:\n  azCount: 7\n",
                        "env",
                        "network.azCount: 7 is out of range (2 to 6; the database needs two Availability Zones)"),
                Arguments.of(
                        "retention not accepted by CloudWatch",
                        DEFAULTS.replace("retentionDays: 30", "retentionDays: 31"),
                        "",
                        "defaults",
                        "logs.retentionDays: 31 is not a retention CloudWatch Logs accepts (one of 1, 3, 5"),
                Arguments.of(
                        "deletion window too short",
                        DEFAULTS,
                        "kms:\n  deletionWindowDays: 6\n",
                        "env",
                        "kms.deletionWindowDays: 6 is out of range (7 to 30 days)"),
                Arguments.of(
                        "deletion window too long",
                        DEFAULTS.replace("deletionWindowDays: 30", "deletionWindowDays: 45"),
                        "",
                        "defaults",
                        "kms.deletionWindowDays: 45 is out of range (7 to 30 days)"),
                Arguments.of(
                        "bad CIDR syntax",
                        DEFAULTS,
                        "network:\n  cidr: 10.0.0.0\n",
                        "env",
                        "network.cidr: \"10.0.0.0\" is not an IPv4 CIDR block such as 10.0.0.0/16"),
                Arguments.of(
                        "CIDR octet above 255",
                        DEFAULTS.replace("10.0.0.0/16", "300.0.0.0/16"),
                        "",
                        "defaults",
                        "network.cidr: \"300.0.0.0/16\" has an octet above 255"),
                Arguments.of(
                        "CIDR prefix too wide",
                        DEFAULTS,
                        "network:\n  cidr: 10.0.0.0/8\n",
                        "env",
                        "network.cidr: \"10.0.0.0/8\" must have a prefix from /16 to /24"),
                Arguments.of(
                        "CIDR prefix too narrow",
                        DEFAULTS,
                        "network:\n  cidr: 10.0.0.0/28\n",
                        "env",
                        "network.cidr: \"10.0.0.0/28\" must have a prefix from /16 to /24"),
                Arguments.of(
                        "CIDR with host bits",
                        DEFAULTS,
                        "network:\n  cidr: 10.0.0.5/24\n",
                        "env",
                        "network.cidr: \"10.0.0.5/24\" has host bits set; did you mean 10.0.0.0/24?"),
                Arguments.of(
                        "region name",
                        DEFAULTS.replace("us-east-1", "virginia"),
                        "",
                        "defaults",
                        "region: \"virginia\" is not an AWS region name such as us-east-1"),
                Arguments.of(
                        "project name",
                        DEFAULTS,
                        "project: my_project\n",
                        "env",
                        "project: \"my_project\" must be 2-12 lowercase letters or digits, starting with a letter"),
                Arguments.of(
                        "reserved tag in defaults",
                        DEFAULTS.replace("  Team: core\n", "  ManagedBy: me\n"),
                        "",
                        "defaults",
                        "tags.ManagedBy: is reserved"),
                Arguments.of(
                        "reserved aws: tag in env",
                        DEFAULTS,
                        "tags:\n  AWS:foo: bar\n",
                        "env",
                        "tags.AWS:foo: is reserved"),
                Arguments.of(
                        "reserved tapctl: tag in env",
                        DEFAULTS,
                        "tags:\n  tapctl:spec-hash: x\n",
                        "env",
                        "tags.tapctl:spec-hash: is reserved"),
                Arguments.of(
                        "tag key too long",
                        DEFAULTS,
                        "tags:\n  " + "k".repeat(129) + ": v\n",
                        "env",
                        "tags." + "k".repeat(129) + ": tag keys must be 1 to 128 characters"),
                Arguments.of(
                        "tag value too long",
                        DEFAULTS,
                        "tags:\n  Team: " + "v".repeat(257) + "\n",
                        "env",
                        "tags.Team: tag values must be 0 to 256 characters"),
                // Whole files.
                Arguments.of(
                        "top-level list in env",
                        DEFAULTS,
                        "- a\n- b\n",
                        "env",
                        "the top level must be a mapping of keys to values"),
                Arguments.of(
                        "top-level text in defaults",
                        "hello\n",
                        "",
                        "defaults",
                        "the top level must be a mapping of keys to values"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("problems")
    void eachProblemNamesTheFileItLivesInAndTheKey(
            String name, String defaults, String env, String where, String expected) throws IOException {
        write("defaults.yaml", defaults);
        write("qa.yaml", env);

        Path file = where.equals("defaults") ? defaultsFile() : dir.resolve("qa.yaml");
        assertThat(problemsOf("qa")).singleElement().asString().startsWith(file + ": " + expected);
    }

    @Nested
    class MalformedYaml {
        @Test
        void badIndentationInTheEnvironmentFileGivesItsLine() throws IOException {
            write("defaults.yaml", DEFAULTS);
            write("qa.yaml", "network:\n  cidr: 10.9.0.0/16\n azCount: 2\n");

            assertThat(problemsOf("qa"))
                    .singleElement()
                    .asString()
                    .startsWith(dir.resolve("qa.yaml") + ": line 3, column 2: malformed YAML: ");
        }

        @Test
        void anUnclosedBracketInDefaultsGivesItsLine() throws IOException {
            write(
                    "defaults.yaml",
                    DEFAULTS.replace("  Owner: platform\n  Team: core\n", "")
                            .replace("tags:", "tags: {Owner: platform"));
            write("qa.yaml", "");

            assertThat(problemsOf("qa"))
                    .singleElement()
                    .asString()
                    .startsWith(defaultsFile() + ": line ")
                    .contains("malformed YAML");
        }

        @Test
        void aDuplicateKeyIsAnErrorNotLastOneWins() throws IOException {
            write("defaults.yaml", DEFAULTS);
            write("qa.yaml", "logs:\n  retentionDays: 7\n  retentionDays: 14\n");

            assertThat(problemsOf("qa"))
                    .singleElement()
                    .asString()
                    .startsWith(dir.resolve("qa.yaml") + ": line 3,")
                    .contains("malformed YAML: Duplicate field 'retentionDays'");
        }

        @Test
        void aDuplicateTopLevelKeyInDefaultsIsAnError() throws IOException {
            write("defaults.yaml", DEFAULTS + "region: us-west-2\n");
            write("qa.yaml", "");

            assertThat(problemsOf("qa"))
                    .singleElement()
                    .asString()
                    .startsWith(defaultsFile() + ": line " + (DEFAULTS.lines().count() + 1) + ",")
                    .contains("Duplicate field 'region'");
        }

        @Test
        void aTabGivesTheLineOfTheTabAndSaysWhatIsWrong() throws IOException {
            write("defaults.yaml", DEFAULTS);
            write("qa.yaml", "tags:\n\tTeam: x\n");

            assertThat(problemsOf("qa"))
                    .singleElement()
                    .asString()
                    .startsWith(dir.resolve("qa.yaml") + ": line 2, column 1: malformed YAML: ")
                    .contains("TAB");
        }
    }

    @Nested
    class MissingValues {
        @Test
        void aKeyMissingFromBothFilesIsNamedWithBothFiles() throws IOException {
            write("defaults.yaml", DEFAULTS.replace("  azCount: 2\n", ""));
            write("qa.yaml", "");

            assertThat(problemsOf("qa"))
                    .containsExactly(defaultsFile() + " or " + dir.resolve("qa.yaml")
                            + ": network.azCount: missing required key");
        }

        @Test
        void aSectionMissingFromBothFilesIsNamedWithBothFiles() throws IOException {
            write("defaults.yaml", DEFAULTS.replace("kms:\n  deletionWindowDays: 30\n", ""));
            write("qa.yaml", "");

            assertThat(problemsOf("qa"))
                    .containsExactly(defaultsFile() + " or " + dir.resolve("qa.yaml") + ": kms: missing required key");
        }

        @Test
        void aMissingKeyIsAtLeastRejectedWithItsDottedKey() throws IOException {
            write("defaults.yaml", DEFAULTS.replace("  azCount: 2\n", ""));
            write("qa.yaml", "");

            assertThat(problemsOf("qa")).singleElement().asString().contains(": network.azCount: ");
        }

        @Test
        void aKeyWithoutAValueIsNamedOnce() throws IOException {
            write("defaults.yaml", DEFAULTS);
            write("qa.yaml", "region:\n");

            assertThat(problemsOf("qa")).containsExactly(dir.resolve("qa.yaml") + ": region: must have a value");
        }

        @Test
        void aKeyWithoutAValueIsRejected() throws IOException {
            write("defaults.yaml", DEFAULTS);
            write("qa.yaml", "logs:\n  retentionDays:\n");

            assertThat(problemsOf("qa"))
                    .singleElement()
                    .asString()
                    .startsWith(dir.resolve("qa.yaml") + ": logs.retentionDays");
        }
    }

    @Test
    void everyValidationProblemIsReportedAtOnceEachWithItsOwnFile() throws IOException {
        write("defaults.yaml", DEFAULTS.replace("us-east-1", "mars").replace("retentionDays: 30", "retentionDays: 2"));
        write("qa.yaml", "network:\n  cidr: 10.0.0.0/12\n");

        ConfigException e = failure("qa");

        assertThat(e.problems())
                .containsExactlyInAnyOrder(
                        defaultsFile() + ": region: \"mars\" is not an AWS region name such as us-east-1",
                        dir.resolve("qa.yaml") + ": network.cidr: \"10.0.0.0/12\" must have a prefix from /16 to /24 "
                                + "(AWS allows /16 to /28 and tapctl needs 16 subnets)",
                        defaultsFile()
                                + ": logs.retentionDays: 2 is not a retention CloudWatch Logs accepts (one of 1, 3, 5, 7, "
                                + "14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653)");
        assertThat(e.getMessage()).isEqualTo(String.join(System.lineSeparator(), e.problems()));
    }

    @Test
    void aTagWithoutAValueIsAConfigProblem() throws IOException {
        write("defaults.yaml", DEFAULTS);
        write("qa.yaml", "tags:\n  Team:\n");

        assertThat(problemsOf("qa")).singleElement().asString().startsWith(dir.resolve("qa.yaml") + ": tags.Team: ");
    }

    @Test
    void aProblemInADefaultTagIsBlamedOnDefaultsEvenWhenTheEnvironmentAddsTags() throws IOException {
        write("defaults.yaml", DEFAULTS.replace("  Team: core\n", "  Name: shared\n"));
        write("qa.yaml", "tags:\n  Team: qa\n");

        assertThat(problemsOf("qa"))
                .containsExactly(defaultsFile() + ": tags.Name: is reserved "
                        + "(tapctl sets Project, Environment, ManagedBy, Name and tapctl:*; aws: is AWS's)");
    }

    @Test
    void aProblemInADefaultTagWithADotInItsKeyIsBlamedOnDefaults() throws IOException {
        write("defaults.yaml", DEFAULTS.replace("  Team: core\n", "  aws:cost.center: x\n"));
        write("qa.yaml", "");

        assertThat(problemsOf("qa")).singleElement().asString().startsWith(defaultsFile() + ": tags.aws:cost.center: ");
    }

    // ---------------------------------------------------------------------------------------------

    private void write(String name, String text) throws IOException {
        Files.writeString(dir.resolve(name), text);
    }

    private Path defaultsFile() {
        return dir.resolve(ConfigLoader.DEFAULTS_FILE);
    }

    private ConfigException failure(String env) {
        try {
            TapConfig config = loader.load(dir, env);
            throw new AssertionError("expected a ConfigException, loaded " + config);
        } catch (ConfigException e) {
            return e;
        }
    }

    private java.util.List<String> problemsOf(String env) {
        return failure(env).problems();
    }
}

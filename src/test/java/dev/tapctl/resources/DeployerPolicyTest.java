package dev.tapctl.resources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tapctl.config.ConfigLoader;
import dev.tapctl.config.TapConfig;
import dev.tapctl.testing.CliRun;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The deployer's policy without AWS: its shape, its determinism, one declaration per kind, its scoping. */
class DeployerPolicyTest {
    private static final String ACCOUNT = "123456789012";

    private static DeployerPolicy policy(String env) {
        TapConfig config = new ConfigLoader().load(Path.of("config"), env);
        return DeployerPolicy.of(config, ACCOUNT);
    }

    @Test
    void everyKindOfTheCatalogDeclaresItsActions() {
        assertThat(DeployerActions.byKind().keySet())
                .containsExactlyElementsOf(new AwsHandlerCatalog(null, AwsHandlerCatalog.Options.DEFAULT).kinds());
    }

    @Test
    void theDocumentIsAnIamPolicyOfExactActionsPrintedTheSameEveryTime() throws Exception {
        String json = policy("dev").json();
        assertThat(policy("dev").json()).isEqualTo(json);
        JsonNode document = new ObjectMapper().readTree(json);
        assertThat(document.path("Version").asText()).isEqualTo("2012-10-17");
        List<JsonNode> statements = StreamSupport.stream(
                        document.path("Statement").spliterator(), false)
                .toList();
        assertThat(statements).isNotEmpty().allSatisfy(s -> {
            assertThat(s.path("Effect").asText()).isEqualTo("Allow");
            assertThat(s.path("Sid").asText()).matches("[A-Za-z0-9]+");
            List<String> actions = texts(s.path("Action"));
            assertThat(actions).isSorted().doesNotHaveDuplicates().allSatisfy(a -> assertThat(a)
                    .matches("[a-z0-9]+:[A-Za-z0-9]+")
                    .doesNotContain("*"));
            assertThat(texts(s.path("Resource"))).isSorted().isNotEmpty();
        });
        assertThat(statements)
                .extracting(s -> s.path("Sid").asText())
                .isSorted()
                .doesNotHaveDuplicates();
        assertThat(policy("dev").actions())
                .contains("ec2:CreateVpc", "kms:CreateKey", "iam:PassRole", "sts:GetCallerIdentity");
    }

    /**
     * Issue 16: no action whose answer is the whole account. GetAccountAuthorizationDetails dumps
     * every policy of the account (a permission security teams deny); ListFunctions pages every
     * function. The proof (DeployerPolicyProofTest) shows the life of dev calls neither.
     */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void noActionAnswersWithTheWholeAccount(String env) {
        assertThat(policy(env).actions())
                .isNotEmpty()
                .doesNotContain("iam:GetAccountAuthorizationDetails", "lambda:ListFunctions");
    }

    @Test
    void grantsAreScopedToTheEnvironmentsOwnNames() {
        DeployerPolicy dev = policy("dev");
        DeployerPolicy prod = policy("prod");
        assertThat(dev.resourcesOf("logs:CreateLogGroup"))
                .containsExactly(
                        "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/tap-dev-*",
                        "arn:aws:logs:us-east-1:123456789012:log-group:/tap/dev/*");
        assertThat(prod.resourcesOf("iam:PassRole"))
                .containsExactly(
                        "arn:aws:iam::123456789012:role/tap-apigateway-cloudwatch",
                        "arn:aws:iam::123456789012:role/tap-prod-*",
                        "arn:aws:iam::123456789012:role/tapctl/tap/prod/tap-prod-*");
        assertThat(prod.resourcesOf("s3:CreateBucket")).containsExactly("arn:aws:s3:::tap-prod-123456789012-us-east-1");
        assertThat(prod.resourcesOf("rds:DeleteDBInstance"))
                .contains("arn:aws:rds:us-east-1:123456789012:db:tap-prod-db");
        assertThat(prod.resources())
                .as("prod's policy grants nothing of dev's")
                .noneMatch(arn -> arn.contains("tap-dev") || arn.contains("/dev/"));
        assertThat(dev.resources()).noneMatch(arn -> arn.contains("prod"));
        assertThat(prod.resourcesOf("ec2:DescribeVpcs")).containsExactly("*");
        assertThat(prod.resourcesOf("ec2:CreateVpc")).containsExactly("arn:aws:ec2:us-east-1:*:*");
    }

    @Test
    void theCommandPrintsThePolicyForTheGivenAccountWithoutAws() throws Exception {
        CliRun.Result printed = CliRun.offline().run("deployer-policy", "--env", "prod", "--account", ACCOUNT);
        assertThat(printed.exitCode()).as(printed.all()).isZero();
        assertThat(printed.out().strip()).isEqualTo(policy("prod").json().strip());

        CliRun.Result bad = CliRun.offline().run("deployer-policy", "--account", "12345");
        assertThat(bad.exitCode()).isEqualTo(64);
        assertThat(bad.err()).contains("--account: 12345 is not a 12-digit account id");
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false)
                .map(JsonNode::asText)
                .toList();
    }
}

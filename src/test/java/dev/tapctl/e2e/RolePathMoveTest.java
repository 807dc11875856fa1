package dev.tapctl.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tapctl.aws.AwsClients;
import dev.tapctl.engine.Action;
import dev.tapctl.engine.ProgressListener;
import dev.tapctl.engine.Step;
import dev.tapctl.perf.CallTrace;
import dev.tapctl.perf.LatencyModel;
import dev.tapctl.perf.StackHarness;
import dev.tapctl.testing.CallLog;
import dev.tapctl.testing.HandlerFixture;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.Tag;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * A stack whose roles an earlier tapctl made at {@code /}: the plan replaces each of them to move
 * it under {@code /tapctl/<project>/<env>/}, the apply does it with the dependants letting go
 * first (the functions, which named the roles at {@code /}, are pointed at the new ones), and the next
 * plan finds nothing to change. In realism mode (as every end-to-end test): the
 * functions are pointed at roles IAM has not propagated yet, and wait until Lambda can assume them.
 */
class RolePathMoveTest extends StackFixture {
    private static final Path PROJECT = Path.of("").toAbsolutePath();
    private static final String ENV_PATH = "/tapctl/tap/dev/";

    @Test
    void rolesMadeAtTheRootAreReplacedUnderTheEnvironmentsPath() {
        try (StackHarness stack =
                        StackHarness.open(PROJECT, "dev", emulator.endpoint(), new CallTrace(LatencyModel.NONE));
                AwsClients clients = HandlerFixture.clients(emulator, new CallLog())) {
            stack.apply(8, ProgressListener.SILENT);
            IamClient iam = clients.iam();
            List<String> moved = iam.listRolesPaginator(r -> r.pathPrefix(ENV_PATH)).roles().stream()
                    .map(Role::roleName)
                    .sorted()
                    .toList();
            assertThat(moved).contains("tap-dev-api-fn", "tap-dev-app", "tap-dev-vpc-flow-logs");
            // What an earlier tapctl left is set up with realism off: it is not what is under test.
            emulator.realism().disable();
            moved.forEach(name -> makeAgainAtTheRoot(iam, clients.lambda(), name));

            StackHarness.Run plan = stack.plan(8);

            Map<String, Step> byName = plan.plan().changes().stream()
                    .filter(c -> c.kind().equals("aws.iam.role"))
                    .collect(Collectors.toMap(Step::name, c -> c));
            for (String name : moved) {
                Step role = byName.get(name);
                assertThat(role.action()).as(name).isEqualTo(Action.REPLACE);
                assertThat(role.attributes()).as(name).anySatisfy(a -> {
                    assertThat(a.path()).isEqualTo("path");
                    assertThat(a.before()).isEqualTo("/");
                    assertThat(a.after()).isEqualTo(ENV_PATH);
                    assertThat(a.forcesReplace()).isTrue();
                });
            }
            // The account-wide role stays where it is.
            assertThat(byName.get("tap-apigateway-cloudwatch").action()).isEqualTo(Action.NO_OP);
            // The flow log names its role's ARN and cannot be changed: it is replaced too (before the role).
            assertThat(plan.plan().change("network.flowlogs").orElseThrow().action())
                    .isEqualTo(Action.REPLACE);

            // Wide enough that the functions' UpdateFunctionConfiguration always comes inside it,
            // however loaded the machine: IAM's propagation is what this apply has to wait out.
            realismWith("iam_propagation", 6.0);
            int notAssumableBefore = emulator.realism().count("iam.lambda_role_not_assumable");
            stack.apply(8, ProgressListener.SILENT);
            assertThat(emulator.realism().count("iam.lambda_role_not_assumable") - notAssumableBefore)
                    .as(
                            "a function was pointed at its new role before IAM propagated it (counts: %s)",
                            emulator.realism().counts())
                    .isPositive();

            assertThat(iam.listRolesPaginator(r -> r.pathPrefix(ENV_PATH)).roles())
                    .extracting(Role::roleName)
                    .containsExactlyInAnyOrderElementsOf(moved);
            assertThat(iam.getInstanceProfile(r -> r.instanceProfileName("tap-dev-app"))
                            .instanceProfile()
                            .roles())
                    .extracting(Role::arn)
                    .singleElement()
                    .satisfies(arn -> assertThat(arn).contains(":role" + ENV_PATH + "tap-dev-app"));
            assertThat(clients.lambda()
                            .getFunction(r -> r.functionName("tap-dev-api"))
                            .configuration()
                            .role())
                    .contains(":role" + ENV_PATH + "tap-dev-api-fn");
            StackHarness.Run again = stack.plan(8);
            assertThat(again.plan().changes().stream()
                            .filter(c -> c.action().changes())
                            .map(c -> c.id() + " " + c.action().json() + " " + c.attributes())
                            .toList())
                    .isEmpty();
        }
    }

    /** As an earlier tapctl left it: the same role, policies and tags, at "/". */
    private static void makeAgainAtTheRoot(IamClient iam, LambdaClient lambda, String name) {
        Role role = iam.getRole(r -> r.roleName(name)).role();
        List<Tag> tags = role.tags();
        Map<String, String> inline = new java.util.TreeMap<>();
        iam.listRolePoliciesPaginator(r -> r.roleName(name))
                .policyNames()
                .forEach(policy -> inline.put(
                        policy,
                        java.net.URLDecoder.decode(
                                iam.getRolePolicy(r -> r.roleName(name).policyName(policy))
                                        .policyDocument(),
                                java.nio.charset.StandardCharsets.UTF_8)));
        String trust =
                java.net.URLDecoder.decode(role.assumeRolePolicyDocument(), java.nio.charset.StandardCharsets.UTF_8);
        List<String> profiles =
                iam.listInstanceProfilesForRolePaginator(r -> r.roleName(name)).instanceProfiles().stream()
                        .map(profile -> profile.instanceProfileName())
                        .toList();
        profiles.forEach(profile -> iam.removeRoleFromInstanceProfile(
                r -> r.instanceProfileName(profile).roleName(name)));
        inline.keySet()
                .forEach(policy -> iam.deleteRolePolicy(r -> r.roleName(name).policyName(policy)));
        iam.deleteRole(r -> r.roleName(name));
        String created = iam.createRole(r -> r.roleName(name)
                        .description(role.description())
                        .assumeRolePolicyDocument(trust)
                        .tags(tags))
                .role()
                .arn();
        inline.forEach((policy, document) ->
                iam.putRolePolicy(r -> r.roleName(name).policyName(policy).policyDocument(document)));
        profiles.forEach(profile ->
                iam.addRoleToInstanceProfile(r -> r.instanceProfileName(profile).roleName(name)));
        assertThat(created).contains(":role/" + name);
        lambda.listFunctionsPaginator().functions().stream()
                .filter(f -> f.role().endsWith("/" + name))
                .forEach(f -> lambda.updateFunctionConfiguration(
                        r -> r.functionName(f.functionName()).role(created)));
    }
}

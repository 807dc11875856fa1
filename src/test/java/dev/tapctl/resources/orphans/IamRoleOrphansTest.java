package dev.tapctl.resources.orphans;

import static dev.tapctl.resources.orphans.OrphanTestSupport.otherEnvTags;
import static dev.tapctl.resources.orphans.OrphanTestSupport.otherProjectTags;
import static dev.tapctl.resources.orphans.OrphanTestSupport.owner;
import static dev.tapctl.stack.Policies.allow;
import static dev.tapctl.stack.Policies.allowPrincipal;
import static dev.tapctl.stack.Policies.document;
import static dev.tapctl.testing.CallLog.operations;
import static dev.tapctl.testing.HandlerFixture.tags;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tapctl.aws.AwsClients;
import dev.tapctl.aws.PolicyDocuments;
import dev.tapctl.engine.spi.DeleteResult;
import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.Deletions;
import dev.tapctl.engine.spi.Ownership;
import dev.tapctl.engine.spi.SharedReads;
import dev.tapctl.engine.spi.Tags;
import dev.tapctl.resources.iam.IamRoleHandler;
import dev.tapctl.stack.spec.IamRoleSpec;
import dev.tapctl.testing.CallLog;
import dev.tapctl.testing.Emulator;
import dev.tapctl.testing.EmulatorExtension;
import dev.tapctl.testing.HandlerFixture;
import dev.tapctl.testing.TestContext;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.Role;

@ExtendWith(EmulatorExtension.class)
class IamRoleOrphansTest {
    private static final String KNOWN = "tap-test-api-fn";
    private static final String ORPHAN = "tap-test-gone-fn";
    private static final String OTHER_ENV = "tap-test-shadow-fn";
    private static final String OTHER_PROJECT = "tap-test-foreign-fn";
    private static final String UNTAGGED = "tap-test-handmade-fn";
    private static final String PROD = "tap-prod-gone-fn";
    /** Account-wide: the stack tags it without Environment; under this prefix it still is nobody's orphan. */
    private static final String ACCOUNT_WIDE = "tap-apigateway-cloudwatch";

    private static final String ACCOUNT_WIDE_UNDER_PREFIX = "tap-test-account-wide";

    private final CallLog calls = new CallLog();
    private AwsClients clients;
    private IamClient iam;
    private IamRoleHandler handler;

    @BeforeEach
    void setUp(Emulator emulator) {
        clients = HandlerFixture.clients(emulator, calls);
        iam = clients.iam();
        handler = new IamRoleHandler(iam, clients.eventually());

        create(KNOWN, tags("fn.api.role", KNOWN));
        create(ORPHAN, tags("fn.gone.role", ORPHAN));
        create(OTHER_ENV, otherEnvTags("fn.shadow.role", OTHER_ENV));
        create(OTHER_PROJECT, otherProjectTags("fn.foreign.role", OTHER_PROJECT));
        create(PROD, otherEnvTags("fn.gone.role", PROD));
        create(ACCOUNT_WIDE, accountTags("api.account.role", ACCOUNT_WIDE));
        create(ACCOUNT_WIDE_UNDER_PREFIX, accountTags("api.account.role", ACCOUNT_WIDE_UNDER_PREFIX));
        iam.createRole(r -> r.roleName(UNTAGGED).assumeRolePolicyDocument(PolicyDocuments.toJson(trust())));
        calls.clear();
    }

    @AfterEach
    void tearDown() {
        clients.close();
    }

    @Test
    void listsOnlyThisEnvironmentsTaggedRolesTheConfigurationNoLongerHas() {
        Ownership owner = owner(KNOWN);

        List<IamRoleHandler.Live> orphans = handler.listOrphans(owner, SharedReads.NONE);

        assertThat(orphans).extracting(IamRoleHandler.Live::name).containsExactly(ORPHAN);
        IamRoleHandler.Live orphan = orphans.get(0);
        assertThat(orphan.tags())
                .containsEntry(Tags.LOGICAL_ID, "fn.gone.role")
                .containsEntry(Tags.ENVIRONMENT, OrphanTestSupport.ENV)
                .containsKey(Tags.SPEC_HASH);
        assertThat(orphan.inlinePolicies()).containsOnlyKeys(ORPHAN);
        assertThat(calls.mutating()).isEmpty();
        // One listing of the environment's path, not of the account; then the one candidate (a
        // role there the configuration no longer has) read by name. The other roles are elsewhere.
        assertThat(operations(calls.calls()))
                .containsExactly(
                        "ListRoles", "GetRole", "ListRolePolicies", "GetRolePolicy", "ListAttachedRolePolicies");

        assertThat(orphan)
                .isEqualTo(handler.read(spec(ORPHAN, tags("fn.gone.role", ORPHAN)), new TestContext("fn.gone.role"))
                        .orElseThrow());
        assertThat(handler.orphanPolicy()).isEqualTo(DeletionPolicy.DELETE);
        // Delete empties the role of its inline policy first, as for any role.
        assertThat(Deletions.byPolicy(handler, null, orphan, handler.orphanPolicy(), new TestContext("fn.gone.role")))
                .isEqualTo(DeleteResult.deleted());

        assertThat(iam.listRolesPaginator().roles())
                .extracting(Role::roleName)
                .containsExactlyInAnyOrder(
                        KNOWN, OTHER_ENV, OTHER_PROJECT, UNTAGGED, PROD, ACCOUNT_WIDE, ACCOUNT_WIDE_UNDER_PREFIX);
        assertThat(handler.listOrphans(owner, SharedReads.NONE)).isEmpty();
    }

    @Test
    void aRoleStillConfiguredIsNeverAnOrphan() {
        assertThat(handler.listOrphans(owner(KNOWN, ORPHAN), SharedReads.NONE)).isEmpty();
    }

    private void create(String name, Map<String, String> tags) {
        handler.create(spec(name, tags), new TestContext(tags.get(Tags.LOGICAL_ID)));
    }

    private static IamRoleSpec spec(String name, Map<String, String> tags) {
        ObjectNode policy = document(allow(
                "WriteItsOwnLogs",
                List.of("logs:CreateLogStream", "logs:PutLogEvents"),
                List.of("arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/" + name)));
        return new IamRoleSpec(name, "Execution role of " + name, trust(), Map.of(name, policy), List.of(), tags);
    }

    private static ObjectNode trust() {
        return document(allowPrincipal(
                "LambdaAssumesRole", "Service", "lambda.amazonaws.com", List.of("sts:AssumeRole"), List.of()));
    }

    /** How the stack tags an account-wide resource: no Environment. */
    private static Map<String, String> accountTags(String logicalId, String name) {
        Map<String, String> tags = new TreeMap<>(tags(logicalId, name));
        tags.remove(Tags.ENVIRONMENT);
        return tags;
    }
}

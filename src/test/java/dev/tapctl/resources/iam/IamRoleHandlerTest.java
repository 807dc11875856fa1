package dev.tapctl.resources.iam;

import static dev.tapctl.aws.HandlerTestSupport.logGroupArn;
import static dev.tapctl.stack.Policies.allow;
import static dev.tapctl.stack.Policies.allowPrincipal;
import static dev.tapctl.stack.Policies.document;
import static dev.tapctl.stack.Policies.withCondition;
import static dev.tapctl.testing.HandlerFixture.tags;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tapctl.aws.AwsClients;
import dev.tapctl.aws.PolicyDocuments;
import dev.tapctl.engine.PlanReads;
import dev.tapctl.engine.spi.AttributeChange;
import dev.tapctl.engine.spi.DeleteResult;
import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.Ownership;
import dev.tapctl.engine.spi.SpecHashes;
import dev.tapctl.engine.spi.Tags;
import dev.tapctl.stack.spec.IamRoleSpec;
import dev.tapctl.testing.CallLog;
import dev.tapctl.testing.Emulator;
import dev.tapctl.testing.EmulatorExtension;
import dev.tapctl.testing.HandlerFixture;
import dev.tapctl.testing.TestContext;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Tag;

@ExtendWith(EmulatorExtension.class)
class IamRoleHandlerTest {
    private static final String ROLE = "tap-test-vpc-flow-logs";
    private static final String GROUP = "/tap/test/vpc-flow-logs";

    private final CallLog calls = new CallLog();
    private final TestContext ctx = new TestContext("network.flowlogs.role");
    private AwsClients clients;
    private IamClient iam;
    private IamRoleHandler handler;
    private Emulator emulator;
    private IamRoleSpec spec;

    @BeforeEach
    void setUp(Emulator emulator) {
        this.emulator = emulator;
        clients = HandlerFixture.clients(emulator, calls);
        iam = clients.iam();
        handler = new IamRoleHandler(iam, clients.eventually());
        spec = new IamRoleSpec(
                ROLE,
                "Lets VPC flow logs of tap-test write to " + GROUP,
                trust(),
                Map.of(
                        ROLE,
                        inlinePolicy(List.of("logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"))),
                List.of(),
                tags("network.flowlogs.role", ROLE));
    }

    @AfterEach
    void tearDown() {
        clients.close();
    }

    /** The flow-log role's trust as TapStack builds it. */
    private ObjectNode trust() {
        String account = emulator.accountId();
        return document(withCondition(
                withCondition(
                        allowPrincipal(
                                "VpcFlowLogsAssumesRole",
                                "Service",
                                "vpc-flow-logs.amazonaws.com",
                                List.of("sts:AssumeRole"),
                                List.of()),
                        "StringEquals",
                        Map.of("aws:SourceAccount", List.of(account))),
                "ArnLike",
                Map.of(
                        "aws:SourceArn",
                        List.of("arn:aws:ec2:" + emulator.region() + ":" + account + ":vpc-flow-log/*"))));
    }

    /** The flow-log role's inline policy as TapStack builds it, with the given write actions. */
    private ObjectNode inlinePolicy(List<String> writeActions) {
        String groupArn = logGroupArn(emulator, GROUP);
        return document(
                allow("WriteFlowLogsToTheGroup", writeActions, List.of(groupArn, groupArn + ":log-stream:*")),
                allow("FindTheGroup", List.of("logs:DescribeLogGroups"), List.of(logGroupArn(emulator, "*"))));
    }

    private List<String> attachedArns() {
        return iam.listAttachedRolePoliciesPaginator(r -> r.roleName(ROLE)).attachedPolicies().stream()
                .map(AttachedPolicy::policyArn)
                .toList();
    }

    private static List<Tag> iamTags(Map<String, String> tags) {
        return tags.entrySet().stream()
                .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build())
                .toList();
    }

    @Test
    void createMakesTheRoleWithExactlyItsInlinePolicy() {
        IamRoleHandler.Live created = handler.create(spec, ctx);

        // Under the environment's path, which the ARN holds.
        assertThat(created.arn()).isEqualTo("arn:aws:iam::123456789012:role/tapctl/tap/test/" + ROLE);
        assertThat(iam.listRolePoliciesPaginator(r -> r.roleName(ROLE)).policyNames())
                .containsExactly(ROLE);
        assertThat(attachedArns()).isEmpty();
        var role = iam.getRole(r -> r.roleName(ROLE)).role();
        assertThat(role.description()).isEqualTo(spec.description());
        assertThat(PolicyDocuments.equivalent(
                        PolicyDocuments.parse(role.assumeRolePolicyDocument()), spec.trustPolicy()))
                .isTrue();
        String inline =
                iam.getRolePolicy(r -> r.roleName(ROLE).policyName(ROLE)).policyDocument();
        assertThat(PolicyDocuments.equivalent(
                        PolicyDocuments.parse(inline), spec.inlinePolicies().get(ROLE)))
                .isTrue();
        Map<String, String> roleTags = iam.listRoleTagsPaginator(r -> r.roleName(ROLE)).tags().stream()
                .collect(Collectors.toMap(Tag::key, Tag::value));
        assertThat(roleTags).containsAllEntriesOf(spec.tags()).containsEntry(Tags.SPEC_HASH, "hash-1");

        calls.clear();
        IamRoleHandler.Live live = handler.read(spec, ctx).orElseThrow();
        assertThat(live.name()).isEqualTo(ROLE);
        assertThat(live.arn()).isEqualTo(created.arn());
        assertThat(live.inlinePolicies()).containsOnlyKeys(ROLE);
        assertThat(live.managedPolicyArns()).isEmpty();
        assertThat(live.tags()).containsAllEntriesOf(spec.tags()).containsEntry(Tags.SPEC_HASH, "hash-1");
        assertThat(SpecHashes.applied(handler, live)).contains("hash-1");
        assertThat(handler.diff(spec, live)).isEmpty();
        assertThat(calls.mutating()).as("read and diff of an unchanged role").isEmpty();

        assertThat(handler.outputs(live).values())
                .containsExactlyInAnyOrderEntriesOf(Map.of("name", ROLE, "arn", created.arn()));
    }

    @Test
    void readFindsNothingWhenTheRoleIsAbsent() {
        assertThat(handler.read(spec, ctx)).isEmpty();
        assertThat(calls.mutating()).isEmpty();
    }

    @Test
    void driftMadeOutsideTapctlIsReportedAndRepaired() {
        handler.create(spec, ctx);
        // Someone adds a second inline policy, widens the inline one, edits the trust and attaches a policy.
        ObjectNode extra =
                document(allow("Extra", List.of("logs:DeleteLogGroup"), List.of(logGroupArn(emulator, GROUP))));
        iam.putRolePolicy(r -> r.roleName(ROLE).policyName("extra").policyDocument(PolicyDocuments.toJson(extra)));
        ObjectNode widened = inlinePolicy(List.of(
                "logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents", "logs:DeleteLogStream"));
        iam.putRolePolicy(r -> r.roleName(ROLE).policyName(ROLE).policyDocument(PolicyDocuments.toJson(widened)));
        ObjectNode otherTrust = document(
                allowPrincipal("Ec2AssumesRole", "Service", "ec2.amazonaws.com", List.of("sts:AssumeRole"), List.of()));
        iam.updateAssumeRolePolicy(r -> r.roleName(ROLE).policyDocument(PolicyDocuments.toJson(otherTrust)));
        String managed = iam.createPolicy(r -> r.policyName("console-made")
                        .policyDocument(PolicyDocuments.toJson(document(
                                allow("Read", List.of("logs:GetLogEvents"), List.of(logGroupArn(emulator, GROUP)))))))
                .policy()
                .arn();
        iam.attachRolePolicy(r -> r.roleName(ROLE).policyArn(managed));
        iam.untagRole(r -> r.roleName(ROLE).tagKeys("CostCenter"));

        IamRoleHandler.Live drifted = handler.read(spec, ctx).orElseThrow();
        List<AttributeChange> changes = handler.diff(spec, drifted);
        assertThat(changes)
                .extracting(AttributeChange::path)
                .containsExactlyInAnyOrder(
                        "trustPolicy",
                        "inlinePolicies.extra",
                        "inlinePolicies." + ROLE,
                        "managedPolicyArns",
                        "tags.CostCenter");
        AttributeChange extraChange = changes.stream()
                .filter(c -> c.path().equals("inlinePolicies.extra"))
                .findFirst()
                .orElseThrow();
        assertThat(extraChange.after()).as("the extra policy is not wanted").isNull();
        assertThat(changes)
                .contains(
                        AttributeChange.of(
                                "managedPolicyArns",
                                new java.util.TreeSet<>(List.of(managed)),
                                new java.util.TreeSet<String>()),
                        AttributeChange.of("tags.CostCenter", null, "platform"));
        assertThat(changes).noneMatch(AttributeChange::forcesReplace);

        calls.clear();
        handler.update(spec, drifted, changes, new TestContext("network.flowlogs.role", "hash-2"));
        assertThat(calls.mutating())
                .extracting(CallLog.Call::operation)
                .containsExactlyInAnyOrder(
                        "UpdateAssumeRolePolicy", "DeleteRolePolicy", "PutRolePolicy", "DetachRolePolicy", "TagRole");

        IamRoleHandler.Live repaired = handler.read(spec, ctx).orElseThrow();
        assertThat(handler.diff(spec, repaired)).isEmpty();
        assertThat(iam.listRolePoliciesPaginator(r -> r.roleName(ROLE)).policyNames())
                .containsExactly(ROLE);
        assertThat(attachedArns()).isEmpty();
        assertThat(repaired.tags()).containsEntry("CostCenter", "platform").containsEntry(Tags.SPEC_HASH, "hash-2");
        // Detached, not deleted: the managed policy is not tapctl's.
        assertThat(iam.getPolicy(r -> r.policyArn(managed)).policy().attachmentCount())
                .isZero();
    }

    @Test
    void anotherDescriptionIsDrift() {
        handler.create(spec, ctx);
        iam.updateRole(r -> r.roleName(ROLE).description("edited"));

        IamRoleHandler.Live drifted = handler.read(spec, ctx).orElseThrow();
        List<AttributeChange> changes = handler.diff(spec, drifted);
        assertThat(changes).containsExactly(AttributeChange.of("description", "edited", spec.description()));
        handler.update(spec, drifted, changes, ctx);
        assertThat(handler.diff(spec, handler.read(spec, ctx).orElseThrow())).isEmpty();
    }

    @Test
    void aManagedPolicyInTheSpecIsAttachedAndAMissingOneIsDrift() {
        String managed = iam.createPolicy(r -> r.policyName("tap-test-extra")
                        .policyDocument(PolicyDocuments.toJson(document(
                                allow("Read", List.of("logs:GetLogEvents"), List.of(logGroupArn(emulator, GROUP)))))))
                .policy()
                .arn();
        IamRoleSpec withManaged = new IamRoleSpec(
                ROLE, spec.description(), spec.trustPolicy(), spec.inlinePolicies(), List.of(managed), spec.tags());

        handler.create(withManaged, ctx);
        assertThat(attachedArns()).containsExactly(managed);
        assertThat(handler.diff(withManaged, handler.read(withManaged, ctx).orElseThrow()))
                .isEmpty();

        iam.detachRolePolicy(r -> r.roleName(ROLE).policyArn(managed));
        IamRoleHandler.Live drifted = handler.read(withManaged, ctx).orElseThrow();
        List<AttributeChange> changes = handler.diff(withManaged, drifted);
        assertThat(changes).extracting(AttributeChange::path).containsExactly("managedPolicyArns");
        handler.update(withManaged, drifted, changes, ctx);
        assertThat(attachedArns()).containsExactly(managed);
    }

    @Test
    void createAdoptsARoleThatAlreadyExistsAndReconcilesIt() {
        // A run that died right after CreateRole: other trust, no inline policy, no spec hash, a stray policy.
        ObjectNode otherTrust = document(
                allowPrincipal("Ec2AssumesRole", "Service", "ec2.amazonaws.com", List.of("sts:AssumeRole"), List.of()));
        String arn = iam.createRole(r -> r.roleName(ROLE)
                        .path(spec.path())
                        .assumeRolePolicyDocument(PolicyDocuments.toJson(otherTrust))
                        .tags(iamTags(Map.of(Tags.MANAGED_BY, "console"))))
                .role()
                .arn();
        ObjectNode stray =
                document(allow("Stray", List.of("logs:DeleteLogGroup"), List.of(logGroupArn(emulator, GROUP))));
        iam.putRolePolicy(r -> r.roleName(ROLE).policyName("stray").policyDocument(PolicyDocuments.toJson(stray)));

        IamRoleHandler.Live adopted = handler.create(spec, ctx);

        assertThat(adopted.arn()).isEqualTo(arn);
        assertThat(iam.listRolesPaginator().roles()).hasSize(1);
        IamRoleHandler.Live live = handler.read(spec, ctx).orElseThrow();
        assertThat(handler.diff(spec, live)).isEmpty();
        assertThat(live.inlinePolicies()).containsOnlyKeys(ROLE);
        assertThat(live.tags()).containsAllEntriesOf(spec.tags()).containsEntry(Tags.SPEC_HASH, "hash-1");
    }

    @Test
    void aTrustDocumentReturnedUrlEncodedWithStringsForOneItemListsIsNotDrift() {
        handler.create(spec, ctx);
        // The same trust with one-item lists as strings and keys in another order, as AWS may hand it back.
        String account = emulator.accountId();
        String asAwsWritesIt = "{\"Statement\":[{\"Condition\":{\"ArnLike\":{\"aws:SourceArn\":\"arn:aws:ec2:"
                + emulator.region() + ":" + account + ":vpc-flow-log/*\"},\"StringEquals\":{\"aws:SourceAccount\":\""
                + account
                + "\"}},\"Action\":\"sts:AssumeRole\",\"Principal\":{\"Service\":\"vpc-flow-logs.amazonaws.com\"},"
                + "\"Effect\":\"Allow\",\"Sid\":\"VpcFlowLogsAssumesRole\"}],\"Version\":\"2012-10-17\"}";
        iam.updateAssumeRolePolicy(r -> r.roleName(ROLE).policyDocument(asAwsWritesIt));
        String returned = iam.getRole(r -> r.roleName(ROLE)).role().assumeRolePolicyDocument();
        assertThat(returned).as("IAM returns the document URL-encoded").startsWith("%7B%22Statement%22");
        String inlineReturned =
                iam.getRolePolicy(r -> r.roleName(ROLE).policyName(ROLE)).policyDocument();
        assertThat(inlineReturned).startsWith("%7B");

        IamRoleHandler.Live live = handler.read(spec, ctx).orElseThrow();
        assertThat(live.trustPolicy().get("Statement").get(0).get("Action").isTextual())
                .isTrue();
        assertThat(handler.diff(spec, live)).isEmpty();
    }

    @Test
    void deleteRemovesInlineAndAttachedPoliciesAndTheRole() {
        handler.create(spec, ctx);
        String managed = iam.createPolicy(r -> r.policyName("console-made")
                        .policyDocument(PolicyDocuments.toJson(document(
                                allow("Read", List.of("logs:GetLogEvents"), List.of(logGroupArn(emulator, GROUP)))))))
                .policy()
                .arn();
        iam.attachRolePolicy(r -> r.roleName(ROLE).policyArn(managed));
        iam.putRolePolicy(r -> r.roleName(ROLE)
                .policyName("extra")
                .policyDocument(PolicyDocuments.toJson(document(
                        allow("Extra", List.of("logs:DeleteLogGroup"), List.of(logGroupArn(emulator, GROUP)))))));
        IamRoleHandler.Live live = handler.read(spec, ctx).orElseThrow();

        calls.clear();
        assertThat(handler.delete(live, DeletionPolicy.DELETE, ctx)).isEqualTo(DeleteResult.deleted());
        assertThat(calls.mutating())
                .extracting(CallLog.Call::operation)
                .containsExactlyInAnyOrder("DeleteRolePolicy", "DeleteRolePolicy", "DetachRolePolicy", "DeleteRole");

        assertThat(handler.read(spec, ctx)).isEmpty();
        assertThatThrownBy(() -> iam.getRole(r -> r.roleName(ROLE))).isInstanceOf(NoSuchEntityException.class);
        assertThat(iam.getPolicy(r -> r.policyArn(managed)).policy().arn())
                .as("the managed policy stays")
                .isEqualTo(managed);
        // Deleting what is already gone is the goal reached.
        assertThat(handler.delete(live, DeletionPolicy.DELETE, ctx)).isEqualTo(DeleteResult.deleted());
    }

    /** A role with every part the live view holds: description, trust, inline and managed policy, tags. */
    private IamRoleSpec withManagedPolicy() {
        String managed = iam.createPolicy(r -> r.policyName("tap-test-extra")
                        .policyDocument(PolicyDocuments.toJson(document(
                                allow("Read", List.of("logs:GetLogEvents"), List.of(logGroupArn(emulator, GROUP)))))))
                .policy()
                .arn();
        return new IamRoleSpec(
                ROLE, spec.description(), spec.trustPolicy(), spec.inlinePolicies(), List.of(managed), spec.tags());
    }

    @Test
    void aPlansSharedReadsSeeTheSameRoleAndTheSameDriftAsTheRolesOwnCalls() {
        IamRoleSpec full = withManagedPolicy();
        handler.create(full, ctx);
        TestContext plan = ctx.sharing(new PlanReads());

        IamRoleHandler.Live fresh = handler.read(full, ctx).orElseThrow();
        IamRoleHandler.Live shared = handler.read(full, plan).orElseThrow();
        assertThat(shared).isEqualTo(fresh);
        assertThat(shared.description()).isEqualTo(full.description());
        assertThat(shared.inlinePolicies()).containsOnlyKeys(ROLE);
        assertThat(shared.managedPolicyArns()).containsExactlyElementsOf(full.managedPolicyArns());
        assertThat(shared.tags()).containsAllEntriesOf(full.tags()).containsEntry(Tags.SPEC_HASH, "hash-1");
        assertThat(handler.diff(full, shared)).isEmpty();

        // Out of band: another inline policy, another managed policy, another description.
        iam.putRolePolicy(r -> r.roleName(ROLE)
                .policyName("extra")
                .policyDocument(PolicyDocuments.toJson(document(
                        allow("Extra", List.of("logs:DeleteLogGroup"), List.of(logGroupArn(emulator, GROUP)))))));
        String consoleMade = iam.createPolicy(r -> r.policyName("console-made")
                        .policyDocument(PolicyDocuments.toJson(document(
                                allow("Read", List.of("logs:GetLogEvents"), List.of(logGroupArn(emulator, GROUP)))))))
                .policy()
                .arn();
        iam.attachRolePolicy(r -> r.roleName(ROLE).policyArn(consoleMade));
        iam.updateRole(r -> r.roleName(ROLE).description("edited"));

        IamRoleHandler.Live drifted =
                handler.read(full, ctx.sharing(new PlanReads())).orElseThrow();
        assertThat(drifted).isEqualTo(handler.read(full, ctx).orElseThrow());
        assertThat(handler.diff(full, drifted))
                .extracting(AttributeChange::path)
                .containsExactlyInAnyOrder("description", "inlinePolicies.extra", "managedPolicyArns");
        assertThat(drifted.managedPolicyArns())
                .containsExactlyInAnyOrder(full.managedPolicyArns().get(0), consoleMade);
    }

    @Test
    void aPlanReadsEachRoleByNameAndListsOnlyTheEnvironmentsPathForOrphans() {
        handler.create(spec, ctx);
        IamRoleSpec worker = named("tap-test-worker-fn", "fn.worker.role");
        handler.create(worker, new TestContext("fn.worker.role"));
        IamRoleSpec gone = named("tap-test-gone-fn", "fn.gone.role");
        handler.create(gone, new TestContext("fn.gone.role"));
        IamRoleSpec absent = named("tap-test-absent-fn", "fn.absent.role");
        // Another team's roles: no read of this environment may list them.
        for (int i = 0; i < 30; i++) {
            String other = "other-team-" + i;
            iam.createRole(r -> r.roleName(other).assumeRolePolicyDocument(PolicyDocuments.toJson(spec.trustPolicy())));
        }
        Ownership owner = new Ownership(
                HandlerFixture.PROJECT,
                HandlerFixture.ENV,
                HandlerFixture.PROJECT + "-" + HandlerFixture.ENV + "-",
                Set.of(ROLE, worker.name(), absent.name()));

        calls.clear();
        TestContext plan = ctx.sharing(new PlanReads());
        assertThat(handler.read(spec, plan)).isPresent();
        assertThat(handler.read(worker, plan)).isPresent();
        assertThat(handler.read(absent, plan)).isEmpty();
        List<IamRoleHandler.Live> orphans = handler.listOrphans(owner, plan.reads());

        assertThat(orphans).extracting(IamRoleHandler.Live::name).containsExactly(gone.name());
        assertThat(orphans.get(0).path())
                .isEqualTo("/tapctl/" + HandlerFixture.PROJECT + "/" + HandlerFixture.ENV + "/");
        // Four calls per role found (GetRole, ListRolePolicies, GetRolePolicy, ListAttachedRolePolicies),
        // one for the absent one, and one ListRoles of the environment's path, whatever else the account holds.
        assertThat(calls.operations())
                .filteredOn(operation -> operation.equals("ListRoles"))
                .hasSize(1);
        assertThat(calls.operations()).hasSize(4 + 4 + 1 + 1 + 4).doesNotContain("GetAccountAuthorizationDetails");
        assertThat(orphans.get(0)).isEqualTo(handler.read(gone, plan).orElseThrow());
    }

    @Test
    void aRoleMadeBeforeRolesHadPathsIsReplacedToMoveIt() {
        // As tapctl made roles before: at "/".
        IamRoleSpec atRoot = new IamRoleSpec(
                spec.name(),
                IamRoleSpec.ROOT_PATH,
                spec.description(),
                spec.trustPolicy(),
                spec.inlinePolicies(),
                spec.managedPolicyArns(),
                spec.tags());
        IamRoleHandler.Live old = handler.create(atRoot, ctx);
        assertThat(old.path()).isEqualTo("/");

        IamRoleHandler.Live found =
                handler.read(spec, ctx.sharing(new PlanReads())).orElseThrow();
        List<AttributeChange> changes = handler.diff(spec, found);

        assertThat(changes).containsExactly(AttributeChange.replacing("path", "/", spec.path()));
        assertThat(spec.path()).isEqualTo("/tapctl/" + HandlerFixture.PROJECT + "/" + HandlerFixture.ENV + "/");
        // The replace: the old role goes, the new one is made under the environment's path.
        assertThat(handler.delete(found, DeletionPolicy.DELETE, ctx)).isEqualTo(DeleteResult.deleted());
        IamRoleHandler.Live moved = handler.create(spec, ctx);
        assertThat(moved.path()).isEqualTo(spec.path());
        assertThat(moved.arn()).endsWith(":role" + spec.path() + spec.name()).isNotEqualTo(old.arn());
        assertThat(handler.diff(spec, handler.read(spec, ctx).orElseThrow())).isEmpty();
    }

    @Test
    void theEmulatorAnswersInstanceProfilesOfAnUnknownRoleAsAwsDoes() {
        // ListInstanceProfilesForRole: NoSuchEntity for a role that does not exist (scripts/emulation/patches/iam.py).
        assertThatThrownBy(() -> iam.listInstanceProfilesForRole(r -> r.roleName("tap-test-nobody")))
                .isInstanceOf(NoSuchEntityException.class);
    }

    @Test
    void deleteTakesTheRoleOutOfTheInstanceProfilesThatHoldIt() {
        handler.create(spec, ctx);
        iam.createInstanceProfile(r -> r.instanceProfileName("tap-test-app"));
        iam.addRoleToInstanceProfile(r -> r.instanceProfileName("tap-test-app").roleName(ROLE));
        IamRoleHandler.Live live = handler.read(spec, ctx).orElseThrow();
        calls.clear();

        assertThat(handler.delete(live, DeletionPolicy.DELETE, ctx)).isEqualTo(DeleteResult.deleted());

        assertThat(calls.operations()).contains("ListInstanceProfilesForRole", "RemoveRoleFromInstanceProfile");
        assertThat(handler.read(spec, ctx)).isEmpty();
        assertThat(iam.getInstanceProfile(r -> r.instanceProfileName("tap-test-app"))
                        .instanceProfile()
                        .roles())
                .isEmpty();
    }

    /** A function's execution role: its own trust, one inline policy, the stack's tags. */
    private IamRoleSpec named(String name, String logicalId) {
        ObjectNode lambdaTrust = document(allowPrincipal(
                "LambdaAssumesRole", "Service", "lambda.amazonaws.com", List.of("sts:AssumeRole"), List.of()));
        ObjectNode policy = document(allow(
                "WriteItsOwnLogs",
                List.of("logs:CreateLogStream", "logs:PutLogEvents"),
                List.of(logGroupArn(emulator, "/aws/lambda/" + name))));
        return new IamRoleSpec(
                name, "Execution role of " + name, lambdaTrust, Map.of(name, policy), List.of(), tags(logicalId, name));
    }
}

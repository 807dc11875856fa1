package dev.tapctl.resources.iam;

import static dev.tapctl.stack.Policies.allowPrincipal;
import static dev.tapctl.stack.Policies.document;
import static dev.tapctl.testing.HandlerFixture.tags;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tapctl.aws.AwsClients;
import dev.tapctl.aws.PolicyDocuments;
import dev.tapctl.engine.spi.AttributeChange;
import dev.tapctl.engine.spi.DeleteResult;
import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.SpecHashes;
import dev.tapctl.engine.spi.Tags;
import dev.tapctl.engine.spi.Unknown;
import dev.tapctl.stack.spec.InstanceProfileSpec;
import dev.tapctl.testing.CallLog;
import dev.tapctl.testing.Emulator;
import dev.tapctl.testing.EmulatorExtension;
import dev.tapctl.testing.HandlerFixture;
import dev.tapctl.testing.TestContext;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.Tag;

@ExtendWith(EmulatorExtension.class)
class InstanceProfileHandlerTest {
    private static final String PROFILE = "tap-test-app";
    private static final String ROLE = "tap-test-app";
    private static final String OTHER_ROLE = "tap-test-other";

    private final CallLog calls = new CallLog();
    private final TestContext ctx = new TestContext("compute.profile");
    private AwsClients clients;
    private IamClient iam;
    private InstanceProfileHandler handler;
    private InstanceProfileSpec spec;

    @BeforeEach
    void setUp(Emulator emulator) {
        clients = HandlerFixture.clients(emulator, calls);
        iam = clients.iam();
        handler = new InstanceProfileHandler(iam, clients.waiterConfig());
        createRole(ROLE);
        createRole(OTHER_ROLE);
        spec = new InstanceProfileSpec(PROFILE, ROLE, tags("compute.profile", PROFILE));
        calls.clear();
    }

    @AfterEach
    void tearDown() {
        clients.close();
    }

    private void createRole(String name) {
        String trust = PolicyDocuments.toJson(document(allowPrincipal(
                "Ec2AssumesRole", "Service", "ec2.amazonaws.com", List.of("sts:AssumeRole"), List.of())));
        iam.createRole(r -> r.roleName(name).assumeRolePolicyDocument(trust));
    }

    private List<String> rolesOnProfile() {
        return iam.getInstanceProfile(r -> r.instanceProfileName(PROFILE)).instanceProfile().roles().stream()
                .map(Role::roleName)
                .toList();
    }

    @Test
    void createMakesTheProfileWithItsRoleAndTagsAndAReadOfItChangesNothing() {
        InstanceProfileHandler.Live created = handler.create(spec, ctx);

        assertThat(calls.mutating())
                .extracting(CallLog.Call::operation)
                .containsExactly("CreateInstanceProfile", "AddRoleToInstanceProfile");
        assertThat(ctx.statuses).contains("waiting for the instance profile");
        assertThat(created.arn()).isEqualTo("arn:aws:iam::123456789012:instance-profile/" + PROFILE);
        assertThat(rolesOnProfile()).containsExactly(ROLE);

        calls.clear();
        InstanceProfileHandler.Live live = handler.read(spec, ctx).orElseThrow();
        assertThat(live.name()).isEqualTo(PROFILE);
        assertThat(live.arn()).isEqualTo(created.arn());
        assertThat(live.roleNames()).containsExactly(ROLE);
        assertThat(live.tags()).containsAllEntriesOf(spec.tags()).containsEntry(Tags.SPEC_HASH, "hash-1");
        assertThat(SpecHashes.applied(handler, live)).contains("hash-1");
        assertThat(handler.diff(spec, live)).isEmpty();
        assertThat(calls.mutating()).as("read and diff of an unchanged profile").isEmpty();

        assertThat(handler.outputs(live).values())
                .containsExactlyInAnyOrderEntriesOf(Map.of("name", PROFILE, "arn", created.arn()));
    }

    @Test
    void readFindsNothingWhenTheProfileIsAbsent() {
        assertThat(handler.read(spec, ctx)).isEmpty();
        assertThat(calls.mutating()).isEmpty();
    }

    @Test
    void aRoleRemovedOutsideTapctlIsDriftAndIsAddedBack() {
        handler.create(spec, ctx);
        iam.removeRoleFromInstanceProfile(r -> r.instanceProfileName(PROFILE).roleName(ROLE));
        iam.untagInstanceProfile(r -> r.instanceProfileName(PROFILE).tagKeys("CostCenter"));

        InstanceProfileHandler.Live drifted = handler.read(spec, ctx).orElseThrow();
        assertThat(drifted.roleNames()).isEmpty();
        List<AttributeChange> changes = handler.diff(spec, drifted);
        assertThat(changes)
                .containsExactlyInAnyOrder(
                        AttributeChange.of("roleName", null, ROLE),
                        AttributeChange.of("tags.CostCenter", null, "platform"));

        calls.clear();
        handler.update(spec, drifted, changes, new TestContext("compute.profile", "hash-2"));
        assertThat(calls.mutating())
                .extracting(CallLog.Call::operation)
                .containsExactly("AddRoleToInstanceProfile", "TagInstanceProfile");

        InstanceProfileHandler.Live repaired = handler.read(spec, ctx).orElseThrow();
        assertThat(handler.diff(spec, repaired)).isEmpty();
        assertThat(repaired.roleNames()).containsExactly(ROLE);
        assertThat(repaired.tags()).containsEntry("CostCenter", "platform").containsEntry(Tags.SPEC_HASH, "hash-2");
    }

    @Test
    void anotherRoleIsSwappedForTheSpecsRole() {
        handler.create(spec, ctx);
        iam.removeRoleFromInstanceProfile(r -> r.instanceProfileName(PROFILE).roleName(ROLE));
        iam.addRoleToInstanceProfile(r -> r.instanceProfileName(PROFILE).roleName(OTHER_ROLE));

        InstanceProfileHandler.Live drifted = handler.read(spec, ctx).orElseThrow();
        List<AttributeChange> changes = handler.diff(spec, drifted);
        assertThat(changes).containsExactly(AttributeChange.of("roleName", OTHER_ROLE, ROLE));
        assertThat(changes).noneMatch(AttributeChange::forcesReplace);

        calls.clear();
        handler.update(spec, drifted, changes, ctx);
        // A profile holds one role: the other one must go before the wanted one can be added.
        assertThat(calls.mutating())
                .extracting(CallLog.Call::operation)
                .containsExactly("RemoveRoleFromInstanceProfile", "AddRoleToInstanceProfile", "TagInstanceProfile");
        assertThat(rolesOnProfile()).containsExactly(ROLE);
        assertThat(handler.diff(spec, handler.read(spec, ctx).orElseThrow())).isEmpty();
    }

    @Test
    void createAdoptsAProfileLeftWithoutItsRoleByACrashedRun() {
        String arn = iam.createInstanceProfile(r -> r.instanceProfileName(PROFILE)
                        .tags(Tag.builder()
                                .key(Tags.MANAGED_BY)
                                .value("console")
                                .build()))
                .instanceProfile()
                .arn();

        InstanceProfileHandler.Live adopted = handler.create(spec, ctx);

        assertThat(adopted.arn()).isEqualTo(arn);
        assertThat(iam.listInstanceProfilesPaginator().instanceProfiles()).hasSize(1);
        InstanceProfileHandler.Live live = handler.read(spec, ctx).orElseThrow();
        assertThat(live.roleNames()).containsExactly(ROLE);
        assertThat(live.tags()).containsAllEntriesOf(spec.tags()).containsEntry(Tags.SPEC_HASH, "hash-1");
        assertThat(handler.diff(spec, live)).isEmpty();
    }

    @Test
    void deleteRemovesTheRoleThenTheProfileAndKeepsTheRole() {
        handler.create(spec, ctx);
        InstanceProfileHandler.Live live = handler.read(spec, ctx).orElseThrow();

        calls.clear();
        assertThat(handler.delete(live, DeletionPolicy.DELETE, ctx)).isEqualTo(DeleteResult.deleted());
        assertThat(calls.mutating())
                .extracting(CallLog.Call::operation)
                .containsExactly("RemoveRoleFromInstanceProfile", "DeleteInstanceProfile");

        assertThat(handler.read(spec, ctx)).isEmpty();
        assertThatThrownBy(() -> iam.getInstanceProfile(r -> r.instanceProfileName(PROFILE)))
                .isInstanceOf(NoSuchEntityException.class);
        assertThat(iam.getRole(r -> r.roleName(ROLE)).role().roleName())
                .as("the role is not the profile's")
                .isEqualTo(ROLE);
        // Deleting what is already gone is the goal reached.
        assertThat(handler.delete(live, DeletionPolicy.DELETE, ctx)).isEqualTo(DeleteResult.deleted());
    }

    @Test
    void anUnknownRoleIsAChangeInAPlanAndNeverSentToIam() {
        InstanceProfileHandler.Live live = handler.create(spec, ctx);
        String unknownRole = Unknown.of("compute.role", "name");
        InstanceProfileSpec planned = new InstanceProfileSpec(PROFILE, unknownRole, spec.tags());

        assertThat(handler.diff(planned, live)).containsExactly(AttributeChange.of("roleName", ROLE, unknownRole));
        calls.clear();
        assertThatThrownBy(() -> handler.update(planned, live, List.of(), ctx))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> handler.create(planned, ctx)).isInstanceOf(IllegalStateException.class);
        assertThat(calls.calls()).isEmpty();
    }

    @Test
    void aRoleReplacedUnderANewPathIsTakenByTheProfileAgain() {
        String oldArn = iam.getRole(r -> r.roleName(ROLE)).role().arn();
        handler.create(new InstanceProfileSpec(PROFILE, ROLE, oldArn, spec.tags()), ctx);
        InstanceProfileHandler.Live before = handler.read(spec, ctx).orElseThrow();
        assertThat(before.roleArns()).containsExactly(oldArn);

        // The role's replace: out of the profile, deleted, made again under its environment's path.
        iam.removeRoleFromInstanceProfile(r -> r.instanceProfileName(PROFILE).roleName(ROLE));
        iam.deleteRole(r -> r.roleName(ROLE));
        String trust = PolicyDocuments.toJson(document(allowPrincipal(
                "Ec2AssumesRole", "Service", "ec2.amazonaws.com", List.of("sts:AssumeRole"), List.of())));
        String newArn = iam.createRole(
                        r -> r.roleName(ROLE).path("/tapctl/tap/test/").assumeRolePolicyDocument(trust))
                .role()
                .arn();
        InstanceProfileSpec moved = new InstanceProfileSpec(PROFILE, ROLE, newArn, spec.tags());

        // What the plan read before the replace: the same name, the old ARN.
        assertThat(handler.diff(moved, before))
                .extracting(AttributeChange::path)
                .containsExactly("roleArn");
        handler.update(moved, before, handler.diff(moved, before), ctx);

        assertThat(rolesOnProfile()).containsExactly(ROLE);
        InstanceProfileHandler.Live after = handler.read(moved, ctx).orElseThrow();
        assertThat(after.roleArns()).containsExactly(newArn);
        assertThat(handler.diff(moved, after)).isEmpty();
    }
}

package dev.tapctl.resources.ec2;

import static dev.tapctl.stack.Policies.allowPrincipal;
import static dev.tapctl.stack.Policies.document;
import static dev.tapctl.testing.CallLog.operations;
import static dev.tapctl.testing.HandlerFixture.tags;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tapctl.aws.AwsClients;
import dev.tapctl.aws.Eventually;
import dev.tapctl.aws.PolicyDocuments;
import dev.tapctl.engine.spi.AttributeChange;
import dev.tapctl.engine.spi.DeleteResult;
import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.SpecHashes;
import dev.tapctl.engine.spi.Tags;
import dev.tapctl.engine.spi.Unknown;
import dev.tapctl.resources.iam.InstanceProfileHandler;
import dev.tapctl.stack.spec.InstanceProfileSpec;
import dev.tapctl.stack.spec.InstanceSpec;
import dev.tapctl.testing.CallLog;
import dev.tapctl.testing.Emulator;
import dev.tapctl.testing.EmulatorExtension;
import dev.tapctl.testing.HandlerFixture;
import dev.tapctl.testing.TestContext;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.RunInstancesRequest;
import software.amazon.awssdk.services.ec2.model.Volume;

@ExtendWith(EmulatorExtension.class)
class InstanceHandlerTest {
    private static final String ID = "compute.app-1";
    private static final String NAME = "tap-test-app-1";
    private static final String PROFILE = "tap-test-app";
    private static final String OTHER_PROFILE = "tap-test-other";
    private static final String SSM_AMI =
            "resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64";

    private final CallLog calls = new CallLog();
    private final RunInstancesFault fault = new RunInstancesFault();
    private final TestContext ctx = new TestContext(ID);
    private AwsClients clients;
    private Ec2Client ec2;
    private InstanceHandler handler;
    private String ami;
    private String subnetId;
    private String otherSubnetId;
    private String appGroup;
    private String otherGroup;
    private String keyArn;

    @BeforeEach
    void setUp(Emulator emulator) {
        clients = HandlerFixture.clients(emulator, calls, fault);
        ec2 = clients.ec2();
        handler = new InstanceHandler(
                ec2, clients.waiterConfig(), new Eventually(Duration.ofSeconds(2), Duration.ofMillis(20)));

        String vpcId = Ec2TestSupport.createVpc(clients, "network.vpc", "10.40.0.0/16");
        subnetId = ec2.createSubnet(r -> r.vpcId(vpcId).cidrBlock("10.40.1.0/24"))
                .subnet()
                .subnetId();
        otherSubnetId = ec2.createSubnet(r -> r.vpcId(vpcId).cidrBlock("10.40.2.0/24"))
                .subnet()
                .subnetId();
        appGroup = ec2.createSecurityGroup(
                        r -> r.vpcId(vpcId).groupName("tap-test-app").description("app"))
                .groupId();
        otherGroup = ec2.createSecurityGroup(
                        r -> r.vpcId(vpcId).groupName("tap-test-other").description("other"))
                .groupId();
        keyArn = HandlerFixture.kmsKeyArn(clients);
        ami = Ec2TestSupport.amazonLinuxAmi(ec2);

        String trust = PolicyDocuments.toJson(document(allowPrincipal(
                "Ec2AssumesRole", "Service", "ec2.amazonaws.com", List.of("sts:AssumeRole"), List.of())));
        clients.iam().createRole(r -> r.roleName("tap-test-app").assumeRolePolicyDocument(trust));
        InstanceProfileHandler profiles = new InstanceProfileHandler(clients.iam(), clients.waiterConfig());
        profiles.create(
                new InstanceProfileSpec(PROFILE, "tap-test-app", tags("compute.profile", PROFILE)),
                new TestContext("compute.profile"));
        profiles.create(
                new InstanceProfileSpec(OTHER_PROFILE, "tap-test-app", tags("compute.other-profile", OTHER_PROFILE)),
                new TestContext("compute.other-profile"));
        calls.clear();
    }

    @AfterEach
    void tearDown() {
        clients.close();
    }

    private InstanceSpec spec() {
        return spec(ami, "t3.micro", List.of(appGroup), PROFILE);
    }

    private InstanceSpec spec(String image, String type, List<String> groups, String profile) {
        return new InstanceSpec(NAME, image, type, subnetId, groups, profile, true, 20, keyArn, tags(ID, NAME));
    }

    private Instance describe(String instanceId) {
        return ec2.describeInstances(r -> r.instanceIds(instanceId))
                .reservations()
                .get(0)
                .instances()
                .get(0);
    }

    /** Every interface tapctl launches goes with its instance; turned off outside tapctl, it shows and is repaired. */
    @Test
    void thePrimaryInterfaceIsDeletedOnTerminationAndDriftOnItIsRepaired() {
        InstanceSpec spec = spec();
        InstanceHandler.Live created = handler.create(spec, ctx);
        var nic = describe(created.instanceId()).networkInterfaces().get(0);
        assertThat(nic.attachment().deviceIndex()).isZero();
        assertThat(nic.attachment().deleteOnTermination()).isTrue();
        InstanceHandler.Live live = handler.read(spec, ctx).orElseThrow();
        assertThat(live.primaryInterface().deleteOnTermination()).isTrue();
        assertThat(live.primaryInterface().networkInterfaceId()).isEqualTo(nic.networkInterfaceId());
        assertThat(handler.diff(spec, live)).isEmpty();

        ec2.modifyNetworkInterfaceAttribute(r -> r.networkInterfaceId(nic.networkInterfaceId())
                .attachment(a -> a.attachmentId(nic.attachment().attachmentId()).deleteOnTermination(false)));
        InstanceHandler.Live drifted = handler.read(spec, ctx).orElseThrow();
        var changes = handler.diff(spec, drifted);
        assertThat(changes).containsExactly(AttributeChange.of("primaryInterface.deleteOnTermination", false, true));

        calls.clear();
        handler.update(spec, drifted, changes, ctx);
        assertThat(operations(calls.mutating())).containsExactly("ModifyNetworkInterfaceAttribute", "CreateTags");
        assertThat(describe(created.instanceId())
                        .networkInterfaces()
                        .get(0)
                        .attachment()
                        .deleteOnTermination())
                .isTrue();
        assertThat(handler.diff(spec, handler.read(spec, ctx).orElseThrow())).isEmpty();
    }

    @Test
    void lifecycleCreatesAPrivateHardenedInstanceRepairsDriftAndTerminates() {
        InstanceSpec spec = spec();
        InstanceHandler.Live created = handler.create(spec, ctx);

        assertThat(operations(calls.mutating())).containsExactly("RunInstances");
        assertThat(ctx.statuses).contains("waiting for running");
        assertThat(created.instanceId()).startsWith("i-");
        assertThat(created.state()).isEqualTo("running");

        calls.clear();
        InstanceHandler.Live live = handler.read(spec, ctx).orElseThrow();
        assertThat(live.instanceId()).isEqualTo(created.instanceId());
        assertThat(live.imageId()).isEqualTo(ami);
        assertThat(live.instanceType()).isEqualTo("t3.micro");
        assertThat(live.subnetId()).isEqualTo(subnetId);
        assertThat(live.securityGroupIds()).containsExactly(appGroup);
        assertThat(live.instanceProfileName()).isEqualTo(PROFILE);
        assertThat(live.httpTokens()).as("IMDSv2 required").isEqualTo("required");
        assertThat(live.publicIp()).as("no public IP").isNull();
        assertThat(live.privateIp()).startsWith("10.40.1.");
        assertThat(live.rootVolume()).isNotNull();
        assertThat(live.rootVolume().deviceName()).isEqualTo("/dev/xvda");
        assertThat(live.rootVolume().sizeGb()).isEqualTo(20);
        assertThat(live.rootVolume().encrypted()).isTrue();
        assertThat(live.rootVolume().kmsKeyId()).isEqualTo(keyArn);
        assertThat(live.tags()).containsAllEntriesOf(spec.tags()).containsEntry(Tags.SPEC_HASH, "hash-1");
        assertThat(SpecHashes.applied(handler, live)).contains("hash-1");
        assertThat(handler.diff(spec, live)).isEmpty();
        assertThat(calls.mutating())
                .as("read and diff of an unchanged instance")
                .isEmpty();
        assertThat(operations(calls.calls())).containsExactly("DescribeInstances", "DescribeVolumes");

        Volume volume = ec2.describeVolumes(r -> r.volumeIds(live.rootVolume().volumeId()))
                .volumes()
                .get(0);
        assertThat(volume.volumeTypeAsString()).isEqualTo("gp3");
        assertThat(Ec2Tags.toMap(volume.tags()))
                .as("the launch tags the volume too")
                .containsAllEntriesOf(spec.tags());
        assertThat(describe(live.instanceId())
                        .blockDeviceMappings()
                        .get(0)
                        .ebs()
                        .deleteOnTermination())
                .isTrue();
        assertThat(handler.outputs(live).values())
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("instanceId", live.instanceId(), "privateIp", live.privateIp()));

        // Out of band: IMDSv1 allowed again, a tag removed.
        ec2.modifyInstanceMetadataOptions(r -> r.instanceId(live.instanceId()).httpTokens("optional"));
        ec2.deleteTags(r -> r.resources(live.instanceId()).tags(t -> t.key("CostCenter")));
        InstanceHandler.Live drifted = handler.read(spec, ctx).orElseThrow();
        List<AttributeChange> changes = handler.diff(spec, drifted);
        assertThat(changes)
                .containsExactlyInAnyOrder(
                        AttributeChange.of("metadataOptions.httpTokens", "optional", "required"),
                        AttributeChange.of("tags.CostCenter", null, "platform"));

        calls.clear();
        InstanceHandler.Live repaired = handler.update(spec, drifted, changes, new TestContext(ID, "hash-2"));
        assertThat(operations(calls.mutating())).containsExactly("ModifyInstanceMetadataOptions", "CreateTags");
        assertThat(repaired.instanceId()).isEqualTo(live.instanceId());
        InstanceHandler.Live reread = handler.read(spec, ctx).orElseThrow();
        assertThat(reread.httpTokens()).isEqualTo("required");
        assertThat(reread.tags()).containsEntry("CostCenter", "platform").containsEntry(Tags.SPEC_HASH, "hash-2");
        assertThat(handler.diff(spec, reread)).isEmpty();

        calls.clear();
        assertThat(handler.delete(reread, DeletionPolicy.DELETE, ctx)).isEqualTo(DeleteResult.deleted());
        assertThat(operations(calls.mutating())).containsExactly("TerminateInstances");
        assertThat(ctx.statuses).contains("waiting for terminated");
        assertThat(describe(live.instanceId()).state().nameAsString()).isEqualTo("terminated");
        assertThat(handler.read(spec, ctx))
                .as("a terminated instance does not count")
                .isEmpty();
    }

    @Test
    void anotherInstanceTypeIsAppliedByStopModifyStart() {
        InstanceHandler.Live live = handler.create(spec(), ctx);
        InstanceSpec bigger = spec(ami, "t3.small", List.of(appGroup), PROFILE);

        List<AttributeChange> changes = handler.diff(bigger, live);
        assertThat(changes).containsExactly(AttributeChange.of("instanceType", "t3.micro", "t3.small"));

        calls.clear();
        ctx.statuses.clear();
        InstanceHandler.Live updated = handler.update(bigger, live, changes, ctx);
        assertThat(operations(calls.mutating()))
                .containsExactly("StopInstances", "ModifyInstanceAttribute", "StartInstances", "CreateTags");
        assertThat(ctx.statuses).containsExactly("waiting for stopped", "waiting for running");
        assertThat(updated.instanceType()).isEqualTo("t3.small");
        assertThat(updated.state()).isEqualTo("running");
        assertThat(updated.instanceId()).isEqualTo(live.instanceId());
        assertThat(handler.diff(bigger, handler.read(bigger, ctx).orElseThrow()))
                .isEmpty();
    }

    @Test
    void aStoppedInstanceGetsItsNewTypeAndStaysStopped() {
        InstanceHandler.Live created = handler.create(spec(), ctx);
        ec2.stopInstances(r -> r.instanceIds(created.instanceId()));
        InstanceSpec bigger = spec(ami, "t3.small", List.of(appGroup), PROFILE);
        InstanceHandler.Live stopped = handler.read(bigger, ctx).orElseThrow();
        assertThat(stopped.state()).as("a stopped instance is still ours").isEqualTo("stopped");

        calls.clear();
        InstanceHandler.Live updated = handler.update(bigger, stopped, handler.diff(bigger, stopped), ctx);
        assertThat(operations(calls.mutating())).containsExactly("ModifyInstanceAttribute", "CreateTags");
        assertThat(updated.instanceType()).isEqualTo("t3.small");
        assertThat(updated.state()).isEqualTo("stopped");
    }

    @Test
    void otherGroupsAndAnotherProfileAreChangedInPlace() {
        InstanceHandler.Live live = handler.create(spec(), ctx);
        InstanceSpec changed = spec(ami, "t3.micro", List.of(otherGroup, appGroup), OTHER_PROFILE);

        List<AttributeChange> changes = handler.diff(changed, live);
        assertThat(changes)
                .extracting(AttributeChange::path)
                .containsExactlyInAnyOrder("securityGroupIds", "instanceProfile");
        assertThat(changes).noneMatch(AttributeChange::forcesReplace);

        calls.clear();
        handler.update(changed, live, changes, ctx);
        assertThat(operations(calls.mutating()))
                .containsExactly("ReplaceIamInstanceProfileAssociation", "ModifyInstanceAttribute", "CreateTags");
        InstanceHandler.Live updated = handler.read(changed, ctx).orElseThrow();
        assertThat(updated.securityGroupIds()).containsExactlyInAnyOrder(appGroup, otherGroup);
        assertThat(updated.instanceProfileName()).isEqualTo(OTHER_PROFILE);
        assertThat(handler.diff(changed, updated)).isEmpty();
    }

    @Test
    void aProfileRemovedOutOfBandIsAssociatedAgain() {
        InstanceHandler.Live live = handler.create(spec(), ctx);
        String association = ec2.describeIamInstanceProfileAssociations(
                        r -> r.filters(Ec2Tags.filter("instance-id", live.instanceId())))
                .iamInstanceProfileAssociations()
                .get(0)
                .associationId();
        ec2.disassociateIamInstanceProfile(r -> r.associationId(association));

        InstanceHandler.Live drifted = handler.read(spec(), ctx).orElseThrow();
        List<AttributeChange> changes = handler.diff(spec(), drifted);
        assertThat(changes).containsExactly(AttributeChange.of("instanceProfile", null, PROFILE));

        calls.clear();
        handler.update(spec(), drifted, changes, ctx);
        assertThat(operations(calls.mutating())).containsExactly("AssociateIamInstanceProfile", "CreateTags");
        assertThat(handler.diff(spec(), handler.read(spec(), ctx).orElseThrow()))
                .isEmpty();
    }

    @Test
    void amiSubnetAndRootVolumeChangesForceAReplacement() {
        InstanceHandler.Live live = handler.create(spec(), ctx);
        String otherKey = HandlerFixture.kmsKeyArn(clients);
        InstanceSpec moved = new InstanceSpec(
                NAME,
                "ami-0123456789abcdef0",
                "t3.micro",
                otherSubnetId,
                List.of(appGroup),
                PROFILE,
                true,
                30,
                otherKey,
                tags(ID, NAME));

        assertThat(handler.diff(moved, live))
                .containsExactlyInAnyOrder(
                        AttributeChange.replacing("ami", ami, "ami-0123456789abcdef0"),
                        AttributeChange.replacing("subnetId", subnetId, otherSubnetId),
                        AttributeChange.replacing("rootVolume.sizeGb", 20, 30),
                        AttributeChange.replacing("rootVolume.kmsKeyId", keyArn, otherKey));

        // An AMI given as an SSM parameter cannot be compared with the live image id: not a change.
        InstanceSpec viaSsm = spec(SSM_AMI, "t3.micro", List.of(appGroup), PROFILE);
        assertThat(handler.diff(viaSsm, live)).isEmpty();
    }

    @Test
    void aPublicIpForcesAReplacement() {
        InstanceHandler.Live live = handler.create(spec(), ctx);
        String allocation = ec2.allocateAddress(r -> r.domain("vpc")).allocationId();
        ec2.associateAddress(r -> r.allocationId(allocation).instanceId(live.instanceId()));

        InstanceHandler.Live exposed = handler.read(spec(), ctx).orElseThrow();
        assertThat(exposed.publicIp()).isNotNull();
        assertThat(handler.diff(spec(), exposed))
                .containsExactly(AttributeChange.replacing("publicIp", exposed.publicIp(), null));
    }

    @Test
    void runInstancesIsRetriedWhileTheNewProfileIsNotVisibleToEc2() {
        fault.fail(
                2,
                "Value (" + PROFILE + ") for parameter iamInstanceProfile.name is invalid. "
                        + "Invalid IAM Instance Profile name");

        InstanceHandler.Live created = handler.create(spec(), ctx);

        assertThat(operations(calls.mutating())).containsExactly("RunInstances", "RunInstances", "RunInstances");
        assertThat(fault.injected()).isEqualTo(2);
        assertThat(ctx.statuses).contains("waiting for instance profile " + PROFILE + " to reach EC2");
        assertThat(handler.read(spec(), ctx).orElseThrow().instanceId()).isEqualTo(created.instanceId());
        assertThat(ec2.describeInstancesPaginator().reservations().stream().flatMap(r -> r.instances().stream()))
                .as("failed attempts launched nothing")
                .hasSize(1);
    }

    @Test
    void anotherRunInstancesErrorIsNotRetried() {
        fault.fail(Integer.MAX_VALUE, "Invalid value 't3.mega' for InstanceType.");

        assertThatThrownBy(() -> handler.create(spec(), ctx)).isInstanceOfSatisfying(Ec2Exception.class, e -> {
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue");
            assertThat(e.awsErrorDetails().errorMessage()).contains("t3.mega");
        });
        assertThat(operations(calls.mutating())).containsExactly("RunInstances");
    }

    @Test
    void theProfileRetryIsBoundedByItsTimeout() {
        handler = new InstanceHandler(
                ec2, clients.waiterConfig(), new Eventually(Duration.ofMillis(300), Duration.ofMillis(50)));
        fault.fail(
                Integer.MAX_VALUE,
                "Value (" + PROFILE + ") for parameter iamInstanceProfile.name is invalid. "
                        + "Invalid IAM Instance Profile name");

        assertThatThrownBy(() -> handler.create(spec(), ctx))
                .isInstanceOf(Eventually.NotYetException.class)
                .hasMessageContaining("still waiting for instance profile " + PROFILE + " to reach EC2")
                .cause()
                .isInstanceOfSatisfying(
                        Ec2Exception.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                                .contains("Invalid IAM Instance Profile name"));
        // Pauses of 25-50 ms (half-jittered, up to the interval) fit at most 300 / 25 + 1 attempts in 300 ms.
        assertThat(operations(calls.mutating())).hasSizeBetween(2, 13).containsOnly("RunInstances");
    }

    @Test
    void placeholdersOfAPlanNeverReachAws() {
        InstanceSpec planned = new InstanceSpec(
                NAME,
                ami,
                "t3.micro",
                Unknown.of("network.subnet.private-a", "subnetId"),
                List.of(Unknown.of("network.sg.app", "groupId")),
                PROFILE,
                true,
                20,
                Unknown.of("kms.key", "arn"),
                tags(ID, NAME));

        assertThat(handler.read(planned, ctx)).isEmpty();
        assertThat(operations(calls.calls())).containsExactly("DescribeInstances");

        calls.clear();
        assertThatThrownBy(() -> handler.create(planned, ctx))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("known after apply");
        assertThat(calls.calls()).isEmpty();

        InstanceHandler.Live live = handler.create(spec(), ctx);
        assertThat(handler.diff(planned, live))
                .extracting(AttributeChange::path)
                .containsExactlyInAnyOrder("subnetId", "securityGroupIds", "rootVolume.kmsKeyId");
    }

    @Test
    void twoInstancesWithOneLogicalIdAreAnErrorButATerminatedOneDoesNotCount() {
        InstanceHandler.Live first = handler.create(spec(), ctx);
        InstanceHandler.Live second = handler.create(spec(), ctx);

        assertThatThrownBy(() -> handler.read(spec(), ctx))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("found 2 instances")
                .hasMessageContaining(first.instanceId())
                .hasMessageContaining(second.instanceId());

        handler.delete(second, DeletionPolicy.DELETE, ctx);
        assertThat(handler.read(spec(), ctx).orElseThrow().instanceId()).isEqualTo(first.instanceId());
    }

    @Test
    void anAmiGivenAsAnSsmParameterIsResolvedByEc2AndNotAChange() {
        InstanceSpec viaSsm = spec(SSM_AMI, "t3.micro", List.of(appGroup), PROFILE);

        handler.create(viaSsm, ctx);

        RunInstancesRequest sent = fault.lastRun();
        assertThat(sent.imageId()).as("passed through as is").isEqualTo(SSM_AMI);
        InstanceHandler.Live live = handler.read(viaSsm, ctx).orElseThrow();
        assertThat(live.imageId())
                .as("EC2 launched the AMI the parameter names")
                .startsWith("ami-");
        assertThat(live.rootVolume()).isNotNull();
        assertThat(live.rootVolume().encrypted()).isTrue();
        assertThat(handler.diff(viaSsm, live)).isEmpty();
    }

    /**
     * Makes RunInstances fail as EC2 does, through the SDK's own error parsing: the request goes
     * out with DryRun (EC2 checks it and launches nothing) and its answer is replaced by EC2's
     * error document for the given InvalidParameterValue message.
     */
    static final class RunInstancesFault implements ExecutionInterceptor {
        private static final ExecutionAttribute<Boolean> FAULTED = new ExecutionAttribute<>("tapctl.test.faulted");
        private final AtomicInteger remaining = new AtomicInteger();
        private final AtomicInteger injected = new AtomicInteger();
        private volatile String message;
        private volatile RunInstancesRequest lastRun;

        void fail(int times, String errorMessage) {
            this.message = errorMessage;
            remaining.set(times);
        }

        int injected() {
            return injected.get();
        }

        RunInstancesRequest lastRun() {
            return lastRun;
        }

        @Override
        public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
            if (!(context.request() instanceof RunInstancesRequest run)) {
                return context.request();
            }
            lastRun = run;
            if (remaining.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
                injected.incrementAndGet();
                attributes.putAttribute(FAULTED, true);
                return run.toBuilder().dryRun(true).build();
            }
            return run;
        }

        @Override
        public SdkHttpResponse modifyHttpResponse(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
            if (!Boolean.TRUE.equals(attributes.getAttribute(FAULTED))) {
                return context.httpResponse();
            }
            return context.httpResponse().toBuilder()
                    .statusCode(400)
                    .statusText("Bad Request")
                    .removeHeader("Content-Length")
                    .build();
        }

        @Override
        public Optional<InputStream> modifyHttpResponseContent(
                Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
            if (!Boolean.TRUE.equals(attributes.getAttribute(FAULTED))) {
                return context.responseBody();
            }
            String body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error>"
                    + "<Code>InvalidParameterValue</Code><Message>" + message + "</Message>"
                    + "</Error></Errors><RequestID>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</RequestID></Response>";
            return Optional.of(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
        }
    }
}

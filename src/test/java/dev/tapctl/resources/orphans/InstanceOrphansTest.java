package dev.tapctl.resources.orphans;

import static dev.tapctl.resources.orphans.OrphanTestSupport.otherEnvTags;
import static dev.tapctl.resources.orphans.OrphanTestSupport.otherProjectTags;
import static dev.tapctl.resources.orphans.OrphanTestSupport.owner;
import static dev.tapctl.testing.CallLog.operations;
import static dev.tapctl.testing.HandlerFixture.tags;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tapctl.aws.AwsClients;
import dev.tapctl.aws.Eventually;
import dev.tapctl.engine.spi.DeleteResult;
import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.Deletions;
import dev.tapctl.engine.spi.Ownership;
import dev.tapctl.engine.spi.SharedReads;
import dev.tapctl.engine.spi.Tags;
import dev.tapctl.resources.ec2.Ec2TestSupport;
import dev.tapctl.resources.ec2.InstanceHandler;
import dev.tapctl.stack.spec.InstanceSpec;
import dev.tapctl.testing.CallLog;
import dev.tapctl.testing.Emulator;
import dev.tapctl.testing.EmulatorExtension;
import dev.tapctl.testing.HandlerFixture;
import dev.tapctl.testing.TestContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;

@ExtendWith(EmulatorExtension.class)
class InstanceOrphansTest {
    private static final String KNOWN = "tap-test-app-1";
    private static final String ORPHAN = "tap-test-app-2";
    private static final String TERMINATED = "tap-test-app-3";
    private static final String OTHER_PROJECT = "tap-test-app-4";
    private static final String UNTAGGED = "tap-test-app-5";
    private static final String OTHER_ENV = "tap-prod-app-2";

    private final CallLog calls = new CallLog();
    private AwsClients clients;
    private Ec2Client ec2;
    private InstanceHandler handler;
    private String ami;
    private String subnetId;
    private String groupId;
    private String keyArn;
    private String untaggedId;

    @BeforeEach
    void setUp(Emulator emulator) {
        clients = HandlerFixture.clients(emulator, calls);
        ec2 = clients.ec2();
        handler = new InstanceHandler(
                ec2, clients.waiterConfig(), new Eventually(Duration.ofSeconds(2), Duration.ofMillis(20)));
        String vpcId = ec2.createVpc(r -> r.cidrBlock("10.40.0.0/16")).vpc().vpcId();
        subnetId = ec2.createSubnet(r -> r.vpcId(vpcId).cidrBlock("10.40.1.0/24"))
                .subnet()
                .subnetId();
        groupId = ec2.createSecurityGroup(
                        r -> r.vpcId(vpcId).groupName("tap-test-app").description("app"))
                .groupId();
        keyArn = HandlerFixture.kmsKeyArn(clients);
        ami = Ec2TestSupport.amazonLinuxAmi(ec2);

        create(KNOWN, tags("compute.app-1", KNOWN));
        create(ORPHAN, tags("compute.app-2", ORPHAN));
        // Beyond the count once, already terminated: it lingers in DescribeInstances, and is no orphan.
        String terminated =
                create(TERMINATED, tags("compute.app-3", TERMINATED)).instanceId();
        create(OTHER_PROJECT, otherProjectTags("compute.app-4", OTHER_PROJECT));
        create(OTHER_ENV, otherEnvTags("compute.app-2", OTHER_ENV));
        // Made by hand, named like ours, without the ownership tags.
        untaggedId = ec2.runInstances(r -> r.imageId(ami)
                        .instanceType("t3.micro")
                        .minCount(1)
                        .maxCount(1)
                        .subnetId(subnetId)
                        .tagSpecifications(t -> t.resourceType(ResourceType.INSTANCE)
                                .tags(Tag.builder()
                                        .key(Tags.NAME)
                                        .value(UNTAGGED)
                                        .build())))
                .instances()
                .get(0)
                .instanceId();
        ec2.terminateInstances(r -> r.instanceIds(terminated));
        calls.clear();
    }

    @AfterEach
    void tearDown() {
        clients.close();
    }

    @Test
    void listsOnlyThisEnvironmentsLiveInstancesBeyondTheConfiguration() {
        Ownership owner = owner(KNOWN);

        List<InstanceHandler.Live> orphans = handler.listOrphans(owner, SharedReads.NONE);

        assertThat(orphans).extracting(live -> live.tags().get(Tags.NAME)).containsExactly(ORPHAN);
        InstanceHandler.Live orphan = orphans.get(0);
        assertThat(orphan.tags())
                .containsEntry(Tags.LOGICAL_ID, "compute.app-2")
                .containsEntry(Tags.ENVIRONMENT, OrphanTestSupport.ENV)
                .containsKey(Tags.SPEC_HASH);
        assertThat(orphan.rootVolume()).isNotNull();
        assertThat(calls.mutating()).isEmpty();
        // One filtered listing; the root volume of the orphan only.
        assertThat(operations(calls.calls())).containsExactly("DescribeInstances", "DescribeVolumes");

        assertThat(orphan)
                .isEqualTo(handler.read(spec(ORPHAN, tags("compute.app-2", ORPHAN)), new TestContext("compute.app-2"))
                        .orElseThrow());
        assertThat(handler.orphanPolicy()).isEqualTo(DeletionPolicy.DELETE);
        assertThat(Deletions.byPolicy(handler, null, orphan, handler.orphanPolicy(), new TestContext("compute.app-2")))
                .isEqualTo(DeleteResult.deleted());

        assertThat(state(orphan.instanceId())).isEqualTo("terminated");
        assertThat(liveNames()).containsExactlyInAnyOrder(KNOWN, OTHER_PROJECT, OTHER_ENV, UNTAGGED);
        assertThat(handler.listOrphans(owner, SharedReads.NONE)).isEmpty();
    }

    @Test
    void aStoppedInstanceBeyondTheCountIsAnOrphanToo() {
        String id = handler.listOrphans(owner(KNOWN), SharedReads.NONE).get(0).instanceId();
        ec2.stopInstances(r -> r.instanceIds(id));

        assertThat(handler.listOrphans(owner(KNOWN), SharedReads.NONE))
                .extracting(InstanceHandler.Live::instanceId)
                .containsExactly(id);
    }

    @Test
    void instancesStillConfiguredAreNeverOrphans() {
        assertThat(handler.listOrphans(owner(KNOWN, ORPHAN), SharedReads.NONE)).isEmpty();
        assertThat(state(untaggedId)).isEqualTo("running");
    }

    private InstanceHandler.Live create(String name, Map<String, String> tags) {
        return handler.create(spec(name, tags), new TestContext(tags.get(Tags.LOGICAL_ID)));
    }

    private InstanceSpec spec(String name, Map<String, String> tags) {
        return new InstanceSpec(name, ami, "t3.micro", subnetId, List.of(groupId), null, true, 20, keyArn, tags);
    }

    private String state(String instanceId) {
        return ec2.describeInstances(r -> r.instanceIds(instanceId))
                .reservations()
                .get(0)
                .instances()
                .get(0)
                .state()
                .nameAsString();
    }

    /** Names (Name tags) of the instances that are not terminated or on their way out. */
    private List<String> liveNames() {
        return ec2
                .describeInstancesPaginator(r -> r.filters(Filter.builder()
                        .name("instance-state-name")
                        .values("pending", "running", "stopping", "stopped")
                        .build()))
                .reservations()
                .stream()
                .flatMap(reservation -> reservation.instances().stream())
                .map(InstanceOrphansTest::name)
                .toList();
    }

    private static String name(Instance instance) {
        Map<String, String> tags = new TreeMap<>();
        instance.tags().forEach(tag -> tags.put(tag.key(), tag.value()));
        return tags.get(Tags.NAME);
    }
}

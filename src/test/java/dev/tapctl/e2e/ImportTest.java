package dev.tapctl.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tapctl.testing.CallLog;
import dev.tapctl.testing.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.model.Vpc;

/**
 * {@code tapctl import} against the emulator (issue 15, must-show 4): a VPC made by hand becomes
 * the stack's, and what must not be imported is refused with nothing written.
 */
class ImportTest extends StackFixture {
    /** dev's network.cidr (config/dev.yaml). */
    private static final String DEV_CIDR = "10.10.0.0/16";

    /** A VPC made with the SDK, as by hand or by Terraform, with these tags. */
    private String vpcByHand(String cidr, Map<String, String> tags) {
        var request = aws.ec2().createVpc(r -> {
            r.cidrBlock(cidr);
            if (!tags.isEmpty()) {
                r.tagSpecifications(TagSpecification.builder()
                        .resourceType(ResourceType.VPC)
                        .tags(tags.entrySet().stream()
                                .map(e -> Tag.builder()
                                        .key(e.getKey())
                                        .value(e.getValue())
                                        .build())
                                .toList())
                        .build());
            }
        });
        String vpcId = request.vpc().vpcId();
        awaitVisible(vpcId);
        return vpcId;
    }

    /**
     * Waits out EC2's eventual consistency, which the emulator's realism mode applies to every
     * caller: a new id answers NotFound for a moment. A person importing what they just made
     * would wait for it too.
     */
    private void awaitVisible(String vpcId) {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(15);
        while (true) {
            try {
                aws.ec2().describeVpcs(r -> r.vpcIds(vpcId));
                return;
            } catch (software.amazon.awssdk.services.ec2.model.Ec2Exception e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(interrupted);
                }
            }
        }
    }

    private Map<String, String> tagsOf(String vpcId) {
        Map<String, String> tags = new TreeMap<>();
        aws.ec2().describeVpcs(r -> r.vpcIds(vpcId)).vpcs().get(0).tags().forEach(t -> tags.put(t.key(), t.value()));
        return tags;
    }

    private List<String> vpcIds() {
        return aws.ec2().describeVpcs().vpcs().stream().map(Vpc::vpcId).sorted().toList();
    }

    /** Mutating calls other than the environment lock's (DynamoDB on tapctl's lock table). */
    private List<CallLog.Call> mutatingBesidesTheLock() {
        return log.mutating().stream()
                .filter(c -> !c.service().equals("DynamoDb"))
                .toList();
    }

    @Test
    void aVpcMadeByHandIsImportedAndTheStackIsBuiltInIt() {
        String vpcId = vpcByHand(DEV_CIDR, Map.of("Name", "made-by-hand", "CostCenter", "42"));
        List<String> before = vpcIds();

        log.clear();
        CliRun.Result imported = tapctl.run("import", "--env", "dev", "network.vpc", vpcId);

        assertThat(imported.exitCode()).as(imported.all()).isZero();
        assertThat(imported.out())
                .contains("Imported " + vpcId + " as network.vpc (aws.ec2.vpc) in dev")
                .contains("Environment=dev, Project=tap, tapctl:logical-id=network.vpc")
                .contains("The next plan shows for network.vpc (tapctl apply reconciles it):")
                .contains("network.vpc  aws.ec2.vpc  tap-dev-vpc  (update: config)")
                .contains("tags.Name: \"made-by-hand\" -> \"tap-dev-vpc\"")
                .contains("tags.ManagedBy: (none) -> \"tapctl\"");
        // The ownership tags the VPC's read finds it by, and nothing else.
        assertThat(CallLog.operations(mutatingBesidesTheLock())).containsExactly("CreateTags");
        assertThat(tagsOf(vpcId))
                .containsEntry("tapctl:logical-id", "network.vpc")
                .containsEntry("Environment", "dev")
                .containsEntry("Project", "tap")
                .containsEntry("Name", "made-by-hand")
                .doesNotContainKeys("ManagedBy", "tapctl:spec-hash");

        // The test's own calls meet EC2's consistency too (awaitVisible): count the apply's alone.
        int notFoundBefore = emulator.realism().count("ec2.not_found");
        CliRun.Result apply = tapctl.run("apply", "--env", "dev", "--auto-approve", "--target", "network.*");

        assertThat(apply.exitCode()).as(apply.all()).isZero();
        assertThat(vpcIds()).as("no second VPC").isEqualTo(before);
        assertThat(tagsOf(vpcId))
                .containsEntry("ManagedBy", "tapctl")
                .containsEntry("Name", "tap-dev-vpc")
                .containsKey("tapctl:spec-hash");
        var subnets = aws.ec2()
                .describeSubnets(r -> r.filters(
                        Filter.builder().name("tag:Environment").values("dev").build()))
                .subnets();
        assertThat(subnets).hasSize(4).allMatch(s -> s.vpcId().equals(vpcId));
        var groups = aws.ec2()
                .describeSecurityGroups(r -> r.filters(
                        Filter.builder().name("tag:Environment").values("dev").build()))
                .securityGroups();
        assertThat(groups).isNotEmpty().allMatch(g -> g.vpcId().equals(vpcId));

        assertThat(emulator.realism().count("ec2.not_found") - notFoundBefore)
                .as(
                        "EC2's eventual consistency met the ids made in the imported VPC (counts: %s)",
                        emulator.realism().counts())
                .isPositive();

        CliRun.Result next = tapctl.run("plan", "--env", "dev", "--target", "network.*", "--detailed-exitcode");
        assertThat(next.exitCode()).as(next.all()).isZero();

        // Imported and managed now: importing again, this id or another VPC, is refused.
        String other = vpcByHand(DEV_CIDR, Map.of());
        log.clear();
        CliRun.Result again = tapctl.run("import", "--env", "dev", "network.vpc", other);
        assertThat(again.exitCode()).as(again.all()).isEqualTo(64);
        assertThat(again.err())
                .contains("network.vpc is already managed: " + vpcId)
                .contains(other + " was not imported");
        assertThat(mutatingBesidesTheLock()).isEmpty();
        assertThat(tagsOf(other)).isEmpty();
    }

    @Test
    void anotherRunHoldingTheLockRefusesTheImport() {
        String vpcId = vpcByHand(DEV_CIDR, Map.of());
        try (var held = aws.environmentLock("another run", java.time.Duration.ofMinutes(2))
                .acquire("tap/dev")) {
            log.clear();
            CliRun.Result imported = tapctl.run("import", "--env", "dev", "network.vpc", vpcId);

            assertThat(imported.exitCode()).as(imported.all()).isEqualTo(75);
            assertThat(imported.err()).contains("another run");
            assertThat(mutatingBesidesTheLock()).isEmpty();
            assertThat(tagsOf(vpcId)).isEmpty();
        }
        CliRun.Result afterwards = tapctl.run("import", "--env", "dev", "network.vpc", vpcId);
        assertThat(afterwards.exitCode()).as(afterwards.all()).isZero();
        assertThat(tagsOf(vpcId)).containsEntry("tapctl:logical-id", "network.vpc");
    }

    @Test
    void anImportInAnotherAccountThanTheEnvironmentsStopsAfterAskingWhichAccountItIs(@TempDir Path dir)
            throws IOException {
        Path config = copyConfig(dir);
        Files.writeString(config.resolve("dev.yaml"), "account: \"999999999999\"\n", StandardOpenOption.APPEND);

        log.clear();
        CliRun.Result imported = tapctl.run(
                "import", "--env", "dev", "--config-dir", config.toString(), "network.vpc", "vpc-0123456789abcdef0");

        assertThat(imported.exitCode()).as(imported.all()).isEqualTo(65);
        assertThat(imported.err()).contains("dev runs only in account 999999999999");
        assertThat(log.operations()).containsExactly("GetCallerIdentity");
    }

    @Test
    void aVpcTaggedForAnotherEnvironmentIsRefusedAndNoTagIsWritten() {
        String vpcId = vpcByHand(DEV_CIDR, Map.of("Project", "tap", "Environment", "staging"));
        Map<String, String> tagsBefore = tagsOf(vpcId);

        log.clear();
        CliRun.Result imported = tapctl.run("import", "--env", "dev", "network.vpc", vpcId);

        assertThat(imported.exitCode()).as(imported.all()).isEqualTo(64);
        assertThat(imported.err())
                .contains("import refused: " + vpcId + " is tagged Environment=staging: it belongs to another "
                        + "environment than tap/dev; not imported");
        assertThat(log.operations()).as("it was looked at").contains("DescribeVpcs");
        assertThat(mutatingBesidesTheLock()).isEmpty();
        assertThat(tagsOf(vpcId)).isEqualTo(tagsBefore);
    }

    @Test
    void aVpcOfAnotherProjectIsRefused() {
        String vpcId = vpcByHand(DEV_CIDR, Map.of("Project", "billing"));

        CliRun.Result imported = tapctl.run("import", "--env", "dev", "network.vpc", vpcId);

        assertThat(imported.exitCode()).as(imported.all()).isEqualTo(64);
        assertThat(imported.err()).contains("is tagged Project=billing: it belongs to another project");
        assertThat(tagsOf(vpcId)).doesNotContainKey("tapctl:logical-id");
    }

    @Test
    void aVpcTheNextApplyWouldReplaceIsRefusedNamingTheAttribute() {
        String vpcId = vpcByHand("10.99.0.0/16", Map.of());

        log.clear();
        CliRun.Result imported = tapctl.run("import", "--env", "dev", "network.vpc", vpcId);

        assertThat(imported.exitCode()).as(imported.all()).isEqualTo(64);
        assertThat(imported.err())
                .contains(
                        "would make the next apply replace it (cidr: 10.99.0.0/16 -> 10.10.0.0/16 forces replacement)")
                .contains("change the configuration to match it");
        assertThat(mutatingBesidesTheLock()).isEmpty();
        assertThat(tagsOf(vpcId)).isEmpty();
    }

    @Test
    void anIdOfAnotherKindIsRefusedBeforeAnyAwsCall() {
        String vpcId = vpcByHand(DEV_CIDR, Map.of());
        String subnetId = aws.ec2()
                .createSubnet(r -> r.vpcId(vpcId).cidrBlock("10.10.0.0/20"))
                .subnet()
                .subnetId();

        log.clear();
        CliRun.Result imported = tapctl.run("import", "--env", "dev", "network.vpc", subnetId);

        assertThat(imported.exitCode()).as(imported.all()).isEqualTo(64);
        assertThat(imported.err())
                .contains("network.vpc (aws.ec2.vpc) takes an id that starts with vpc-; " + subnetId + " is not one");
        assertThat(log.calls()).as("no AWS call").isEmpty();

        // The other way round: a VPC's id for a subnet.
        CliRun.Result subnet = tapctl.run("import", "--env", "dev", "network.subnet.public-1", vpcId);
        assertThat(subnet.exitCode()).as(subnet.all()).isEqualTo(64);
        assertThat(subnet.err()).contains("takes an id that starts with subnet-");
        assertThat(log.calls()).isEmpty();
    }

    @Test
    void anUnknownLogicalIdOrAKindFoundByNameIsRefusedBeforeAnyAwsCall() {
        CliRun.Result unknown = tapctl.run("import", "--env", "dev", "network.vpcc", "vpc-0123456789abcdef0");

        assertThat(unknown.exitCode()).as(unknown.all()).isEqualTo(64);
        assertThat(unknown.err())
                .contains("import refused: network.vpcc is not a resource of this environment "
                        + "(tapctl plan --offline lists them)");

        CliRun.Result byName = tapctl.run("import", "--env", "dev", "data.table", "tap-dev-items");
        assertThat(byName.exitCode()).as(byName.all()).isEqualTo(64);
        assertThat(byName.err()).contains("data.table (aws.dynamodb.table) is found by its name (tap-dev-items)");
        assertThat(log.calls()).as("no AWS call").isEmpty();
    }

    @Test
    void aVpcThatIsNotInThisRegionIsRefused() {
        log.clear();
        CliRun.Result imported = tapctl.run("import", "--env", "dev", "network.vpc", "vpc-0123456789abcdef0");

        assertThat(imported.exitCode()).as(imported.all()).isEqualTo(64);
        assertThat(imported.err())
                .contains("there is no aws.ec2.vpc vpc-0123456789abcdef0 in region " + emulator.region())
                .contains("EC2 ids are regional");
        assertThat(mutatingBesidesTheLock()).isEmpty();
    }
}

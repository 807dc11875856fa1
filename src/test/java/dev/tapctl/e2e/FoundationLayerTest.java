package dev.tapctl.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tapctl.aws.PolicyDocuments;
import dev.tapctl.testing.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.FlowLog;
import software.amazon.awssdk.services.ec2.model.Vpc;
import software.amazon.awssdk.services.kms.model.KeyMetadata;

/** The foundation layer (key, network, flow logs) applied, re-applied, drifted and repaired on the emulator. */
class FoundationLayerTest extends StackFixture {
    @Test
    void applyCreatesTheLayerAndASecondApplyChangesNothing() throws IOException {
        CliRun.Result first = tapctl.run("apply", "--env", "dev", "--auto-approve");
        assertThat(first.exitCode()).as(first.all()).isZero();
        assertThat(first.out()).contains("network.vpc: creating...", "network.vpc: created [");

        LogGroup group = logGroup("/tap/dev/vpc-flow-logs");
        KeyMetadata key = aws.kms().describeKey(r -> r.keyId("alias/tap-dev")).keyMetadata();
        assertThat(group.retentionInDays()).isEqualTo(14);
        assertThat(group.kmsKeyId()).isEqualTo(key.arn());
        assertThat(aws.kms().getKeyRotationStatus(r -> r.keyId(key.keyId())).keyRotationEnabled())
                .isTrue();

        String roleArn = aws.iam()
                .getRole(r -> r.roleName("tap-dev-vpc-flow-logs"))
                .role()
                .arn();
        List<String> inline = aws.iam()
                .listRolePolicies(r -> r.roleName("tap-dev-vpc-flow-logs"))
                .policyNames();
        assertThat(inline).containsExactly("tap-dev-vpc-flow-logs");
        assertThat(aws.iam()
                        .listAttachedRolePolicies(r -> r.roleName("tap-dev-vpc-flow-logs"))
                        .attachedPolicies())
                .isEmpty();
        JsonNode policy = PolicyDocuments.parse(aws.iam()
                .getRolePolicy(r -> r.roleName("tap-dev-vpc-flow-logs").policyName("tap-dev-vpc-flow-logs"))
                .policyDocument());
        assertThat(policy.toString())
                .contains("logs:PutLogEvents", "log-group:/tap/dev/vpc-flow-logs")
                .doesNotContain("\"*\"");

        Vpc vpc = vpc("dev");
        assertThat(vpc.cidrBlock()).isEqualTo("10.10.0.0/16");
        FlowLog flowLog = aws.ec2()
                .describeFlowLogs(r -> r.filter(
                        Filter.builder().name("resource-id").values(vpc.vpcId()).build()))
                .flowLogs()
                .get(0);
        assertThat(flowLog.logGroupName()).isEqualTo("/tap/dev/vpc-flow-logs");
        assertThat(flowLog.deliverLogsPermissionArn()).isEqualTo(roleArn);
        assertThat(flowLog.trafficTypeAsString()).isEqualTo("ALL");
        assertThat(aws.ec2()
                        .describeSubnets(r -> r.filters(Filter.builder()
                                .name("vpc-id")
                                .values(vpc.vpcId())
                                .build()))
                        .subnets())
                .hasSize(4);

        log.clear();
        CliRun.Result second = tapctl.run("apply", "--env", "dev", "--auto-approve");
        assertThat(second.exitCode()).as(second.all()).isZero();
        assertThat(second.out()).contains("No changes");
        assertThat(log.calls()).isNotEmpty();
        assertThat(log.mutating()).as("mutating calls of a second apply").isEmpty();

        CliRun.Result plan = tapctl.run("plan", "--env", "dev", "--detailed-exitcode");
        assertThat(plan.exitCode()).as(plan.all()).isZero();
    }

    @Test
    void outOfBandChangeIsDriftAndAConfigChangeIsConfigAndApplyRepairsBoth(@TempDir Path dir) throws IOException {
        assertThat(tapctl.run("apply", "--env", "dev", "--auto-approve").exitCode())
                .isZero();

        aws.logs().putRetentionPolicy(r -> r.logGroupName("/tap/dev/vpc-flow-logs")
                .retentionInDays(30));
        CliRun.Result drifted = tapctl.run("plan", "--env", "dev", "--json", "--detailed-exitcode");
        assertThat(drifted.exitCode()).as(drifted.all()).isEqualTo(2);
        JsonNode change = change(drifted, "network.flowlogs.group");
        assertThat(change.path("action").asText()).isEqualTo("update");
        assertThat(change.path("reason").asText()).isEqualTo("drift");
        assertThat(change.path("attributes").get(0).path("path").asText()).isEqualTo("retentionDays");
        assertThat(change.path("attributes").get(0).path("before").asInt()).isEqualTo(30);
        assertThat(change.path("attributes").get(0).path("after").asInt()).isEqualTo(14);
        assertThat(changedIds(drifted)).containsExactly("network.flowlogs.group");

        assertThat(tapctl.run("apply", "--env", "dev", "--auto-approve").exitCode())
                .isZero();
        assertThat(logGroup("/tap/dev/vpc-flow-logs").retentionInDays()).isEqualTo(14);
        assertThat(tapctl.run("plan", "--env", "dev", "--detailed-exitcode").exitCode())
                .isZero();

        Path config = copyConfig(dir);
        Files.writeString(
                config.resolve("dev.yaml"),
                Files.readString(config.resolve("dev.yaml")).replace("retentionDays: 14", "retentionDays: 60"));
        CliRun configured = tapctl.configDir(config);
        CliRun.Result changed = configured.run("plan", "--env", "dev", "--json", "--detailed-exitcode");
        assertThat(changed.exitCode()).as(changed.all()).isEqualTo(2);
        assertThat(change(changed, "network.flowlogs.group").path("reason").asText())
                .isEqualTo("config");

        assertThat(configured.run("apply", "--env", "dev", "--auto-approve").exitCode())
                .isZero();
        assertThat(logGroup("/tap/dev/vpc-flow-logs").retentionInDays()).isEqualTo(60);
        assertThat(configured.run("plan", "--env", "dev", "--detailed-exitcode").exitCode())
                .isZero();
    }

    @Test
    void devAndProdSideBySideNeverTouchEachOther() {
        assertThat(tapctl.run("apply", "--env", "dev", "--auto-approve").exitCode())
                .isZero();
        log.clear();
        CliRun.Result prod = tapctl.run("apply", "--env", "prod", "--auto-approve");
        assertThat(prod.exitCode()).as(prod.all()).isZero();
        assertThat(prod.out()).doesNotContain("tap-dev");

        assertThat(vpc("dev").cidrBlock()).isEqualTo("10.10.0.0/16");
        assertThat(vpc("prod").cidrBlock()).isEqualTo("10.30.0.0/16");
        assertThat(logGroup("/tap/prod/vpc-flow-logs").retentionInDays()).isEqualTo(365);
        assertThat(logGroup("/tap/dev/vpc-flow-logs").retentionInDays()).isEqualTo(14);

        CliRun.Result devPlan = tapctl.run("plan", "--env", "dev", "--detailed-exitcode");
        assertThat(devPlan.exitCode())
                .as("dev is unchanged by the prod apply: " + devPlan.all())
                .isZero();
        assertThat(tapctl.run("plan", "--env", "prod", "--detailed-exitcode").exitCode())
                .isZero();
    }

    private Vpc vpc(String env) {
        List<Vpc> vpcs = aws.ec2()
                .describeVpcs(r -> r.filters(
                        Filter.builder().name("tag:Environment").values(env).build(),
                        Filter.builder()
                                .name("tag:tapctl:logical-id")
                                .values("network.vpc")
                                .build()))
                .vpcs();
        assertThat(vpcs).hasSize(1);
        return vpcs.get(0);
    }

    private LogGroup logGroup(String name) {
        return aws.logs().describeLogGroups(r -> r.logGroupNamePrefix(name)).logGroups().stream()
                .filter(g -> g.logGroupName().equals(name))
                .findFirst()
                .orElseThrow();
    }
}

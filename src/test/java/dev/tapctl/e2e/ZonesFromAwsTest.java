package dev.tapctl.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tapctl.aws.AwsClients;
import dev.tapctl.aws.AwsSettings;
import dev.tapctl.testing.CallLog;
import dev.tapctl.testing.CliRun;
import dev.tapctl.testing.Faults;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.ec2.model.AvailabilityZone;
import software.amazon.awssdk.services.ec2.model.DescribeAvailabilityZonesResponse;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Subnet;

/**
 * Subnets go to the zones EC2 lists for the account and region, not to letters made up from the
 * region's name; a region with fewer zones than {@code network.azCount} is refused before anything
 * is created.
 */
class ZonesFromAwsTest extends StackFixture {
    private static final String DESCRIBE_ZONES = "DescribeAvailabilityZones";
    private static final String TOKYO = "ap-northeast-1"; // zones a, c, d: there is no ap-northeast-1b

    @Test
    void subnetsLandInTheZonesAwsListedInARegionWithoutZoneB() {
        CliRun.Result apply = tapctl.run("apply", "--env", "dev", "--region", TOKYO, "--auto-approve");
        assertThat(apply.exitCode()).as(apply.all()).isZero();
        assertThat(log.matching(call -> call.operation().equals(DESCRIBE_ZONES)))
                .as("zones are looked up once a run")
                .hasSize(1);

        List<String> listed;
        Map<String, Subnet> subnets = new TreeMap<>();
        try (AwsClients tokyo = new AwsClients(AwsSettings.defaults(TOKYO, null, emulator.endpoint()))) {
            listed = tokyo.ec2().describeAvailabilityZones().availabilityZones().stream()
                    .map(AvailabilityZone::zoneName)
                    .sorted()
                    .toList();
            tokyo.ec2()
                    .describeSubnets(r -> r.filters(Filter.builder()
                            .name("tag:Environment")
                            .values("dev")
                            .build()))
                    .subnets()
                    .forEach(subnet -> subnets.put(tag(subnet, "tapctl:logical-id"), subnet));
        }
        assertThat(listed).containsExactly("ap-northeast-1a", "ap-northeast-1c", "ap-northeast-1d");
        assertThat(subnets)
                .containsOnlyKeys(
                        "network.subnet.public-1",
                        "network.subnet.public-2",
                        "network.subnet.private-1",
                        "network.subnet.private-2");
        assertThat(subnets.get("network.subnet.public-1").availabilityZone()).isEqualTo(listed.get(0));
        assertThat(subnets.get("network.subnet.private-1").availabilityZone()).isEqualTo(listed.get(0));
        assertThat(subnets.get("network.subnet.public-2").availabilityZone()).isEqualTo(listed.get(1));
        assertThat(subnets.get("network.subnet.private-2").availabilityZone()).isEqualTo(listed.get(1));
        assertThat(tag(subnets.get("network.subnet.public-2"), "Name"))
                .as("names go by index, as they always did")
                .isEqualTo("tap-dev-public-b");

        log.clear();
        CliRun.Result plan = tapctl.run("plan", "--env", "dev", "--region", TOKYO, "--detailed-exitcode");
        assertThat(plan.exitCode())
                .as("the zones chosen are the same on the next run: " + plan.all())
                .isZero();
        assertThat(log.mutating()).isEmpty();
    }

    @Test
    void tooFewZonesIsRefusedWithExit65BeforeAnyChange() {
        ExecutionInterceptor onlyZoneB =
                Faults.answer(DESCRIBE_ZONES, DescribeAvailabilityZonesResponse.class, answer -> answer.toBuilder()
                        .availabilityZones(answer.availabilityZones().stream()
                                .filter(zone -> zone.zoneName().equals("us-east-1b"))
                                .toList())
                        .build());
        CliRun tapctlWithOneZone = CliRun.against(emulator, log, onlyZoneB);

        CliRun.Result apply = tapctlWithOneZone.run("apply", "--env", "dev", "--auto-approve");

        assertThat(apply.exitCode()).as(apply.all()).isEqualTo(65);
        assertThat(apply.err())
                .isEqualTo("error: network.azCount: 2 availability zones wanted, but region us-east-1 has "
                        + "only 1 available to this account (us-east-1b): lower network.azCount or choose another region"
                        + System.lineSeparator());
        assertThat(apply.out()).isEmpty();
        // The run's first questions are asked at once (account, zones, the lock), and the plan's
        // reads begin while they are answered (ReadsAhead): reads only, nothing locked or changed.
        assertThat(CallLog.operations(log.calls())).contains(DESCRIBE_ZONES, "GetCallerIdentity", "GetItem");
        assertThat(log.mutating()).isEmpty();
        assertThat(aws.ec2()
                        .describeVpcs(r -> r.filters(Filter.builder()
                                .name("tag:Project")
                                .values("tap")
                                .build()))
                        .vpcs())
                .isEmpty();

        log.clear();
        CliRun.Result plan = tapctlWithOneZone.run("plan", "--env", "dev");
        assertThat(plan.exitCode()).as(plan.all()).isEqualTo(65);
        assertThat(plan.out()).isEmpty();
        assertThat(CallLog.operations(log.calls())).contains(DESCRIBE_ZONES, "GetCallerIdentity");
        assertThat(log.mutating()).isEmpty();
    }

    @Test
    void aRegionWithTwoZonesCannotHoldThreeAndTheMessageNamesThem() {
        CliRun.Result apply = tapctl.run("apply", "--env", "prod", "--region", "us-west-1", "--auto-approve");

        assertThat(apply.exitCode()).as(apply.all()).isEqualTo(65);
        assertThat(apply.err())
                .contains("network.azCount: 3 availability zones wanted, but region us-west-1 has only 2 "
                        + "available to this account (us-west-1a, us-west-1b)");
        assertThat(log.mutating()).isEmpty();
    }

    @Test
    void destroyAndPlanDestroyNeedNoZones() {
        assertThat(tapctl.run("apply", "--env", "dev", "--auto-approve").exitCode())
                .isZero();
        log.clear();

        CliRun.Result planDestroy = tapctl.run("plan", "--env", "dev", "--destroy");
        CliRun.Result destroy = tapctl.run("destroy", "--env", "dev", "--auto-approve");

        assertThat(planDestroy.exitCode()).as(planDestroy.all()).isZero();
        assertThat(destroy.exitCode()).as(destroy.all()).isZero();
        assertThat(destroy.out()).containsPattern("deleted +network\\.subnet\\.public-2");
        assertThat(log.matching(call -> call.operation().equals(DESCRIBE_ZONES)))
                .isEmpty();
    }

    private static String tag(Subnet subnet, String key) {
        return subnet.tags().stream()
                .filter(t -> t.key().equals(key))
                .findFirst()
                .orElseThrow()
                .value();
    }
}

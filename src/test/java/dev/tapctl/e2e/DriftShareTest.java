package dev.tapctl.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tapctl.cli.ExitCodes;
import dev.tapctl.engine.spi.Tags;
import dev.tapctl.testing.CallLog;
import dev.tapctl.testing.CliRun;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * {@code tapctl drift} over several environments of a project shares its listings (issue 16): a
 * listing that can answer every environment at once is made once per run, not once per
 * environment, and each environment still gets exactly what its own listing would have found, so
 * an object of one environment is never reported as unmanaged in another.
 */
class DriftShareTest extends StackFixture {

    /**
     * The listings that answer both environments in one call, with how many calls a run makes of
     * each: EC2 by the Project tag and both Environment tags, names under the project's prefix
     * (log groups have two: {@code /aws/lambda/tap-} and {@code /tap/}), roles under its path, the
     * databases by both identifiers, and what is the account's (REST APIs, the API Gateway
     * account, its id, the region's zones).
     */
    private static final Map<String, Integer> SHARED = new TreeMap<>(Map.ofEntries(
            Map.entry("Ec2:DescribeVpcs", 1),
            Map.entry("Ec2:DescribeSubnets", 1),
            Map.entry("Ec2:DescribeRouteTables", 1),
            Map.entry("Ec2:DescribeSecurityGroups", 1),
            Map.entry("Ec2:DescribeInternetGateways", 1),
            Map.entry("Ec2:DescribeNatGateways", 1),
            Map.entry("Ec2:DescribeAddresses", 1),
            Map.entry("Ec2:DescribeVpcEndpoints", 1),
            Map.entry("Ec2:DescribeFlowLogs", 1),
            Map.entry("Ec2:DescribeInstances", 1),
            Map.entry("Ec2:DescribeAvailabilityZones", 1),
            Map.entry("Sts:GetCallerIdentity", 1),
            Map.entry("CloudWatchLogs:DescribeLogGroups", 2),
            Map.entry("Sqs:ListQueues", 1),
            Map.entry("CloudWatch:DescribeAlarms", 1),
            Map.entry("ApiGateway:GetApiKeys", 1),
            Map.entry("ApiGateway:GetRestApis", 1),
            Map.entry("ApiGateway:GetAccount", 1),
            Map.entry("Iam:ListRoles", 1),
            Map.entry("Rds:DescribeDBInstances", 1)));

    /** Every resource that is not in sync, as "env id standing". */
    private static List<String> differences(JsonNode report) {
        List<String> found = new ArrayList<>();
        for (JsonNode env : report.path("environments")) {
            for (JsonNode resource : env.path("resources")) {
                if (!resource.path("standing").asText().equals("in-sync")) {
                    found.add(
                            env.path("env").asText() + " " + resource.path("id").asText() + " "
                                    + resource.path("standing").asText());
                }
            }
        }
        return found;
    }

    private static Map<String, String> ownedBy(String env, String logicalId, String name) {
        return Map.of(
                Tags.PROJECT, "tap",
                Tags.ENVIRONMENT, env,
                Tags.MANAGED_BY, Tags.MANAGED_BY_VALUE,
                Tags.LOGICAL_ID, logicalId,
                Tags.NAME, name);
    }

    private Map<String, Long> calls(List<String> operations) {
        Map<String, Long> counts = new TreeMap<>();
        for (CallLog.Call call : log.calls()) {
            if (operations.contains(call.toString())) {
                counts.merge(call.toString(), 1L, Long::sum);
            }
        }
        return counts;
    }

    @Test
    void driftOfTwoEnvironmentsMakesEachSharedListingOnceAndKeepsEachEnvironmentsObjectsItsOwn() throws IOException {
        for (String env : List.of("dev", "prod")) {
            CliRun.Result apply = tapctl.run("apply", "--env", env, "--auto-approve");
            assertThat(apply.exitCode()).as(apply.all()).isZero();
        }
        // Objects of dev that its configuration does not have, each in a listing prod shares:
        // a queue (names under tap-), a log group (under /tap/) and an Elastic IP (the Project tag).
        aws.sqs().createQueue(r -> r.queueName("tap-dev-gone-dlq")
                .tags(ownedBy("dev", "fn.gone.dlq", "tap-dev-gone-dlq")));
        aws.logs().createLogGroup(r -> r.logGroupName("/tap/dev/old-access")
                .tags(ownedBy("dev", "api.old.logs", "/tap/dev/old-access")));
        aws.ec2().allocateAddress(r -> r.domain("vpc").tagSpecifications(t -> t.resourceType("elastic-ip")
                .tags(ownedBy("dev", "network.old.eip", "tap-dev-old-eip").entrySet().stream()
                        .map(e -> software.amazon.awssdk.services.ec2.model.Tag.builder()
                                .key(e.getKey())
                                .value(e.getValue())
                                .build())
                        .toList())));
        List<String> unmanaged =
                List.of("dev fn.gone.dlq unmanaged", "dev api.old.logs unmanaged", "dev network.old.eip unmanaged");

        log.clear();
        CliRun.Result both = tapctl.run("drift", "dev", "prod", "--json");

        assertThat(both.exitCode()).as(both.all()).isEqualTo(ExitCodes.CHANGES);
        List<String> operations = List.copyOf(SHARED.keySet());
        Map<String, Long> made = calls(operations);
        Map<String, Long> expected = new TreeMap<>();
        SHARED.forEach((op, n) -> expected.put(op, (long) n));
        assertThat(made)
                .as("calls of the shared listings in one drift of dev and prod")
                .isEqualTo(expected);
        assertThat(differences(JSON.readTree(both.out())))
                .as("dev's objects are unmanaged in dev, and nowhere in prod")
                .containsExactlyInAnyOrderElementsOf(unmanaged);

        // Each environment alone (its own listings, as a plan makes them) finds the same.
        log.clear();
        CliRun.Result devAlone = tapctl.run("drift", "dev", "--json");
        assertThat(devAlone.exitCode()).as(devAlone.all()).isEqualTo(ExitCodes.CHANGES);
        assertThat(differences(JSON.readTree(devAlone.out()))).containsExactlyInAnyOrderElementsOf(unmanaged);
        assertThat(calls(operations))
                .as("one environment alone makes each listing once too")
                .isEqualTo(expected);
        CliRun.Result prodAlone = tapctl.run("drift", "prod", "--json");
        assertThat(prodAlone.exitCode()).as(prodAlone.all()).isZero();
    }
}

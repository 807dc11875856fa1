package dev.tapctl.reliability;

import dev.tapctl.aws.AwsClients;
import dev.tapctl.aws.AwsSettings;
import dev.tapctl.testing.Emulator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.apigateway.model.NotFoundException;
import software.amazon.awssdk.services.apigateway.model.RestApi;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.kms.model.KeyManagerType;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/**
 * Everything the account holds, kind by kind, as sorted lists of names (duplicates kept, so two
 * VPCs named alike show as two entries): what "the same resources as a clean apply, with no
 * duplicates" is compared on. Counted account-wide, not only what carries the environment's tags,
 * so that an untagged orphan left by a crash is counted too; only the emulator's own default
 * network (default VPC and what belongs to it) is left out.
 */
final class AccountSnapshot {
    private AccountSnapshot() {}

    static Map<String, List<String>> of(Emulator emulator) {
        try (AwsClients aws = new AwsClients(AwsSettings.defaults(emulator.region(), null, emulator.endpoint()))) {
            return of(aws);
        }
    }

    static Map<String, List<String>> of(AwsClients aws) {
        Map<String, List<String>> snapshot = new TreeMap<>();
        network(aws, snapshot);
        keys(aws, snapshot);
        iam(aws, snapshot);
        snapshot.put(
                "logs.log-groups",
                sorted(aws.logs().describeLogGroupsPaginator(r -> {}).logGroups().stream()
                        .map(g -> g.logGroupName())));
        snapshot.put(
                "secretsmanager.secrets",
                sorted(aws.secrets().listSecretsPaginator(r -> {}).stream()
                        .flatMap(p -> p.secretList().stream())
                        .map(s -> s.name())));
        snapshot.put(
                "rds.db-instances",
                sorted(aws.rds().describeDBInstancesPaginator(r -> {}).dbInstances().stream()
                        .map(db -> db.dbInstanceIdentifier() + " [" + db.dbInstanceStatus() + "]")));
        snapshot.put(
                "rds.db-subnet-groups",
                sorted(aws.rds().describeDBSubnetGroupsPaginator(r -> {}).dbSubnetGroups().stream()
                        .map(g -> g.dbSubnetGroupName() + " [subnets="
                                + g.subnets().size() + "]")));
        snapshot.put("dynamodb.tables", sorted(aws.dynamodb().listTablesPaginator(r -> {}).tableNames().stream()));
        snapshot.put(
                "s3.buckets", sorted(aws.s3().listBuckets().buckets().stream().map(b -> b.name())));
        snapshot.put(
                "sqs.queues",
                sorted(aws.sqs().listQueuesPaginator(r -> {}).queueUrls().stream()
                        .map(url -> url.substring(url.lastIndexOf('/') + 1))));
        lambda(aws, snapshot);
        apiGateway(aws, snapshot);
        return snapshot;
    }

    private static void network(AwsClients aws, Map<String, List<String>> snapshot) {
        var ec2 = aws.ec2();
        Set<String> defaultVpcs = ec2
                .describeVpcs(r -> r.filters(
                        Filter.builder().name("is-default").values("true").build()))
                .vpcs()
                .stream()
                .map(v -> v.vpcId())
                .collect(Collectors.toSet());
        snapshot.put(
                "ec2.vpcs",
                sorted(ec2.describeVpcsPaginator(r -> {}).vpcs().stream()
                        .filter(v -> !defaultVpcs.contains(v.vpcId()))
                        .map(v -> name(v.tags()) + " " + v.cidrBlock())));
        snapshot.put(
                "ec2.subnets",
                sorted(ec2.describeSubnetsPaginator(r -> {}).subnets().stream()
                        .filter(s -> !defaultVpcs.contains(s.vpcId()))
                        .map(s -> name(s.tags()) + " " + s.cidrBlock())));
        snapshot.put(
                "ec2.route-tables",
                sorted(ec2.describeRouteTablesPaginator(r -> {}).routeTables().stream()
                        .filter(t -> !defaultVpcs.contains(t.vpcId()))
                        .filter(t -> t.associations().stream().noneMatch(a -> Boolean.TRUE.equals(a.main())))
                        .map(t ->
                                name(t.tags()) + " [subnets=" + t.associations().size() + ", routes="
                                        + t.routes().size() + "]")));
        snapshot.put(
                "ec2.security-groups",
                sorted(ec2.describeSecurityGroupsPaginator(r -> {}).securityGroups().stream()
                        .filter(g -> !defaultVpcs.contains(g.vpcId()))
                        .filter(g -> !g.groupName().equals("default"))
                        .map(g -> g.groupName() + " [in=" + g.ipPermissions().size() + "]")));
        snapshot.put(
                "ec2.internet-gateways",
                sorted(ec2.describeInternetGatewaysPaginator(r -> {}).internetGateways().stream()
                        .filter(g -> g.attachments().stream().noneMatch(a -> defaultVpcs.contains(a.vpcId())))
                        .map(g ->
                                name(g.tags()) + " [attached=" + g.attachments().size() + "]")));
        snapshot.put(
                "ec2.flow-logs",
                sorted(ec2.describeFlowLogsPaginator(r -> {}).flowLogs().stream()
                        .map(f -> name(f.tags()) + " -> " + f.logGroupName())));
        List<Instance> instances = ec2.describeInstancesPaginator(r -> {}).reservations().stream()
                .flatMap(r -> r.instances().stream())
                .toList();
        snapshot.put(
                "ec2.instances",
                sorted(instances.stream()
                        .filter(i -> !i.state().nameAsString().equals("terminated")
                                && !i.state().nameAsString().equals("shutting-down"))
                        .map(i -> name(i.tags()))));
    }

    /** Customer keys that are Enabled (one orphaned by a crash must be adopted, not duplicated), and aliases. */
    private static void keys(AwsClients aws, Map<String, List<String>> snapshot) {
        List<String> enabled = new ArrayList<>();
        for (var entry : aws.kms().listKeysPaginator(r -> {}).keys()) {
            KeyMetadata key = aws.kms().describeKey(r -> r.keyId(entry.keyId())).keyMetadata();
            if (key.keyManager() == KeyManagerType.CUSTOMER && key.keyState() == KeyState.ENABLED) {
                enabled.add(key.description());
            }
        }
        snapshot.put("kms.enabled-customer-keys", sorted(enabled.stream()));
        snapshot.put(
                "kms.aliases",
                sorted(aws.kms().listAliasesPaginator(r -> {}).aliases().stream()
                        .filter(a -> a.targetKeyId() != null && !a.aliasName().startsWith("alias/aws/"))
                        .map(a -> a.aliasName())));
    }

    private static void iam(AwsClients aws, Map<String, List<String>> snapshot) {
        var iam = aws.iam();
        snapshot.put(
                "iam.roles",
                sorted(iam.listRolesPaginator(r -> {}).roles().stream()
                        .map(role -> role.roleName()
                                + " [inline="
                                + iam.listRolePolicies(r -> r.roleName(role.roleName()))
                                        .policyNames()
                                + ", attached="
                                + iam.listAttachedRolePolicies(r -> r.roleName(role.roleName()))
                                        .attachedPolicies()
                                        .size()
                                + "]")));
        snapshot.put(
                "iam.instance-profiles",
                sorted(iam.listInstanceProfilesPaginator(r -> {}).instanceProfiles().stream()
                        .map(p -> p.instanceProfileName() + " "
                                + p.roles().stream()
                                        .map(r -> r.roleName())
                                        .sorted()
                                        .toList())));
    }

    private static void lambda(AwsClients aws, Map<String, List<String>> snapshot) {
        var lambda = aws.lambda();
        List<String> functions = new ArrayList<>();
        List<String> permissions = new ArrayList<>();
        for (var fn : lambda.listFunctionsPaginator(r -> {}).functions()) {
            functions.add(fn.functionName());
            try {
                String policy =
                        lambda.getPolicy(r -> r.functionName(fn.functionName())).policy();
                for (var statement : new com.fasterxml.jackson.databind.ObjectMapper()
                        .readTree(policy)
                        .path("Statement")) {
                    permissions.add(
                            fn.functionName() + "/" + statement.path("Sid").asText());
                }
            } catch (ResourceNotFoundException noPolicy) {
                // no permission on this function
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        snapshot.put("lambda.functions", sorted(functions.stream()));
        snapshot.put("lambda.permissions", sorted(permissions.stream()));
    }

    private static void apiGateway(AwsClients aws, Map<String, List<String>> snapshot) {
        var api = aws.apigateway();
        List<RestApi> apis = api.getRestApisPaginator(r -> {}).items().stream().toList();
        snapshot.put("apigateway.rest-apis", sorted(apis.stream().map(RestApi::name)));
        List<String> stages = new ArrayList<>();
        List<String> resources = new ArrayList<>();
        for (RestApi rest : apis) {
            api.getStages(r -> r.restApiId(rest.id()))
                    .item()
                    .forEach(s -> stages.add(rest.name() + "/" + s.stageName()));
            api.getResourcesPaginator(r -> r.restApiId(rest.id()))
                    .items()
                    .forEach(res -> resources.add(rest.name()
                            + " " + res.path() + " "
                            + (res.resourceMethods() == null
                                    ? List.of()
                                    : new java.util.TreeSet<>(
                                            res.resourceMethods().keySet()))));
        }
        snapshot.put("apigateway.stages", sorted(stages.stream()));
        snapshot.put("apigateway.resources", sorted(resources.stream()));
        snapshot.put(
                "apigateway.usage-plans",
                sorted(api.getUsagePlansPaginator(r -> {}).items().stream()
                        .map(p -> p.name() + " "
                                + (p.apiStages() == null
                                        ? List.of()
                                        : p.apiStages().stream()
                                                .map(s -> s.stage())
                                                .sorted()
                                                .toList()))));
        String role;
        try {
            role = Optional.ofNullable(api.getAccount(r -> {}).cloudwatchRoleArn())
                    .orElse("(none)");
        } catch (NotFoundException e) {
            role = "(none)";
        }
        snapshot.put("apigateway.account-cloudwatch-role", List.of(role.substring(role.lastIndexOf('/') + 1)));
    }

    private static String name(List<Tag> tags) {
        return tags == null
                ? "(untagged)"
                : tags.stream()
                        .filter(t -> t.key().equals("Name"))
                        .map(Tag::value)
                        .findFirst()
                        .orElse("(no Name tag)");
    }

    private static List<String> sorted(java.util.stream.Stream<String> names) {
        return names.sorted().toList();
    }

    /** The kinds where two snapshots differ, with both sides, for a readable failure message. */
    static String difference(Map<String, List<String>> expected, Map<String, List<String>> actual) {
        StringBuilder out = new StringBuilder();
        Set<String> kinds = new java.util.TreeSet<>(expected.keySet());
        kinds.addAll(actual.keySet());
        for (String kind : kinds) {
            List<String> want = expected.getOrDefault(kind, List.of());
            List<String> got = actual.getOrDefault(kind, List.of());
            if (!want.equals(got)) {
                out.append("  ")
                        .append(kind)
                        .append(": expected ")
                        .append(want.size())
                        .append(' ')
                        .append(want)
                        .append("\n  ")
                        .append(" ".repeat(kind.length()))
                        .append("  but got  ")
                        .append(got.size())
                        .append(' ')
                        .append(got)
                        .append('\n');
            }
        }
        return out.toString();
    }

    static String render(Map<String, List<String>> snapshot) {
        return snapshot.entrySet().stream()
                .map(e -> "  " + e.getKey() + " (" + e.getValue().size() + "): " + e.getValue())
                .collect(Collectors.joining("\n"));
    }
}

package dev.tapctl.stack;

import static dev.tapctl.stack.Policies.allow;
import static dev.tapctl.stack.Policies.allowPrincipal;
import static dev.tapctl.stack.Policies.document;
import static dev.tapctl.stack.Policies.withCondition;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tapctl.config.Cidrs;
import dev.tapctl.config.TapConfig;
import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.Inputs;
import dev.tapctl.engine.spi.Kind;
import dev.tapctl.engine.spi.Ref;
import dev.tapctl.engine.spi.ResourceDef;
import dev.tapctl.engine.spi.Tags;
import dev.tapctl.stack.spec.AlarmSpec;
import dev.tapctl.stack.spec.ApiAccountSpec;
import dev.tapctl.stack.spec.ApiKeySpec;
import dev.tapctl.stack.spec.BucketSpec;
import dev.tapctl.stack.spec.DbInstanceSpec;
import dev.tapctl.stack.spec.DbSubnetGroupSpec;
import dev.tapctl.stack.spec.ElasticIpSpec;
import dev.tapctl.stack.spec.NatGatewaySpec;
import dev.tapctl.stack.spec.VpcEndpointSpec;
import dev.tapctl.stack.spec.FlowLogSpec;
import dev.tapctl.stack.spec.FunctionSpec;
import dev.tapctl.stack.spec.IamRoleSpec;
import dev.tapctl.stack.spec.InstanceProfileSpec;
import dev.tapctl.stack.spec.InstanceSpec;
import dev.tapctl.stack.spec.InternetGatewaySpec;
import dev.tapctl.stack.spec.KmsKeySpec;
import dev.tapctl.stack.spec.LambdaPermissionSpec;
import dev.tapctl.stack.spec.LogGroupSpec;
import dev.tapctl.stack.spec.QueueSpec;
import dev.tapctl.stack.spec.RestApiSpec;
import dev.tapctl.stack.spec.RouteTableSpec;
import dev.tapctl.stack.spec.SecretSpec;
import dev.tapctl.stack.spec.StageSpec;
import dev.tapctl.stack.spec.SecurityGroupSpec;
import dev.tapctl.stack.spec.SubnetSpec;
import dev.tapctl.stack.spec.SubscriptionSpec;
import dev.tapctl.stack.spec.TableSpec;
import dev.tapctl.stack.spec.TopicSpec;
import dev.tapctl.stack.spec.UsagePlanKeySpec;
import dev.tapctl.stack.spec.UsagePlanSpec;
import dev.tapctl.stack.spec.VpcSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The desired resource graph of one environment, computed from its configuration. Pure data:
 * no AWS call is made here; values that come from other resources are read through {@link Inputs}.
 */
public final class TapStack {
    public static final int DB_PORT = 5432;
    /** RDS refuses '/', '@', '"' and space in a master password. */
    public static final String RDS_EXCLUDED_PASSWORD_CHARACTERS = "/@\" ";
    /** The VPC block is split into 16 equal subnets: public ones first, private ones from index 8. */
    private static final int SUBNET_BITS = 4;
    private static final int PRIVATE_OFFSET = 8;
    /** 14 days, SQS's maximum: a failed event is kept as long as it can be. */
    private static final int DLQ_RETENTION_SECONDS = 1_209_600;
    private static final int HTTPS_PORT = 443;
    /** The services whose gateway endpoints every stack has. */
    private static final List<String> GATEWAY_ENDPOINT_SERVICES = List.of("s3", "dynamodb");
    /**
     * What the instances use, reached through interface endpoints when there is no NAT gateway:
     * the database secret, the stack key, Systems Manager (its agent needs ssm, ssmmessages and
     * ec2messages) and CloudWatch Logs.
     */
    private static final List<String> INTERFACE_ENDPOINT_SERVICES = List.of("secretsmanager", "kms", "ssm",
            "ssmmessages", "ec2messages", "logs");
    /**
     * The endpoint policy AWS gives an endpoint created without one ("Control access to VPC
     * endpoints using endpoint policies": full access); tapctl states it so that drift shows.
     */
    public static final String DEFAULT_ENDPOINT_POLICY = "{\"Version\":\"2008-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":\"*\",\"Action\":\"*\",\"Resource\":\"*\"}]}";
    /** One JSON object per request in the access log. */
    static final String ACCESS_LOG_FORMAT = "{\"requestId\":\"$context.requestId\",\"ip\":\"$context.identity.sourceIp\","
            + "\"requestTime\":\"$context.requestTime\",\"httpMethod\":\"$context.httpMethod\","
            + "\"resourcePath\":\"$context.resourcePath\",\"status\":\"$context.status\","
            + "\"responseLength\":\"$context.responseLength\",\"integrationLatency\":\"$context.integrationLatency\"}";

    /** The key encrypts retained tables, buckets and final snapshots; the secret holds the snapshot's password. */
    private static final java.util.Set<String> KEPT_FOR_RETAINED_DATA = java.util.Set.of("kms.key", "data.dbsecret");

    /**
     * The configuration key a spec attribute is set from as it is, by "resource id attribute",
     * for each attribute AWS may refuse to create (see {@link #configKey}).
     */
    private static final Map<String, String> CONFIG_KEYS = Map.of("data.db engineVersion", "database.engineVersion");

    private final TapConfig config;
    private final Map<String, FunctionCode> code;
    private final Zones zones;
    private final List<ResourceDef<?>> resources = new ArrayList<>();

    private TapStack(TapConfig config, Map<String, FunctionCode> code, Zones zones) {
        this.config = config;
        this.code = code;
        this.zones = zones;
    }

    /**
     * The whole stack; {@code code} holds the bundle of every configured function, {@code zones}
     * the availability zone of each subnet index (looked up in the account, or unknown offline).
     */
    public static List<ResourceDef<?>> resources(TapConfig config, Map<String, FunctionCode> code, Zones zones) {
        for (String function : config.functions().keySet()) {
            if (!code.containsKey(function)) {
                throw new IllegalArgumentException("no bundled code for function " + function);
            }
        }
        if (zones.count() != config.network().azCount()) {
            throw new IllegalArgumentException(zones.count() + " zones for network.azCount " + config.network().azCount());
        }
        TapStack stack = new TapStack(config, code, zones);
        stack.keyLayer();
        stack.networkLayer();
        stack.flowLogs();
        stack.dataLayer();
        stack.functions();
        stack.api();
        stack.compute();
        stack.alarms();
        return List.copyOf(stack.resources);
    }

    /**
     * The dotted configuration key that sets {@code attribute} of the spec of {@code resourceId}
     * as it is, e.g. {@code database.engineVersion} for {@code data.db}'s {@code engineVersion}:
     * how a problem AWS finds with a spec value is told as a problem of the configuration. Empty
     * for attributes no single key sets.
     */
    public static java.util.Optional<String> configKey(String resourceId, String attribute) {
        return java.util.Optional.ofNullable(CONFIG_KEYS.get(resourceId + " " + attribute));
    }

    private void keyLayer() {
        String alias = "alias/" + config.prefix();
        add("kms.key", Kinds.KMS_KEY, alias, DeletionPolicy.DELETE, List.of(), in -> new KmsKeySpec(
                alias,
                "tapctl stack key for " + config.prefix(),
                true,
                keyPolicy(in),
                config.kms().deletionWindowDays(),
                tags("kms.key", alias)));
    }

    /**
     * Account root administers and uses the key (IAM policies then delegate); CloudWatch Logs in
     * this region may use it only for this environment's log groups, which is what AWS requires
     * before a log group can be created with {@code kmsKeyId}.
     */
    private ObjectNode keyPolicy(Inputs in) {
        String account = in.accountId();
        String region = in.region();
        ObjectNode root = allowPrincipal("AccountAdministersAndUsesKey", "AWS", "arn:aws:iam::" + account + ":root",
                List.of("kms:CancelKeyDeletion", "kms:CreateAlias", "kms:CreateGrant", "kms:Decrypt",
                        "kms:DeleteAlias", "kms:DescribeKey", "kms:DisableKey", "kms:DisableKeyRotation",
                        "kms:EnableKey", "kms:EnableKeyRotation", "kms:Encrypt", "kms:GenerateDataKey",
                        "kms:GenerateDataKeyWithoutPlaintext", "kms:GetKeyPolicy", "kms:GetKeyRotationStatus",
                        "kms:ListGrants", "kms:ListResourceTags", "kms:PutKeyPolicy", "kms:ReEncryptFrom",
                        "kms:ReEncryptTo", "kms:RetireGrant", "kms:RevokeGrant", "kms:ScheduleKeyDeletion",
                        "kms:TagResource", "kms:UntagResource", "kms:UpdateAlias", "kms:UpdateKeyDescription"),
                List.of("*"));
        ObjectNode logs = allowPrincipal("CloudWatchLogsEncryptsThisEnvironmentsGroups", "Service",
                "logs." + region + ".amazonaws.com",
                List.of("kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey",
                        "kms:GenerateDataKeyWithoutPlaintext", "kms:ReEncryptFrom", "kms:ReEncryptTo"),
                List.of("*"));
        withCondition(logs, "ArnLike", Map.of("kms:EncryptionContext:aws:logs:arn", List.of(
                logGroupArnPattern(in, "/" + config.project() + "/" + config.env() + "/*"),
                logGroupArnPattern(in, "/aws/lambda/" + config.prefix() + "-*"))));
        return document(root, logs, cloudWatchAlarms(in));
    }

    /**
     * CloudWatch publishes to the encrypted alarm topic only if the key lets it: "Enable
     * compatibility between event sources from AWS services and encrypted topics" (SNS Developer
     * Guide, "Encrypting messages published to Amazon SNS with AWS KMS") grants the service
     * kms:Decrypt and kms:GenerateDataKey*, and the CloudWatch page on alarm actions with an
     * encrypted topic names cloudwatch.amazonaws.com. The wildcard is written out as the one
     * action SNS calls for a publisher (GenerateDataKey, beside Decrypt: the same page's
     * publisher permissions), so the key policy names exact actions like every other policy
     * here (the IAM lint refuses wildcards in an Allow). Narrowed to this account's alarms of this
     * environment with aws:SourceAccount and aws:SourceArn, the confused-deputy conditions AWS
     * documents for service principals. SNS itself needs nothing in the key policy: it uses the
     * key on the publisher's behalf, with the publisher's permissions (same page), and email
     * deliveries are not encrypted by the key.
     */
    private ObjectNode cloudWatchAlarms(Inputs in) {
        ObjectNode alarms = allowPrincipal("CloudWatchAlarmsPublishToTheEncryptedTopic", "Service", "cloudwatch.amazonaws.com",
                List.of("kms:Decrypt", "kms:GenerateDataKey"), List.of("*"));
        withCondition(alarms, "StringEquals", Map.of("aws:SourceAccount", List.of(in.accountId())));
        return withCondition(alarms, "ArnLike", Map.of("aws:SourceArn", List.of(
                "arn:aws:cloudwatch:" + in.region() + ":" + in.accountId() + ":alarm:" + config.prefix() + "-*")));
    }

    private void networkLayer() {
        String vpcName = config.prefix() + "-vpc";
        add("network.vpc", Kinds.VPC, vpcName, DeletionPolicy.DELETE, List.of(),
                in -> new VpcSpec(vpcName, config.network().cidr(), true, true, tags("network.vpc", vpcName)));

        String igwName = config.prefix() + "-igw";
        add("network.igw", Kinds.INTERNET_GATEWAY, igwName, DeletionPolicy.DELETE, List.of("network.vpc"),
                in -> new InternetGatewaySpec(igwName, in.output("network.vpc", "vpcId"), tags("network.igw", igwName)));

        List<String> publicSubnets = new ArrayList<>();
        List<String> privateSubnets = new ArrayList<>();
        for (int i = 0; i < config.network().azCount(); i++) {
            publicSubnets.add(subnet("public", i, i, true));
            privateSubnets.add(subnet("private", i, PRIVATE_OFFSET + i, false));
        }
        routeTable("network.rt.public", config.prefix() + "-public-rt", publicSubnets,
                List.of("network.igw"), in -> new RouteTableSpec.Route("0.0.0.0/0", in.output("network.igw", "internetGatewayId")));
        List<String> privateTables = egress(publicSubnets, privateSubnets);

        String appName = config.prefix() + "-app";
        add("network.sg.app", Kinds.SECURITY_GROUP, appName, DeletionPolicy.DELETE, List.of("network.vpc"),
                in -> new SecurityGroupSpec(appName, in.output("network.vpc", "vpcId"),
                        "tapctl " + config.prefix() + " application instances and functions", List.of(),
                        tags("network.sg.app", appName)));
        if (config.network().natGateways() == 0) {
            interfaceEndpoints(privateSubnets);
        }
        gatewayEndpoints(privateTables);
        String dbName = config.prefix() + "-db";
        add("network.sg.db", Kinds.SECURITY_GROUP, dbName, DeletionPolicy.DELETE, List.of("network.vpc", "network.sg.app"),
                in -> new SecurityGroupSpec(dbName, in.output("network.vpc", "vpcId"),
                        "tapctl " + config.prefix() + " database: only the application group on the database port",
                        List.of(new SecurityGroupSpec.IngressRule("tcp", DB_PORT, DB_PORT,
                                in.output("network.sg.app", "groupId"), "PostgreSQL from " + appName)),
                        tags("network.sg.db", dbName)));
    }

    private String subnet(String tier, int az, int block, boolean isPublic) {
        String id = "network.subnet." + tier + "-" + (az + 1);
        String zone = zones.of(az);
        // The letter is the subnet's index (a: the first zone chosen), not its zone's own letter:
        // names and Name tags stay what stacks made before zones were looked up carry (no update
        // for them), and an offline plan still knows them. Where the zones are a, b, c... the two agree.
        String name = config.prefix() + "-" + tier + "-" + (char) ('a' + az);
        add(id, Kinds.SUBNET, name, DeletionPolicy.DELETE, List.of("network.vpc"),
                in -> new SubnetSpec(name, in.output("network.vpc", "vpcId"),
                        Cidrs.subnet(config.network().cidr(), SUBNET_BITS, block), zone, false, tags(id, name)));
        return id;
    }

    /**
     * A route table associated with {@code subnetIds}; {@code route}, when not null, is its one
     * route besides the local one, to the target {@code targetIds} (among its dependencies) outputs.
     */
    private void routeTable(String id, String name, List<String> subnetIds, List<String> targetIds,
                            Function<Inputs, RouteTableSpec.Route> route) {
        List<String> deps = new ArrayList<>(List.of("network.vpc"));
        deps.addAll(targetIds);
        deps.addAll(subnetIds);
        add(id, Kinds.ROUTE_TABLE, name, DeletionPolicy.DELETE, deps, in -> new RouteTableSpec(
                name,
                in.output("network.vpc", "vpcId"),
                route == null ? List.of() : List.of(route.apply(in)),
                subnetIds.stream().map(subnet -> in.output(subnet, "subnetId")).toList(),
                tags(id, name)));
    }

    /**
     * The way out of the private subnets (README "Egress"): {@code network.natGateways} NAT
     * gateways, each with its Elastic IP, in public subnets 1..n, and the private route tables
     * that send 0.0.0.0/0 to them: one table for all private subnets with 0 or 1 gateway (with 0,
     * no default route at all), one table per zone, to its own zone's gateway, with one per zone.
     * Each NAT gateway depends on the internet gateway (a public NAT gateway reaches the internet
     * through it), which also makes destroy delete it, and unmap its address, before the internet
     * gateway is detached. Answers the ids of the private route tables.
     */
    private List<String> egress(List<String> publicSubnets, List<String> privateSubnets) {
        int nat = config.network().natGateways();
        List<String> natIds = new ArrayList<>();
        for (int n = 1; n <= nat; n++) {
            String eipId = "network.nat-eip-" + n;
            String eipName = config.prefix() + "-nat-" + n;
            add(eipId, Kinds.ELASTIC_IP, eipName, DeletionPolicy.DELETE, List.of(),
                    in -> new ElasticIpSpec(eipName, tags(eipId, eipName)));
            String natId = "network.nat-" + n;
            String subnet = publicSubnets.get(n - 1);
            add(natId, Kinds.NAT_GATEWAY, eipName, DeletionPolicy.DELETE, List.of(eipId, subnet, "network.igw"),
                    in -> new NatGatewaySpec(eipName, in.output(subnet, "subnetId"), in.output(eipId, "allocationId"),
                            tags(natId, eipName)));
            natIds.add(natId);
        }
        if (nat <= 1) {
            String natId = nat == 1 ? natIds.get(0) : null;
            routeTable("network.rt.private", config.prefix() + "-private-rt", privateSubnets,
                    natId == null ? List.of() : List.of(natId),
                    natId == null ? null : in -> RouteTableSpec.Route.toNatGateway("0.0.0.0/0",
                            in.output(natId, "natGatewayId")));
            return List.of("network.rt.private");
        }
        List<String> tables = new ArrayList<>();
        for (int n = 1; n <= nat; n++) {
            String natId = natIds.get(n - 1);
            String id = "network.rt.private-" + n;
            routeTable(id, config.prefix() + "-private-rt-" + (char) ('a' + n - 1), List.of(privateSubnets.get(n - 1)),
                    List.of(natId), in -> RouteTableSpec.Route.toNatGateway("0.0.0.0/0", in.output(natId, "natGatewayId")));
            tables.add(id);
        }
        return tables;
    }

    /**
     * S3 and DynamoDB gateway endpoints on every private route table, always: they cost nothing,
     * and the instances' bucket and table traffic stays inside the VPC. They keep AWS's default
     * (full access) endpoint policy; README "Egress" says why.
     */
    private void gatewayEndpoints(List<String> privateTables) {
        for (String service : GATEWAY_ENDPOINT_SERVICES) {
            String id = "network.endpoint." + service;
            String name = config.prefix() + "-" + service;
            List<String> deps = new ArrayList<>(List.of("network.vpc"));
            deps.addAll(privateTables);
            add(id, Kinds.VPC_ENDPOINT, name, DeletionPolicy.DELETE, deps, in -> new VpcEndpointSpec(name,
                    in.output("network.vpc", "vpcId"), "com.amazonaws." + in.region() + "." + service,
                    VpcEndpointSpec.Type.GATEWAY, privateTables.stream().map(t -> in.output(t, "routeTableId")).toList(),
                    List.of(), List.of(), false, DEFAULT_ENDPOINT_POLICY, tags(id, name)));
        }
    }

    /**
     * With no NAT gateway, the instances reach the AWS services they use through interface
     * endpoints in the private subnets, with private DNS (the services' usual names resolve to
     * them), behind a group that admits only the application group on HTTPS.
     */
    private void interfaceEndpoints(List<String> privateSubnets) {
        String groupName = config.prefix() + "-endpoints";
        add("network.sg.endpoints", Kinds.SECURITY_GROUP, groupName, DeletionPolicy.DELETE,
                List.of("network.vpc", "network.sg.app"),
                in -> new SecurityGroupSpec(groupName, in.output("network.vpc", "vpcId"),
                        "tapctl " + config.prefix() + " interface endpoints: only the application group on HTTPS",
                        List.of(new SecurityGroupSpec.IngressRule("tcp", HTTPS_PORT, HTTPS_PORT,
                                in.output("network.sg.app", "groupId"), "HTTPS from " + config.prefix() + "-app")),
                        tags("network.sg.endpoints", groupName)));
        for (String service : INTERFACE_ENDPOINT_SERVICES) {
            String id = "network.endpoint." + service;
            String name = config.prefix() + "-" + service;
            List<String> deps = new ArrayList<>(List.of("network.vpc", "network.sg.endpoints"));
            deps.addAll(privateSubnets);
            add(id, Kinds.VPC_ENDPOINT, name, DeletionPolicy.DELETE, deps, in -> new VpcEndpointSpec(name,
                    in.output("network.vpc", "vpcId"), "com.amazonaws." + in.region() + "." + service,
                    VpcEndpointSpec.Type.INTERFACE, List.of(),
                    privateSubnets.stream().map(s -> in.output(s, "subnetId")).toList(),
                    List.of(in.output("network.sg.endpoints", "groupId")), true, DEFAULT_ENDPOINT_POLICY, tags(id, name)));
        }
    }

    private void flowLogs() {
        String groupName = "/" + config.project() + "/" + config.env() + "/vpc-flow-logs";
        add("network.flowlogs.group", Kinds.LOG_GROUP, groupName, DeletionPolicy.DELETE, List.of("kms.key"),
                in -> new LogGroupSpec(groupName, config.logs().retentionDays(), in.output("kms.key", "arn"),
                        tags("network.flowlogs.group", groupName)));

        String roleName = config.prefix() + "-vpc-flow-logs";
        add("network.flowlogs.role", Kinds.IAM_ROLE, roleName, DeletionPolicy.DELETE, List.of(), in -> {
            String account = in.accountId();
            ObjectNode trust = document(withCondition(withCondition(
                    allowPrincipal("VpcFlowLogsAssumesRole", "Service", "vpc-flow-logs.amazonaws.com",
                            List.of("sts:AssumeRole"), List.of()),
                    "StringEquals", Map.of("aws:SourceAccount", List.of(account))),
                    "ArnLike", Map.of("aws:SourceArn", List.of("arn:aws:ec2:" + in.region() + ":" + account + ":vpc-flow-log/*"))));
            String groupArn = logGroupArnPattern(in, groupName);
            // DescribeLogGroups authorizes against log-group:* only; the rest is this group alone.
            ObjectNode policy = document(
                    allow("WriteFlowLogsToTheGroup",
                            List.of("logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"),
                            List.of(groupArn, groupArn + ":log-stream:*")),
                    allow("FindTheGroup", List.of("logs:DescribeLogGroups"),
                            List.of(logGroupArnPattern(in, "*"))));
            return new IamRoleSpec(roleName, "Lets VPC flow logs of " + config.prefix() + " write to " + groupName,
                    trust, Map.of(roleName, policy), List.of(), tags("network.flowlogs.role", roleName));
        });

        String flowLogName = config.prefix() + "-vpc-flow-log";
        add("network.flowlogs", Kinds.FLOW_LOG, flowLogName, DeletionPolicy.DELETE,
                List.of("network.vpc", "network.flowlogs.group", "network.flowlogs.role"),
                in -> new FlowLogSpec(flowLogName, in.output("network.vpc", "vpcId"), "ALL",
                        in.output("network.flowlogs.group", "name"), in.output("network.flowlogs.role", "arn"),
                        600, tags("network.flowlogs", flowLogName)));
    }

    private void dataLayer() {
        String secretName = config.project() + "/" + config.env() + "/rds/master";
        TapConfig.DatabaseConfig db = config.database();
        add("data.dbsecret", Kinds.SECRET, secretName, DeletionPolicy.DELETE, List.of("kms.key"),
                in -> new SecretSpec(secretName, "Master credentials of " + config.prefix() + "-db (generated, never printed)",
                        in.output("kms.key", "arn"), db.masterUsername(), 32, RDS_EXCLUDED_PASSWORD_CHARACTERS,
                        30, tags("data.dbsecret", secretName)));

        String subnetGroup = config.prefix() + "-db";
        List<String> privateSubnets = new ArrayList<>();
        for (int i = 0; i < config.network().azCount(); i++) {
            privateSubnets.add("network.subnet.private-" + (i + 1));
        }
        add("data.db.subnets", Kinds.DB_SUBNET_GROUP, subnetGroup, DeletionPolicy.DELETE, privateSubnets,
                in -> new DbSubnetGroupSpec(subnetGroup, "Private subnets of " + config.prefix(),
                        privateSubnets.stream().map(id -> in.output(id, "subnetId")).toList(),
                        tags("data.db.subnets", subnetGroup)));

        String dbName = config.prefix() + "-db";
        add("data.db", Kinds.DB_INSTANCE, dbName, DeletionPolicy.SNAPSHOT,
                List.of("kms.key", "data.dbsecret", "data.db.subnets", "network.sg.db"),
                in -> new DbInstanceSpec(dbName, "postgres", db.engineVersion(), db.instanceClass(),
                        db.allocatedStorageGb(), "gp3", in.output("kms.key", "arn"), db.multiAz(), false,
                        db.backupRetentionDays(), db.deletionProtection(), in.output("data.db.subnets", "name"),
                        List.of(in.output("network.sg.db", "groupId")), db.masterUsername(),
                        in.output("data.dbsecret", "arn"), db.databaseName(), DB_PORT, dbName + "-final",
                        tags("data.db", dbName)));

        String tableName = config.prefix() + "-items";
        TapConfig.TableConfig table = config.table();
        add("data.table", Kinds.TABLE, tableName, DeletionPolicy.RETAIN, List.of("kms.key"),
                in -> new TableSpec(tableName,
                        new TableSpec.KeyAttribute(table.partitionKey().name(), table.partitionKey().type()),
                        new TableSpec.KeyAttribute(table.sortKey().name(), table.sortKey().type()),
                        table.billingMode(), in.output("kms.key", "arn"), table.pointInTimeRecovery(),
                        table.deletionProtection(), tags("data.table", tableName)));

        String bucketDisplayName = config.prefix() + "-<account>-" + config.region();
        add("data.bucket", Kinds.BUCKET, bucketDisplayName, DeletionPolicy.RETAIN, List.of("kms.key"), in -> {
            String bucket = config.prefix() + "-" + in.accountId() + "-" + in.region();
            String arn = "arn:aws:s3:::" + bucket;
            // A deny must cover every action, present and future, so it names s3:* on purpose;
            // grants elsewhere never use wildcards.
            ObjectNode tlsOnly = Policies.denyAll("DenyInsecureTransport", "s3:*", List.of(arn, arn + "/*"));
            withCondition(tlsOnly, "Bool", Map.of("aws:SecureTransport", List.of("false")));
            return new BucketSpec(bucket, in.output("kms.key", "arn"), true, true, document(tlsOnly),
                    tags("data.bucket", bucket));
        });
    }

    private String tableArn(Inputs in) {
        return "arn:aws:dynamodb:" + in.region() + ":" + in.accountId() + ":table/" + config.prefix() + "-items";
    }

    private String functionName(String function) {
        return config.prefix() + "-" + function;
    }

    private String functionArn(Inputs in, String function) {
        return "arn:aws:lambda:" + in.region() + ":" + in.accountId() + ":function:" + functionName(function);
    }

    private void functions() {
        for (String function : new java.util.TreeSet<>(config.functions().keySet())) {
            function(function, config.functions().get(function));
        }
    }

    /** A function with its own DLQ, log group and least-privilege role. */
    private void function(String function, TapConfig.FunctionConfig fn) {
        String id = "fn." + function;
        String name = functionName(function);
        String queueName = name + "-dlq";
        add(id + ".dlq", Kinds.QUEUE, queueName, DeletionPolicy.DELETE, List.of("kms.key"),
                in -> new QueueSpec(queueName, in.output("kms.key", "arn"), DLQ_RETENTION_SECONDS, tags(id + ".dlq", queueName)));

        String groupName = "/aws/lambda/" + name;
        add(id + ".logs", Kinds.LOG_GROUP, groupName, DeletionPolicy.DELETE, List.of("kms.key"),
                in -> new LogGroupSpec(groupName, config.logs().retentionDays(), in.output("kms.key", "arn"),
                        tags(id + ".logs", groupName)));

        String roleName = name + "-fn";
        add(id + ".role", Kinds.IAM_ROLE, roleName, DeletionPolicy.DELETE, List.of("kms.key", id + ".dlq"), in -> {
            String groupArn = logGroupArnPattern(in, groupName);
            List<ObjectNode> statements = new ArrayList<>();
            statements.add(allow("WriteItsOwnLogs", List.of("logs:CreateLogStream", "logs:PutLogEvents"),
                    List.of(groupArn, groupArn + ":log-stream:*")));
            statements.add(allow("SendFailedEventsToItsDlq", List.of("sqs:SendMessage"), List.of(in.output(id + ".dlq", "arn"))));
            statements.add(allow("UseTheStackKey", List.of("kms:Decrypt", "kms:GenerateDataKey"),
                    List.of(in.output("kms.key", "arn"))));
            if (!fn.tableActions().isEmpty()) {
                statements.add(allow("UseTheItemsTable",
                        fn.tableActions().stream().sorted().map(action -> "dynamodb:" + action).toList(),
                        List.of(tableArn(in))));
            }
            if (!fn.invokes().isEmpty()) {
                statements.add(allow("InvokeOtherFunctions", List.of("lambda:InvokeFunction"),
                        fn.invokes().stream().sorted().map(target -> functionArn(in, target)).toList()));
            }
            ObjectNode trust = document(withCondition(
                    allowPrincipal("LambdaAssumesRole", "Service", "lambda.amazonaws.com", List.of("sts:AssumeRole"), List.of()),
                    "StringEquals", Map.of("aws:SourceAccount", List.of(in.accountId()))));
            return new IamRoleSpec(roleName, "Execution role of " + name, trust,
                    Map.of(roleName, document(statements.toArray(ObjectNode[]::new))), List.of(), tags(id + ".role", roleName));
        });

        FunctionCode bundle = code.get(function);
        add(id, Kinds.FUNCTION, name, DeletionPolicy.DELETE, List.of(id + ".role", id + ".dlq", id + ".logs", "data.table"),
                in -> new FunctionSpec(name, fn.runtime(), fn.handler(), fn.memoryMb(), fn.timeoutSeconds(),
                        in.output(id + ".role", "arn"), bundle.sha256(), bundle.zip(), environment(function, fn),
                        in.output(id + ".dlq", "arn"), "JSON", groupName, fn.logLevel(), "WARN", tags(id, name)));
    }

    /** What tapctl tells every function, then what the configuration adds. */
    private Map<String, String> environment(String function, TapConfig.FunctionConfig fn) {
        Map<String, String> env = new TreeMap<>(fn.environment());
        env.put("TAP_ENV", config.env());
        env.put("LOG_LEVEL", fn.logLevel());
        env.put("TABLE_NAME", config.prefix() + "-items");
        env.put("PARTITION_KEY", config.table().partitionKey().name());
        env.put("SORT_KEY", config.table().sortKey().name());
        for (String target : fn.invokes()) {
            env.put(target.toUpperCase().replace('-', '_') + "_FUNCTION_NAME", functionName(target));
        }
        if (function.equals(config.api().function())) {
            env.put("ALLOWED_ORIGINS", String.join(",", config.api().cors().allowOrigins()));
        }
        return env;
    }

    private void api() {
        TapConfig.ApiConfig api = config.api();
        String fnId = "fn." + api.function();
        String apiName = config.prefix() + "-api";
        RestApiSpec.Cors cors = new RestApiSpec.Cors(api.cors().allowOrigins(), api.cors().allowMethods(),
                withApiKeyHeader(api.cors().allowHeaders()), api.cors().maxAgeSeconds());
        List<String> paths = List.of("/items", "/items/{id}");
        add("api.rest", Kinds.REST_API, apiName, DeletionPolicy.DELETE, List.of(fnId),
                in -> new RestApiSpec(apiName, "tapctl " + config.prefix() + " items API", "REGIONAL", paths,
                        integrationUri(in, fnId), cors, tags("api.rest", apiName), API_KEY_REQUIRED));

        String accessGroup = "/" + config.project() + "/" + config.env() + "/api-access";
        add("api.logs", Kinds.LOG_GROUP, accessGroup, DeletionPolicy.DELETE, List.of("kms.key"),
                in -> new LogGroupSpec(accessGroup, config.logs().retentionDays(), in.output("kms.key", "arn"),
                        tags("api.logs", accessGroup)));

        // One role and one setting per account and region, shared by every environment: no
        // Environment tag (each environment would rewrite it), and never destroyed.
        String cloudWatchRole = config.project() + "-apigateway-cloudwatch";
        add("api.account.role", Kinds.IAM_ROLE, cloudWatchRole, DeletionPolicy.RETAIN, List.of(), in -> {
            // The trust policy "Set up CloudWatch logging for REST APIs in API Gateway" shows:
            // apigateway.amazonaws.com, sts:AssumeRole, no condition. No AWS page documents an
            // aws:SourceAccount condition for this role, so none is set.
            ObjectNode trust = document(allowPrincipal("ApiGatewayAssumesRole", "Service", "apigateway.amazonaws.com",
                    List.of("sts:AssumeRole"), List.of()));
            // Every action of AmazonAPIGatewayPushToCloudWatchLogs (the permissions that page
            // requires; UpdateAccount refuses a role without them), on the groups API Gateway
            // writes: its execution logs (API-Gateway-Execution-Logs_<api>/<stage>), the
            // /aws/apigateway/welcome group it writes once the role is set, and the stacks' access
            // logs. Every region: the role is one per account (IAM is global), while each region's
            // API Gateway, and each environment in it, logs to its own groups.
            List<String> groups = List.of(anyRegionLogGroupArn(in, "API-Gateway-Execution-Logs_*"),
                    anyRegionLogGroupArn(in, "/aws/apigateway/welcome"),
                    anyRegionLogGroupArn(in, "/" + config.project() + "/*/api-access"));
            List<String> groupsAndStreams = new ArrayList<>(groups);
            groups.forEach(group -> groupsAndStreams.add(group + ":log-stream:*"));
            ObjectNode policy = document(
                    allow("WriteApiGatewayLogs",
                            List.of("logs:CreateLogGroup", "logs:CreateLogStream", "logs:DescribeLogStreams",
                                    "logs:FilterLogEvents", "logs:GetLogEvents", "logs:PutLogEvents"),
                            groupsAndStreams),
                    // DescribeLogGroups authorizes against log-group:* only (Service Authorization
                    // Reference, "Actions, resources, and condition keys for Amazon CloudWatch Logs").
                    allow("FindTheGroups", List.of("logs:DescribeLogGroups"), List.of(anyRegionLogGroupArn(in, "*"))));
            return new IamRoleSpec(cloudWatchRole, "Lets API Gateway write execution and access logs (account-wide)",
                    trust, Map.of(cloudWatchRole, policy), List.of(), accountTags("api.account.role", cloudWatchRole));
        });
        add("api.account", Kinds.API_ACCOUNT, "apigateway-account-" + config.region(), DeletionPolicy.RETAIN,
                List.of("api.account.role"), in -> new ApiAccountSpec(in.output("api.account.role", "arn")));

        String stageName = api.stageName();
        add("api.stage", Kinds.STAGE, apiName + "/" + stageName, DeletionPolicy.DELETE,
                List.of("api.rest", "api.logs", "api.account", fnId),
                in -> new StageSpec(in.output("api.rest", "restApiId"), stageName,
                        Fingerprint.of(paths, integrationUri(in, fnId), cors, API_KEY_REQUIRED),
                        api.throttling().rateLimit(), api.throttling().burstLimit(), in.output("api.logs", "arn"),
                        ACCESS_LOG_FORMAT, tags("api.stage", apiName + "/" + stageName)));

        String planName = apiName + "-plan";
        add("api.usageplan", Kinds.USAGE_PLAN, planName, DeletionPolicy.DELETE, List.of("api.rest", "api.stage"),
                in -> new UsagePlanSpec(planName, in.output("api.rest", "restApiId"), in.output("api.stage", "stageName"),
                        api.throttling().rateLimit(), api.throttling().burstLimit(), api.quota().limit(),
                        api.quota().period(), tags("api.usageplan", planName)));

        apiKeys(planName);

        add("api.permission", Kinds.LAMBDA_PERMISSION, functionName(api.function()) + "/apigateway", DeletionPolicy.DELETE,
                List.of(fnId, "api.rest"),
                in -> new LambdaPermissionSpec(functionName(api.function()), "tapctl-apigateway-invoke", "lambda:InvokeFunction",
                        "apigateway.amazonaws.com", "arn:aws:execute-api:" + in.region() + ":" + in.accountId() + ":"
                        + in.output("api.rest", "restApiId") + "/*/*/*"));
    }

    /**
     * One API key per client in {@code api.apiKeys} ({@code <prefix>-<client>}, value generated by
     * API Gateway and never part of a spec) and its membership of the usage plan: "Usage plans and
     * API keys for REST APIs" applies a plan's throttle and quota only to requests made with a key
     * of the plan, per key.
     */
    private void apiKeys(String planName) {
        for (String client : new java.util.TreeSet<>(config.api().apiKeys())) {
            String keyId = "api.key." + client;
            String keyName = config.prefix() + "-" + client;
            add(keyId, Kinds.API_KEY, keyName, DeletionPolicy.DELETE, List.of(),
                    in -> new ApiKeySpec(keyName, "API key of client " + client + " of " + config.prefix() + "-api",
                            true, tags(keyId, keyName)));
            add("api.usageplan.key." + client, Kinds.USAGE_PLAN_KEY, planName + "/" + keyName, DeletionPolicy.DELETE,
                    List.of("api.usageplan", keyId),
                    in -> new UsagePlanKeySpec(in.output("api.usageplan", "usagePlanId"), in.output(keyId, "apiKeyId"),
                            keyName));
        }
    }

    /** Every method but the CORS preflight (which browsers send without the key) needs an API key. */
    private static final Map<String, Boolean> API_KEY_REQUIRED = Map.of("ANY", true, "OPTIONS", false);
    private static final String API_KEY_HEADER = "x-api-key";

    /** Browsers send x-api-key only if the preflight allows it: added unless configured (in any case). */
    private static List<String> withApiKeyHeader(List<String> headers) {
        if (headers.stream().anyMatch(API_KEY_HEADER::equalsIgnoreCase)) {
            return headers;
        }
        List<String> all = new ArrayList<>(headers);
        all.add(API_KEY_HEADER);
        return List.copyOf(all);
    }

    private static String integrationUri(Inputs in, String fnId) {
        return "arn:aws:apigateway:" + in.region() + ":lambda:path/2015-03-31/functions/" + in.output(fnId, "arn")
                + "/invocations";
    }

    private void compute() {
        TapConfig.ComputeConfig compute = config.compute();
        String roleName = config.prefix() + "-app";
        String secretName = config.project() + "/" + config.env() + "/rds/master";
        add("compute.role", Kinds.IAM_ROLE, roleName, DeletionPolicy.DELETE, List.of("kms.key", "data.dbsecret"), in -> {
            String bucketArn = "arn:aws:s3:::" + config.prefix() + "-" + in.accountId() + "-" + in.region();
            ObjectNode trust = document(allowPrincipal("Ec2AssumesRole", "Service", "ec2.amazonaws.com",
                    List.of("sts:AssumeRole"), List.of()));
            ObjectNode policy = document(
                    allow("UseTheItemsTable", List.of("dynamodb:DeleteItem", "dynamodb:GetItem", "dynamodb:PutItem",
                            "dynamodb:Query", "dynamodb:UpdateItem"), List.of(tableArn(in))),
                    allow("ListTheBucket", List.of("s3:ListBucket"), List.of(bucketArn)),
                    allow("UseTheBucketsObjects", List.of("s3:DeleteObject", "s3:GetObject", "s3:PutObject"),
                            List.of(bucketArn + "/*")),
                    allow("ReadTheDatabaseSecret", List.of("secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"),
                            List.of(in.output("data.dbsecret", "arn"))),
                    allow("UseTheStackKey", List.of("kms:Decrypt", "kms:GenerateDataKey"), List.of(in.output("kms.key", "arn"))));
            return new IamRoleSpec(roleName, "Role of the " + config.prefix() + " application instances", trust,
                    Map.of(roleName, policy), List.of(), tags("compute.role", roleName));
        });
        add("compute.profile", Kinds.INSTANCE_PROFILE, roleName, DeletionPolicy.DELETE, List.of("compute.role"),
                in -> new InstanceProfileSpec(roleName, in.output("compute.role", "name"), tags("compute.profile", roleName)));
        for (int i = 0; i < compute.instanceCount(); i++) {
            String id = "compute.app-" + (i + 1);
            String name = config.prefix() + "-app-" + (i + 1);
            String subnet = "network.subnet.private-" + (i % config.network().azCount() + 1);
            add(id, Kinds.INSTANCE, name, DeletionPolicy.DELETE, List.of("compute.profile", subnet, "network.sg.app", "kms.key"),
                    in -> new InstanceSpec(name, compute.ami(), compute.instanceType(), in.output(subnet, "subnetId"),
                            List.of(in.output("network.sg.app", "groupId")), in.output("compute.profile", "name"), true,
                            compute.volumeSizeGb(), in.output("kms.key", "arn"), tags(id, name)));
        }
    }

    /**
     * The alarm topic, its email subscriptions and an alarm on every place events get lost: each
     * DLQ's first message, each function's errors and throttles, the stage's 5XX answers, the
     * database's free storage and CPU. Each alarm depends on the topic and on what it watches,
     * so destroy removes it before them.
     *
     * <p>The topic is deleted on destroy (DELETE), even though the table and bucket are kept: they
     * have no alarms, and once the functions, API and database are gone nothing is left to alarm
     * about. A kept topic would only keep mailing nobody, and the next apply makes it again.
     */
    private void alarms() {
        TapConfig.AlarmsConfig alarms = config.alarms();
        String topicName = config.prefix() + "-alarms";
        add("alarms.topic", Kinds.TOPIC, topicName, DeletionPolicy.DELETE, List.of("kms.key"),
                in -> new TopicSpec(topicName, "arn:aws:sns:" + in.region() + ":" + in.accountId() + ":" + topicName,
                        in.output("kms.key", "arn"), tags("alarms.topic", topicName)));
        for (int i = 0; i < alarms.email().size(); i++) {
            String address = alarms.email().get(i);
            add("alarms.email." + (i + 1), Kinds.TOPIC_SUBSCRIPTION, address, DeletionPolicy.DELETE, List.of("alarms.topic"),
                    in -> new SubscriptionSpec(in.output("alarms.topic", "arn"), "email", address));
        }

        TapConfig.AlarmThresholds t = alarms.thresholds();
        for (String function : new java.util.TreeSet<>(config.functions().keySet())) {
            String fnId = "fn." + function;
            String name = functionName(function);
            alarm("alarms." + fnId + ".dlq", "fn-" + function + "-dlq-messages", fnId + ".dlq",
                    "Failed events of " + name + " are in its dead-letter queue " + name + "-dlq",
                    "AWS/SQS", "ApproximateNumberOfMessagesVisible", Map.of("QueueName", name + "-dlq"),
                    "Maximum", 0, "GreaterThanThreshold");
            alarm("alarms." + fnId + ".errors", "fn-" + function + "-errors", fnId,
                    "Invocations of " + name + " failed (alarms.thresholds.functionErrors)",
                    "AWS/Lambda", "Errors", Map.of("FunctionName", name), "Sum", t.functionErrors(),
                    "GreaterThanOrEqualToThreshold");
            alarm("alarms." + fnId + ".throttles", "fn-" + function + "-throttles", fnId,
                    "Invocations of " + name + " were throttled (alarms.thresholds.functionThrottles)",
                    "AWS/Lambda", "Throttles", Map.of("FunctionName", name), "Sum", t.functionThrottles(),
                    "GreaterThanOrEqualToThreshold");
        }
        String apiName = config.prefix() + "-api";
        alarm("alarms.api.5xx", "api-5xx", "api.stage",
                "Stage " + config.api().stageName() + " of " + apiName + " answered 5XX (alarms.thresholds.api5xxErrors)",
                "AWS/ApiGateway", "5XXError", Map.of("ApiName", apiName, "Stage", config.api().stageName()), "Sum",
                t.api5xxErrors(), "GreaterThanOrEqualToThreshold");
        String dbName = config.prefix() + "-db";
        alarm("alarms.db.storage", "db-free-storage", "data.db",
                "Free storage of " + dbName + " is below " + t.dbFreeStorageMb() + " MiB (alarms.thresholds.dbFreeStorageMb)",
                "AWS/RDS", "FreeStorageSpace", Map.of("DBInstanceIdentifier", dbName), "Minimum",
                t.dbFreeStorageMb() * 1024.0 * 1024.0, "LessThanThreshold");
        alarm("alarms.db.cpu", "db-cpu", "data.db",
                "CPU of " + dbName + " is above " + t.dbCpuPercent() + " % (alarms.thresholds.dbCpuPercent)",
                "AWS/RDS", "CPUUtilization", Map.of("DBInstanceIdentifier", dbName), "Average", t.dbCpuPercent(),
                "GreaterThanThreshold");
    }

    /**
     * One alarm {@code <prefix>-<what>} on a metric of {@code watched}, one period of
     * alarms.periodSeconds, telling the topic. No data is not breaching: a function nobody calls
     * is not failing, an empty queue publishes no datapoints.
     */
    private void alarm(String id, String what, String watched, String description, String namespace, String metric,
                       Map<String, String> dimensions, String statistic, double threshold, String comparison) {
        String name = config.prefix() + "-" + what;
        add(id, Kinds.ALARM, name, DeletionPolicy.DELETE, List.of("alarms.topic", watched),
                in -> new AlarmSpec(name, description, namespace, metric, dimensions, statistic,
                        config.alarms().periodSeconds(), 1, threshold, comparison, "notBreaching",
                        List.of(in.output("alarms.topic", "arn")), tags(id, name)));
    }

    private static String logGroupArnPattern(Inputs in, String groupName) {
        return "arn:aws:logs:" + in.region() + ":" + in.accountId() + ":log-group:" + groupName;
    }

    private static String anyRegionLogGroupArn(Inputs in, String groupName) {
        return "arn:aws:logs:*:" + in.accountId() + ":log-group:" + groupName;
    }

    /**
     * Tags of an account-wide resource shared by every environment: nothing that differs between
     * environments (Environment, configured tags), or each apply would undo the other's.
     */
    private Map<String, String> accountTags(String logicalId, String name) {
        Map<String, String> tags = new TreeMap<>();
        tags.put(Tags.PROJECT, config.project());
        tags.put(Tags.MANAGED_BY, Tags.MANAGED_BY_VALUE);
        tags.put(Tags.LOGICAL_ID, logicalId);
        tags.put(Tags.NAME, name);
        return tags;
    }

    /** Ownership tags plus the configured ones; the spec hash is added when written. */
    private Map<String, String> tags(String logicalId, String name) {
        Map<String, String> tags = new TreeMap<>(config.tags());
        tags.put(Tags.PROJECT, config.project());
        tags.put(Tags.ENVIRONMENT, config.env());
        tags.put(Tags.MANAGED_BY, Tags.MANAGED_BY_VALUE);
        tags.put(Tags.LOGICAL_ID, logicalId);
        tags.put(Tags.NAME, name);
        return tags;
    }

    private <S> Ref<S> add(String id, Kind<S> kind, String name, DeletionPolicy policy, List<String> dependsOn,
                           Function<Inputs, S> desired) {
        resources.add(new ResourceDef<>(id, kind, name, policy, dependsOn, desired,
                KEPT_FOR_RETAINED_DATA.contains(id)));
        return new Ref<>(id, kind);
    }
}

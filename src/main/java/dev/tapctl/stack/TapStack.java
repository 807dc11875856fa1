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
import dev.tapctl.engine.spi.ResourceDef;
import dev.tapctl.engine.spi.Tags;
import dev.tapctl.stack.spec.BucketSpec;
import dev.tapctl.stack.spec.DbInstanceSpec;
import dev.tapctl.stack.spec.DbSubnetGroupSpec;
import dev.tapctl.stack.spec.FlowLogSpec;
import dev.tapctl.stack.spec.IamRoleSpec;
import dev.tapctl.stack.spec.InternetGatewaySpec;
import dev.tapctl.stack.spec.KmsKeySpec;
import dev.tapctl.stack.spec.LogGroupSpec;
import dev.tapctl.stack.spec.RouteTableSpec;
import dev.tapctl.stack.spec.SecretSpec;
import dev.tapctl.stack.spec.SecurityGroupSpec;
import dev.tapctl.stack.spec.SubnetSpec;
import dev.tapctl.stack.spec.TableSpec;
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

    /** The key encrypts retained tables, buckets and final snapshots; the secret holds the snapshot's password. */
    private static final java.util.Set<String> KEPT_FOR_RETAINED_DATA = java.util.Set.of("kms.key", "data.dbsecret");

    private final TapConfig config;
    private final List<ResourceDef<?>> resources = new ArrayList<>();

    private TapStack(TapConfig config) {
        this.config = config;
    }

    public static List<ResourceDef<?>> resources(TapConfig config) {
        TapStack stack = new TapStack(config);
        stack.keyLayer();
        stack.networkLayer();
        stack.flowLogs();
        stack.dataLayer();
        return List.copyOf(stack.resources);
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
        return document(root, logs);
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
        routeTable("public", publicSubnets, true);
        routeTable("private", privateSubnets, false);

        String appName = config.prefix() + "-app";
        add("network.sg.app", Kinds.SECURITY_GROUP, appName, DeletionPolicy.DELETE, List.of("network.vpc"),
                in -> new SecurityGroupSpec(appName, in.output("network.vpc", "vpcId"),
                        "tapctl " + config.prefix() + " application instances and functions", List.of(),
                        tags("network.sg.app", appName)));
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
        String zone = config.region() + (char) ('a' + az);
        String name = config.prefix() + "-" + tier + "-" + zone.substring(zone.length() - 1);
        add(id, Kinds.SUBNET, name, DeletionPolicy.DELETE, List.of("network.vpc"),
                in -> new SubnetSpec(name, in.output("network.vpc", "vpcId"),
                        Cidrs.subnet(config.network().cidr(), SUBNET_BITS, block), zone, false, tags(id, name)));
        return id;
    }

    private void routeTable(String tier, List<String> subnetIds, boolean toInternet) {
        String id = "network.rt." + tier;
        String name = config.prefix() + "-" + tier + "-rt";
        List<String> deps = new ArrayList<>(List.of("network.vpc"));
        if (toInternet) {
            deps.add("network.igw");
        }
        deps.addAll(subnetIds);
        add(id, Kinds.ROUTE_TABLE, name, DeletionPolicy.DELETE, deps, in -> new RouteTableSpec(
                name,
                in.output("network.vpc", "vpcId"),
                toInternet ? List.of(new RouteTableSpec.Route("0.0.0.0/0", in.output("network.igw", "internetGatewayId")))
                        : List.of(),
                subnetIds.stream().map(subnet -> in.output(subnet, "subnetId")).toList(),
                tags(id, name)));
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

    private static String logGroupArnPattern(Inputs in, String groupName) {
        return "arn:aws:logs:" + in.region() + ":" + in.accountId() + ":log-group:" + groupName;
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

    private <S> void add(String id, String kind, String name, DeletionPolicy policy, List<String> dependsOn,
                         Function<Inputs, S> desired) {
        resources.add(new ResourceDef<>(id, kind, name, policy, dependsOn, desired,
                KEPT_FOR_RETAINED_DATA.contains(id)));
    }
}

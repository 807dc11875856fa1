package dev.tapctl.e2e;

import dev.tapctl.aws.AwsClients;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceNetworkInterface;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.RouteTable;
import software.amazon.awssdk.services.ec2.model.RouteTableAssociation;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.rds.model.DBSubnetGroup;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * What someone does to dev behind tapctl's back, with plain clients (the console, a script): each
 * method one such change, found by the names tapctl gives, for the deployer-policy proof to let
 * apply repair. What a change adds that tapctl does not own (a stray route table, a second
 * instance profile, a managed policy) is removed again by {@link #removeStrays}.
 */
final class OutOfBandChanges {
    private static final String STRAY = "tap-dev-stray";
    private static final String STRAY_TRUST = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"Service\":\"ec2.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";

    private final AwsClients aws;
    private final String account;

    OutOfBandChanges(AwsClients aws, String account) {
        this.aws = aws;
        this.account = account;
    }

    /** A role named {@code name}, trusting {@code service}, made without tags. */
    void roleMadeByHand(String name, String service) {
        aws.iam().createRole(r -> r.roleName(name)
                .assumeRolePolicyDocument(STRAY_TRUST.replace("ec2.amazonaws.com", service)));
    }

    /** {@code alias} made for a key of one's own, made a moment before. */
    void aliasTakenByHand(String alias) {
        String keyId = aws.kms()
                .createKey(r -> r.description("made by hand"))
                .keyMetadata()
                .keyId();
        onceVisible(() -> aws.kms().createAlias(r -> r.aliasName(alias).targetKeyId(keyId)));
    }

    /** The three changes of the first proof: a log group's retention, a queue's, a function's memory. */
    void settingsChanged() {
        aws.logs().putRetentionPolicy(r -> r.logGroupName("/tap/dev/vpc-flow-logs")
                .retentionInDays(30));
        String dlq = aws.sqs().getQueueUrl(r -> r.queueName("tap-dev-api-dlq")).queueUrl();
        aws.sqs().setQueueAttributes(r -> r.queueUrl(dlq)
                .attributes(Map.of(QueueAttributeName.MESSAGE_RETENTION_PERIOD, "60")));
        aws.lambda().updateFunctionConfiguration(r -> r.functionName("tap-dev-worker")
                .memorySize(1024));
    }

    /**
     * The network: a route added to the public table, the private table's default route sent to
     * the internet gateway, a private subnet moved to a stray table, a subnet mapping public IPs,
     * an ingress rule added to the application group, the S3 endpoint's policy narrowed.
     */
    void networkChanged() {
        String igw = aws.ec2()
                .describeInternetGateways(r -> r.filters(name("tap-dev-igw")))
                .internetGateways()
                .get(0)
                .internetGatewayId();
        RouteTable publicTable = routeTable("tap-dev-public-rt");
        aws.ec2().createRoute(r -> r.routeTableId(publicTable.routeTableId())
                .destinationCidrBlock("192.168.0.0/16")
                .gatewayId(igw));
        RouteTable privateTable = routeTable("tap-dev-private-rt");
        aws.ec2().replaceRoute(r -> r.routeTableId(privateTable.routeTableId())
                .destinationCidrBlock("0.0.0.0/0")
                .gatewayId(igw));

        String stray = aws.ec2()
                .createRouteTable(r -> r.vpcId(privateTable.vpcId())
                        .tagSpecifications(t -> t.resourceType(ResourceType.ROUTE_TABLE)
                                .tags(tag -> tag.key("Name").value(STRAY))))
                .routeTable()
                .routeTableId();
        RouteTableAssociation moved = privateTable.associations().stream()
                .filter(a -> a.subnetId() != null)
                .findFirst()
                .orElseThrow();
        onceVisible(() -> aws.ec2().replaceRouteTableAssociation(r -> r.associationId(moved.routeTableAssociationId())
                .routeTableId(stray)));

        aws.ec2()
                .modifySubnetAttribute(r ->
                        r.subnetId(subnet("tap-dev-private-a").subnetId()).mapPublicIpOnLaunch(b -> b.value(true)));

        aws.ec2().authorizeSecurityGroupIngress(r -> r.groupId(groupId("tap-dev-app"))
                .ipPermissions(p -> p.ipProtocol("tcp").fromPort(22).toPort(22).ipRanges(i -> i.cidrIp("10.0.0.0/8"))));

        String endpoint = aws.ec2()
                .describeVpcEndpoints(r -> r.filters(name("tap-dev-s3")))
                .vpcEndpoints()
                .get(0)
                .vpcEndpointId();
        aws.ec2().modifyVpcEndpoint(r -> r.vpcEndpointId(endpoint)
                .policyDocument("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                        + "\"Principal\":\"*\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}"));
    }

    /**
     * The instance: IMDSv2 made optional, its interface kept on termination, a second group added,
     * its instance profile taken away.
     */
    void instanceChanged() {
        Instance instance = instance();
        String id = instance.instanceId();
        aws.ec2().modifyInstanceMetadataOptions(r -> r.instanceId(id).httpTokens("optional"));
        InstanceNetworkInterface nic = instance.networkInterfaces().stream()
                .filter(n -> n.attachment().deviceIndex() == 0)
                .findFirst()
                .orElseThrow();
        aws.ec2().modifyNetworkInterfaceAttribute(r -> r.networkInterfaceId(nic.networkInterfaceId())
                .attachment(a -> a.attachmentId(nic.attachment().attachmentId()).deleteOnTermination(false)));
        aws.ec2().modifyInstanceAttribute(r -> r.instanceId(id).groups(groupId("tap-dev-app"), groupId("tap-dev-db")));
        String association = aws.ec2()
                .describeIamInstanceProfileAssociations(r -> r.filters(filter("instance-id", id)))
                .iamInstanceProfileAssociations()
                .get(0)
                .associationId();
        aws.ec2().disassociateIamInstanceProfile(r -> r.associationId(association));
    }

    /** The instance given another (stray) instance profile than the stack's. */
    void instanceProfileReplaced() {
        aws.iam().createRole(r -> r.roleName(STRAY).assumeRolePolicyDocument(STRAY_TRUST));
        aws.iam().createInstanceProfile(r -> r.instanceProfileName(STRAY));
        aws.iam().addRoleToInstanceProfile(r -> r.instanceProfileName(STRAY).roleName(STRAY));
        String id = instance().instanceId();
        String association = aws.ec2()
                .describeIamInstanceProfileAssociations(
                        r -> r.filters(filter("instance-id", id), filter("state", "associated")))
                .iamInstanceProfileAssociations()
                .get(0)
                .associationId();
        onceVisible(() -> aws.ec2().replaceIamInstanceProfileAssociation(r -> r.associationId(association)
                .iamInstanceProfile(p -> p.name(STRAY))));
    }

    /**
     * The application role: another trust policy, another description, a managed policy attached;
     * the worker function's code replaced.
     */
    void identityAndCodeChanged() {
        aws.iam().updateAssumeRolePolicy(r -> r.roleName("tap-dev-app")
                .policyDocument(STRAY_TRUST.replace("ec2.amazonaws.com", "lambda.amazonaws.com")));
        aws.iam().updateRole(r -> r.roleName("tap-dev-app").description("changed by hand"));
        String policy = aws.iam()
                .createPolicy(r -> r.policyName(STRAY)
                        .policyDocument("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                                + "\"Action\":\"s3:ListAllMyBuckets\",\"Resource\":\"*\"}]}"))
                .policy()
                .arn();
        aws.iam().attachRolePolicy(r -> r.roleName("tap-dev-app").policyArn(policy));
        aws.lambda().updateFunctionCode(r -> r.functionName("tap-dev-worker").zipFile(zip("handler.py", "x = 1\n")));
    }

    /**
     * The stack key: another policy and description, then its deletion scheduled (the alias still
     * names it); the secret: another description, then its deletion scheduled.
     */
    void keyAndSecretChanged() {
        String keyId = aws.kms()
                .describeKey(r -> r.keyId("alias/tap-dev"))
                .keyMetadata()
                .keyId();
        aws.kms().putKeyPolicy(r -> r.keyId(keyId)
                .policyName("default")
                .policy("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"Root\",\"Effect\":\"Allow\","
                        + "\"Principal\":{\"AWS\":\"arn:aws:iam::" + account + ":root\"},\"Action\":\"kms:*\","
                        + "\"Resource\":\"*\"}]}"));
        aws.kms().updateKeyDescription(r -> r.keyId(keyId).description("changed by hand"));
        aws.kms().scheduleKeyDeletion(r -> r.keyId(keyId).pendingWindowInDays(7));

        aws.secrets().updateSecret(r -> r.secretId("tap/dev/rds/master").description("changed by hand"));
        aws.secrets().deleteSecret(r -> r.secretId("tap/dev/rds/master").recoveryWindowInDays(7L));
    }

    /**
     * The data and alarm tier: the database's backup retention and its subnet group's
     * description, the table's deletion protection, a function log group's key, the alarm topic's
     * key.
     */
    void dataChanged() {
        aws.rds().modifyDBInstance(r -> r.dbInstanceIdentifier("tap-dev-db")
                .backupRetentionPeriod(3)
                .applyImmediately(true));
        DBSubnetGroup group = aws.rds()
                .describeDBSubnetGroups(r -> r.dbSubnetGroupName("tap-dev-db"))
                .dbSubnetGroups()
                .get(0);
        aws.rds().modifyDBSubnetGroup(r -> r.dbSubnetGroupName("tap-dev-db")
                .dbSubnetGroupDescription("changed by hand")
                .subnetIds(
                        group.subnets().stream().map(s -> s.subnetIdentifier()).toList()));
        aws.dynamodb().updateTable(r -> r.tableName("tap-dev-items").deletionProtectionEnabled(true));
        aws.logs().disassociateKmsKey(r -> r.logGroupName("/aws/lambda/tap-dev-api"));
        String topic = "arn:aws:sns:" + aws.region() + ":" + account + ":tap-dev-alarms";
        aws.sns()
                .setTopicAttributes(
                        r -> r.topicArn(topic).attributeName("KmsMasterKeyId").attributeValue(""));
    }

    /** Removes what the changes made that tapctl neither owns nor deletes, so that destroy can finish. */
    void removeStrays() {
        aws.ec2().describeRouteTables(r -> r.filters(name(STRAY))).routeTables().forEach(t -> aws.ec2()
                .deleteRouteTable(r -> r.routeTableId(t.routeTableId())));
        if (!aws.iam().listInstanceProfiles().instanceProfiles().stream()
                .filter(p -> p.instanceProfileName().equals(STRAY))
                .toList()
                .isEmpty()) {
            aws.iam().removeRoleFromInstanceProfile(r -> r.instanceProfileName(STRAY)
                    .roleName(STRAY));
            aws.iam().deleteInstanceProfile(r -> r.instanceProfileName(STRAY));
            aws.iam().deleteRole(r -> r.roleName(STRAY));
        }
        aws.iam().listPolicies(r -> r.scope("Local")).policies().stream()
                .filter(p -> p.policyName().equals(STRAY))
                .forEach(p -> aws.iam().deletePolicy(r -> r.policyArn(p.arn())));
    }

    /**
     * A call on something made a moment ago, retried as its maker would while AWS answers that it
     * does not exist yet (EC2's eventual consistency, IAM's propagation to EC2).
     */
    private static void onceVisible(Runnable call) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                call.run();
                return;
            } catch (AwsServiceException e) {
                String code = String.valueOf(e.awsErrorDetails().errorCode());
                boolean notYet = code.contains("NotFound") || code.equals("InvalidParameterValue");
                if (!notYet || System.nanoTime() > deadline) {
                    throw e;
                }
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private Instance instance() {
        return aws.ec2()
                .describeInstances(r -> r.filters(name("tap-dev-app-1"), filter("instance-state-name", "running")))
                .reservations()
                .get(0)
                .instances()
                .get(0);
    }

    private RouteTable routeTable(String name) {
        return aws.ec2()
                .describeRouteTables(r -> r.filters(name(name)))
                .routeTables()
                .get(0);
    }

    private Subnet subnet(String name) {
        return aws.ec2().describeSubnets(r -> r.filters(name(name))).subnets().get(0);
    }

    private String groupId(String name) {
        return aws.ec2()
                .describeSecurityGroups(r -> r.filters(filter("group-name", name)))
                .securityGroups()
                .get(0)
                .groupId();
    }

    private static Filter name(String name) {
        return filter("tag:Name", name);
    }

    private static Filter filter(String name, String value) {
        return Filter.builder().name(name).values(List.of(value)).build();
    }

    private static SdkBytes zip(String entry, String content) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry(entry));
            zip.write(content.getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return SdkBytes.fromByteArray(bytes.toByteArray());
    }
}

package dev.tapctl.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tapctl.aws.AwsClients;
import dev.tapctl.aws.AwsSettings;
import dev.tapctl.resources.DeployerActions;
import dev.tapctl.testing.CallLog;
import dev.tapctl.testing.CliRun;
import dev.tapctl.testing.Emulator;
import dev.tapctl.testing.EmulatorExtension;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The proof of {@code tapctl deployer-policy}: a full life of dev (plan, apply, drift repaired by
 * apply, destroy, and a last destroy once the retained data is gone) against the emulator calls no
 * action outside the printed policy, and every action of the policy is used by some call, or is
 * in {@link #NOT_REACHED} with the path that needs it.
 */
@ExtendWith(EmulatorExtension.class)
class DeployerPolicyProofTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Granted, but on paths this life of dev does not take; each names the path, and the AWS page
     * (Service Authorization Reference, the service's API reference) that makes it the action needed.
     */
    static final Map<String, String> NOT_REACHED = Map.ofEntries(
            Map.entry(
                    "dynamodb:DeleteTable",
                    "an orphan table or a replaced one (dev's table is retained); DynamoDB API Reference: DeleteTable"),
            Map.entry(
                    "dynamodb:UpdateTable",
                    "drift of the table's deletion protection or billing; DynamoDB API Reference: UpdateTable"),
            Map.entry(
                    "ec2:AssociateIamInstanceProfile",
                    "drift: an instance's profile removed; EC2 API Reference: AssociateIamInstanceProfile"),
            Map.entry(
                    "ec2:DeleteRoute",
                    "drift: a route added outside tapctl, or natGateways lowered to 0; EC2 API Reference: DeleteRoute"),
            Map.entry(
                    "ec2:DescribeIamInstanceProfileAssociations",
                    "repair of an instance's profile (InstanceChanges); EC2 API Reference: DescribeIamInstanceProfileAssociations"),
            Map.entry(
                    "ec2:DescribeImages",
                    "compute.ami given as an ami-... id (dev resolves it through SSM); EC2 API Reference: DescribeImages"),
            Map.entry(
                    "ec2:DisassociateIamInstanceProfile",
                    "drift: an instance given another profile; EC2 API Reference: DisassociateIamInstanceProfile"),
            Map.entry(
                    "ec2:ModifyInstanceAttribute",
                    "drift or a config change of an instance's type or groups; EC2 API Reference: ModifyInstanceAttribute"),
            Map.entry(
                    "ec2:ModifyInstanceMetadataOptions",
                    "drift: IMDSv2 turned off; EC2 API Reference: ModifyInstanceMetadataOptions"),
            Map.entry(
                    "ec2:ModifyNetworkInterfaceAttribute",
                    "drift: DeleteOnTermination of an interface turned off; EC2 API Reference: ModifyNetworkInterfaceAttribute"),
            Map.entry(
                    "ec2:ModifySubnetAttribute",
                    "drift of a subnet's public-IP mapping; EC2 API Reference: ModifySubnetAttribute"),
            Map.entry(
                    "ec2:ModifyVpcEndpoint",
                    "drift of an endpoint's policy, route tables or subnets; EC2 API Reference: ModifyVpcEndpoint"),
            Map.entry(
                    "ec2:ReplaceIamInstanceProfileAssociation",
                    "drift: an instance given another profile; EC2 API Reference: ReplaceIamInstanceProfileAssociation"),
            Map.entry("ec2:ReplaceRoute", "drift of the default route's target; EC2 API Reference: ReplaceRoute"),
            Map.entry(
                    "ec2:ReplaceRouteTableAssociation",
                    "drift: a subnet moved to another route table; EC2 API Reference: ReplaceRouteTableAssociation"),
            Map.entry(
                    "ec2:RevokeSecurityGroupIngress",
                    "drift: ingress added outside tapctl; EC2 API Reference: RevokeSecurityGroupIngress"),
            Map.entry(
                    "ec2:StartInstances",
                    "a change of instance type (stop, modify, start); EC2 API Reference: StartInstances"),
            Map.entry(
                    "ec2:StopInstances",
                    "a change of instance type (stop, modify, start); EC2 API Reference: StopInstances"),
            Map.entry(
                    "iam:AttachRolePolicy",
                    "drift: a managed policy detached from a role that names one; IAM API Reference: AttachRolePolicy"),
            Map.entry(
                    "iam:DetachRolePolicy",
                    "drift: a managed policy attached outside tapctl; IAM API Reference: DetachRolePolicy"),
            Map.entry(
                    "iam:ListRoleTags",
                    "a role read outside a plan's shared listing (IamRoleReads); IAM API Reference: ListRoleTags"),
            Map.entry(
                    "iam:UpdateAssumeRolePolicy",
                    "drift of a role's trust policy; IAM API Reference: UpdateAssumeRolePolicy"),
            Map.entry(
                    "iam:UpdateRole",
                    "drift of a role's description or session duration; IAM API Reference: UpdateRole"),
            Map.entry(
                    "kms:CancelKeyDeletion",
                    "apply after a destroy scheduled the key's deletion; KMS API Reference: CancelKeyDeletion"),
            Map.entry("kms:DisableKeyRotation", "rotation turned off in config; KMS API Reference: DisableKeyRotation"),
            Map.entry(
                    "kms:EnableKey",
                    "apply after a destroy scheduled the key's deletion (a cancelled key is disabled); KMS API Reference: CancelKeyDeletion"),
            Map.entry("kms:PutKeyPolicy", "drift of the key policy; KMS API Reference: PutKeyPolicy"),
            Map.entry("kms:UpdateAlias", "drift: the alias moved to another key; KMS API Reference: UpdateAlias"),
            Map.entry(
                    "kms:UpdateKeyDescription",
                    "drift of the key's description; KMS API Reference: UpdateKeyDescription"),
            Map.entry(
                    "lambda:UpdateFunctionCode", "a function's code changed; Lambda API Reference: UpdateFunctionCode"),
            Map.entry(
                    "logs:AssociateKmsKey",
                    "drift: a log group's key removed; CloudWatch Logs API Reference: AssociateKmsKey"),
            Map.entry(
                    "logs:DisassociateKmsKey",
                    "a log group under another key (replaced key); CloudWatch Logs API Reference: DisassociateKmsKey"),
            Map.entry(
                    "rds:ModifyDBInstance",
                    "drift or a config change of the database, and lifting deletion protection before a delete (prod); RDS API Reference: ModifyDBInstance"),
            Map.entry(
                    "rds:ModifyDBSubnetGroup",
                    "drift of the subnet group's subnets; RDS API Reference: ModifyDBSubnetGroup"),
            Map.entry(
                    "s3:DeleteBucket",
                    "an orphan or replaced bucket (dev's bucket is retained); Amazon S3 API operations and their permissions: DeleteBucket"),
            Map.entry(
                    "s3:DeleteBucketPolicy",
                    "a bucket policy to be removed; Amazon S3 API operations and their permissions: DeleteBucketPolicy"),
            Map.entry(
                    "secretsmanager:RestoreSecret",
                    "apply after a destroy scheduled the secret's deletion; Secrets Manager API Reference: RestoreSecret"),
            Map.entry(
                    "secretsmanager:UpdateSecret",
                    "drift of the secret's key or description; Secrets Manager API Reference: UpdateSecret"),
            Map.entry(
                    "sns:GetSubscriptionAttributes",
                    "alarms.email set (dev has no subscription); SNS API Reference: GetSubscriptionAttributes"),
            Map.entry(
                    "sns:SetTopicAttributes",
                    "drift of the topic's key or policy; SNS API Reference: SetTopicAttributes"),
            Map.entry("sns:Subscribe", "alarms.email set (dev has no subscription); SNS API Reference: Subscribe"),
            Map.entry("sns:Unsubscribe", "an address removed from alarms.email; SNS API Reference: Unsubscribe"));

    @Test
    void aFullLifeOfDevUsesExactlyThePrintedPolicy(Emulator emulator) throws Exception {
        CallLog log = new CallLog();
        CliRun tapctl = CliRun.against(emulator, log);

        CliRun.Result printed = tapctl.run("deployer-policy", "--env", "dev");
        assertThat(printed.exitCode()).as(printed.all()).isZero();
        assertThat(log.calls()).extracting(CallLog.Call::toString).containsExactly("Sts:GetCallerIdentity");
        SortedSet<String> granted = actions(JSON.readTree(printed.out()));

        assertThat(tapctl.run("plan", "--env", "dev").exitCode()).isZero();
        CliRun.Result apply = tapctl.run("apply", "--env", "dev", "--auto-approve");
        assertThat(apply.exitCode()).as(apply.all()).isZero();

        try (AwsClients aws = new AwsClients(AwsSettings.defaults(emulator.region(), null, emulator.endpoint()))) {
            aws.logs().putRetentionPolicy(r -> r.logGroupName("/tap/dev/vpc-flow-logs")
                    .retentionInDays(30));
            String dlq =
                    aws.sqs().getQueueUrl(r -> r.queueName("tap-dev-api-dlq")).queueUrl();
            aws.sqs().setQueueAttributes(r -> r.queueUrl(dlq)
                    .attributes(Map.of(QueueAttributeName.MESSAGE_RETENTION_PERIOD, "60")));
            aws.lambda().updateFunctionConfiguration(r -> r.functionName("tap-dev-worker")
                    .memorySize(1024));
            CliRun.Result drift = tapctl.run("plan", "--env", "dev", "--detailed-exitcode");
            assertThat(drift.exitCode()).as(drift.all()).isEqualTo(2);
            assertThat(drift.out()).contains("network.flowlogs.group", "fn.api.dlq", "fn.worker");
            CliRun.Result repair = tapctl.run("apply", "--env", "dev", "--auto-approve");
            assertThat(repair.exitCode()).as(repair.all()).isZero();
            assertThat(tapctl.run("plan", "--env", "dev", "--detailed-exitcode").exitCode())
                    .isZero();

            CliRun.Result destroy = tapctl.run("destroy", "--env", "dev", "--confirm", "dev");
            assertThat(destroy.exitCode()).as(destroy.all()).isZero();

            // With the retained data gone too, a last destroy lets the key and the secret go.
            aws.dynamodb().updateTable(r -> r.tableName("tap-dev-items").deletionProtectionEnabled(false));
            aws.dynamodb().deleteTable(r -> r.tableName("tap-dev-items"));
            String bucket = "tap-dev-" + emulator.accountId() + "-" + emulator.region();
            aws.s3().deleteBucket(r -> r.bucket(bucket));
            aws.rds()
                    .describeDBSnapshots(r -> r.dbInstanceIdentifier("tap-dev-db"))
                    .dbSnapshots()
                    .forEach(s -> aws.rds().deleteDBSnapshot(r -> r.dbSnapshotIdentifier(s.dbSnapshotIdentifier())));
        }
        CliRun.Result last = tapctl.run("destroy", "--env", "dev", "--confirm", "dev");
        assertThat(last.exitCode()).as(last.all()).isZero();

        Set<CallLog.Call> calls = Set.copyOf(log.calls());
        SortedSet<String> called =
                calls.stream().map(IamActionNames::action).collect(Collectors.toCollection(TreeSet::new));
        assertThat(called).as("every call's action is in the printed policy").isSubsetOf(granted);

        Set<String> operations = calls.stream().map(IamActionNames::operation).collect(Collectors.toSet());
        SortedSet<String> used = new TreeSet<>(called);
        DeployerActions.implied().stream()
                .filter(implied -> implied.whenCalling().stream().anyMatch(operations::contains))
                .forEach(implied -> used.add(implied.action()));
        SortedSet<String> unused = new TreeSet<>(granted);
        unused.removeAll(used);
        assertThat(unused)
                .as("no dead grants: every granted action was used, or is listed as on a path not reached")
                .containsExactlyInAnyOrderElementsOf(NOT_REACHED.keySet());
    }

    private static SortedSet<String> actions(JsonNode policy) {
        return StreamSupport.stream(policy.path("Statement").spliterator(), false)
                .flatMap(s -> StreamSupport.stream(s.path("Action").spliterator(), false))
                .map(JsonNode::asText)
                .collect(Collectors.toCollection(TreeSet::new));
    }
}

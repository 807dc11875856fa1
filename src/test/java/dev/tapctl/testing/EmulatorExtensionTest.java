package dev.tapctl.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.AvailabilityZone;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.UserIdGroupPair;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.kms.KmsClient;

/** The emulator harness itself: reset between tests, and each patch in scripts/emulation/patches/. */
@ExtendWith(EmulatorExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EmulatorExtensionTest {

    private static final String RESET_PROBE = "/tapctl/reset-probe";

    private final PlainClients clients = new PlainClients();
    private Emulator emulator;
    private CloudWatchLogsClient logs;
    private KmsClient kms;
    private Ec2Client ec2;
    private IamClient iam;

    @BeforeEach
    void clients(Emulator emulator) {
        this.emulator = emulator;
        logs = clients.build(CloudWatchLogsClient.builder(), emulator);
        kms = clients.build(KmsClient.builder(), emulator);
        ec2 = clients.build(Ec2Client.builder(), emulator);
        iam = clients.build(IamClient.builder(), emulator);
    }

    @AfterEach
    void closeClients() throws Exception {
        clients.close();
    }

    // ---- the harness ------------------------------------------------------------------------

    @Test
    @Order(1)
    void emulatorIsOnLoopbackWithMotoDefaults() {
        assertThat(emulator.endpoint().getScheme()).isEqualTo("http");
        assertThat(emulator.endpoint().getHost()).isEqualTo("127.0.0.1");
        assertThat(emulator.region()).isEqualTo("us-east-1");
        assertThat(emulator.accountId()).isEqualTo("123456789012");
    }

    @Test
    @Order(2)
    void leavesALogGroupBehind() {
        logs.createLogGroup(r -> r.logGroupName(RESET_PROBE));
        assertThat(logGroupNames()).contains(RESET_PROBE);
    }

    @Test
    @Order(3)
    void theNextTestStartsFromAnEmptyEmulator() {
        assertThat(logGroupNames()).doesNotContain(RESET_PROBE);
    }

    @Test
    void resetWipesEverything() {
        logs.createLogGroup(r -> r.logGroupName("/tapctl/wiped"));
        emulator.reset();
        assertThat(logGroupNames()).isEmpty();
    }

    // ---- patches: CloudWatch Logs -----------------------------------------------------------

    @Test
    void retentionAcceptsOnlyTheDocumentedValues() {
        logs.createLogGroup(r -> r.logGroupName("/g"));

        assertThat(errorCode(
                        () -> logs.putRetentionPolicy(r -> r.logGroupName("/g").retentionInDays(2))))
                .isEqualTo("InvalidParameterException");
        assertThat(errorCode(
                        () -> logs.putRetentionPolicy(r -> r.logGroupName("/g").retentionInDays(401))))
                .isEqualTo("InvalidParameterException");

        logs.putRetentionPolicy(r -> r.logGroupName("/g").retentionInDays(400));
        assertThat(logGroup("/g").retentionInDays()).isEqualTo(400);
    }

    @Test
    void logGroupKmsKeyMustAllowTheLogsServicePrincipal() {
        String withoutLogs = kms.createKey(r -> r.description("default policy"))
                .keyMetadata()
                .arn();
        String withLogs = kms.createKey(r -> r.policy(keyPolicyAllowingLogs()))
                .keyMetadata()
                .arn();
        String missing = "arn:aws:kms:us-east-1:123456789012:key/00000000-0000-0000-0000-000000000000";

        AwsServiceException refused =
                error(() -> logs.createLogGroup(r -> r.logGroupName("/a").kmsKeyId(withoutLogs)));
        assertThat(refused.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
        assertThat(refused.awsErrorDetails().errorMessage())
                .isEqualTo("The specified KMS key does not exist or is not allowed to be used with Arn "
                        + "'arn:aws:logs:us-east-1:123456789012:log-group:/a'");
        assertThat(errorCode(() -> logs.createLogGroup(r -> r.logGroupName("/a").kmsKeyId(missing))))
                .isEqualTo("AccessDeniedException");
        assertThat(logGroupNames()).doesNotContain("/a");

        logs.createLogGroup(r -> r.logGroupName("/a").kmsKeyId(withLogs));
        assertThat(logGroup("/a").kmsKeyId()).isEqualTo(withLogs);
    }

    @Test
    void associateAndDisassociateKmsKey() {
        String withoutLogs = kms.createKey(r -> r.description("default policy"))
                .keyMetadata()
                .arn();
        String withLogs = kms.createKey(r -> r.policy(keyPolicyAllowingLogs()))
                .keyMetadata()
                .arn();
        logs.createLogGroup(r -> r.logGroupName("/b"));

        assertThat(errorCode(
                        () -> logs.associateKmsKey(r -> r.logGroupName("/b").kmsKeyId(withoutLogs))))
                .isEqualTo("AccessDeniedException");
        assertThat(errorCode(() ->
                        logs.associateKmsKey(r -> r.logGroupName("/missing").kmsKeyId(withLogs))))
                .isEqualTo("ResourceNotFoundException");

        logs.associateKmsKey(r -> r.logGroupName("/b").kmsKeyId(withLogs));
        assertThat(logGroup("/b").kmsKeyId()).isEqualTo(withLogs);
        logs.disassociateKmsKey(r -> r.logGroupName("/b"));
        assertThat(logGroup("/b").kmsKeyId()).isNull();
    }

    @Test
    void logGroupTagsDieWithTheGroup() {
        String arn = "arn:aws:logs:us-east-1:123456789012:log-group:/c";
        logs.createLogGroup(r -> r.logGroupName("/c").tags(Map.of("old", "1")));
        assertThat(logs.listTagsForResource(r -> r.resourceArn(arn)).tags()).containsEntry("old", "1");

        logs.deleteLogGroup(r -> r.logGroupName("/c"));
        assertThat(errorCode(() -> logs.listTagsForResource(r -> r.resourceArn(arn))))
                .isEqualTo("ResourceNotFoundException");
        assertThat(errorCode(() -> logs.tagResource(r -> r.resourceArn(arn).tags(Map.of("x", "y")))))
                .isEqualTo("ResourceNotFoundException");

        logs.createLogGroup(r -> r.logGroupName("/c"));
        assertThat(logs.listTagsForResource(r -> r.resourceArn(arn)).tags()).isEmpty();
    }

    // ---- patches: EC2 -----------------------------------------------------------------------

    @Test
    void groupRuleIsRevokedWithoutItsDescription() {
        String vpc = ec2.createVpc(r -> r.cidrBlock("10.0.0.0/16")).vpc().vpcId();
        String web = ec2.createSecurityGroup(
                        r -> r.groupName("web").description("web").vpcId(vpc))
                .groupId();
        String db = ec2.createSecurityGroup(
                        r -> r.groupName("db").description("db").vpcId(vpc))
                .groupId();
        ec2.authorizeSecurityGroupIngress(r -> r.groupId(db).ipPermissions(postgresFrom(web, "from web")));

        assertThat(errorCode(() -> ec2.authorizeSecurityGroupIngress(
                        r -> r.groupId(db).ipPermissions(postgresFrom(web, "another description")))))
                .isEqualTo("InvalidPermission.Duplicate");

        ec2.revokeSecurityGroupIngress(r -> r.groupId(db).ipPermissions(postgresFrom(web, null)));
        assertThat(ec2.describeSecurityGroups(r -> r.groupIds(db))
                        .securityGroups()
                        .get(0)
                        .ipPermissions())
                .isEmpty();
    }

    @Test
    void referencedSecurityGroupCannotBeDeleted() {
        String vpc = ec2.createVpc(r -> r.cidrBlock("10.0.0.0/16")).vpc().vpcId();
        String web = ec2.createSecurityGroup(
                        r -> r.groupName("web").description("web").vpcId(vpc))
                .groupId();
        String db = ec2.createSecurityGroup(
                        r -> r.groupName("db").description("db").vpcId(vpc))
                .groupId();
        ec2.authorizeSecurityGroupIngress(r -> r.groupId(db).ipPermissions(postgresFrom(web, null)));

        AwsServiceException refused = error(() -> ec2.deleteSecurityGroup(r -> r.groupId(web)));
        assertThat(refused.awsErrorDetails().errorCode()).isEqualTo("DependencyViolation");
        assertThat(refused.awsErrorDetails().errorMessage()).isEqualTo("resource " + web + " has a dependent object");

        ec2.deleteSecurityGroup(r -> r.groupId(db));
        assertThatCode(() -> ec2.deleteSecurityGroup(r -> r.groupId(web))).doesNotThrowAnyException();
    }

    @Test
    void availabilityZonesSayTheyNeedNoOptInAndTheOptInFilterIsHonoured() {
        List<AvailabilityZone> zones = ec2.describeAvailabilityZones(r -> r.filters(Filter.builder()
                        .name("opt-in-status")
                        .values("opt-in-not-required", "opted-in")
                        .build()))
                .availabilityZones();
        assertThat(zones)
                .extracting(AvailabilityZone::zoneName)
                .containsExactlyInAnyOrder(
                        "us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d", "us-east-1e", "us-east-1f");
        assertThat(zones).allSatisfy(zone -> {
            assertThat(zone.optInStatusAsString()).isEqualTo("opt-in-not-required");
            assertThat(zone.zoneType()).isEqualTo("availability-zone");
        });

        assertThat(ec2.describeAvailabilityZones(r -> r.filters(Filter.builder()
                                .name("opt-in-status")
                                .values("opted-in")
                                .build()))
                        .availabilityZones())
                .isEmpty();
    }

    @Test
    void aSubnetGoesOnlyToAZoneOfItsRegion() {
        String vpc = ec2.createVpc(r -> r.cidrBlock("10.0.0.0/16")).vpc().vpcId();

        AwsServiceException otherRegion = error(() ->
                ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock("10.0.0.0/24").availabilityZone("ap-northeast-1a")));
        assertThat(otherRegion.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue");
        assertThat(otherRegion.awsErrorDetails().errorMessage())
                .isEqualTo("Value (ap-northeast-1a) for parameter "
                        + "availabilityZone is invalid. Subnets can currently only be created in the following availability zones: "
                        + "us-east-1a, us-east-1b, us-east-1c, us-east-1d, us-east-1e, us-east-1f.");
        assertThat(errorCode(() -> ec2.createSubnet(
                        r -> r.vpcId(vpc).cidrBlock("10.0.0.0/24").availabilityZoneId("apne1-az4"))))
                .isEqualTo("InvalidParameterValue");

        assertThat(ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock("10.0.0.0/24").availabilityZone("us-east-1f"))
                        .subnet()
                        .availabilityZone())
                .isEqualTo("us-east-1f");
    }

    // ---- patches: IAM -----------------------------------------------------------------------

    @Test
    void createRoleValidatesTheTrustPolicy() {
        assertThat(errorCode(() -> iam.createRole(r -> r.roleName("bad").assumeRolePolicyDocument("{not json"))))
                .isEqualTo("MalformedPolicyDocument");

        String trust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Principal\":{\"Service\":\"vpc-flow-logs.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";
        iam.createRole(r -> r.roleName("good").assumeRolePolicyDocument(trust));
        // Not a patch: like AWS, moto hands documents back URL-encoded (DESIGN.md section 6).
        String returned = iam.getRole(r -> r.roleName("good")).role().assumeRolePolicyDocument();
        assertThat(returned).startsWith("%7B%22Version%22");
        assertThat(URLDecoder.decode(returned, StandardCharsets.UTF_8)).isEqualTo(trust);
    }

    // ---- patches: KMS -----------------------------------------------------------------------

    @Test
    void keyPolicyNameDefaultsToDefault() {
        String policy = keyPolicyAllowingLogs();
        String key = kms.createKey(r -> r.policy(policy)).keyMetadata().keyId();
        assertThat(kms.getKeyPolicy(r -> r.keyId(key)).policy()).isEqualTo(policy);
        kms.putKeyPolicy(r -> r.keyId(key).policy(policy));
    }

    @Test
    void keyPolicyMustBeJson() {
        assertThat(errorCode(() -> kms.createKey(r -> r.policy("{not json"))))
                .isEqualTo("MalformedPolicyDocumentException");
        String key = kms.createKey(r -> r.description("k")).keyMetadata().keyId();
        assertThat(errorCode(() ->
                        kms.putKeyPolicy(r -> r.keyId(key).policyName("default").policy("nope"))))
                .isEqualTo("MalformedPolicyDocumentException");
    }

    @Test
    void scheduleKeyDeletionChecksWindowAndState() {
        String key = kms.createKey(r -> r.description("k")).keyMetadata().keyId();

        assertThat(errorCode(() -> kms.scheduleKeyDeletion(r -> r.keyId(key).pendingWindowInDays(3))))
                .isEqualTo("ValidationException");
        assertThat(kms.describeKey(r -> r.keyId(key)).keyMetadata().keyStateAsString())
                .isEqualTo("Enabled");

        assertThat(kms.scheduleKeyDeletion(r -> r.keyId(key).pendingWindowInDays(7))
                        .deletionDate())
                .isNotNull();
        assertThat(kms.describeKey(r -> r.keyId(key)).keyMetadata().keyStateAsString())
                .isEqualTo("PendingDeletion");
        assertThat(errorCode(() -> kms.scheduleKeyDeletion(r -> r.keyId(key).pendingWindowInDays(7))))
                .isEqualTo("KMSInvalidStateException");
        assertThat(errorCode(() -> kms.enableKeyRotation(r -> r.keyId(key)))).isEqualTo("KMSInvalidStateException");
    }

    @Test
    void keyRotationKeepsItsPeriod() {
        String key = kms.createKey(r -> r.description("k")).keyMetadata().keyId();
        assertThat(kms.getKeyRotationStatus(r -> r.keyId(key)).keyRotationEnabled())
                .isFalse();

        kms.enableKeyRotation(r -> r.keyId(key));
        assertThat(kms.getKeyRotationStatus(r -> r.keyId(key)).rotationPeriodInDays())
                .isEqualTo(365);
        kms.enableKeyRotation(r -> r.keyId(key).rotationPeriodInDays(180));
        var status = kms.getKeyRotationStatus(r -> r.keyId(key));
        assertThat(status.keyRotationEnabled()).isTrue();
        assertThat(status.rotationPeriodInDays()).isEqualTo(180);

        assertThat(errorCode(() -> kms.enableKeyRotation(r -> r.keyId(key).rotationPeriodInDays(30))))
                .isEqualTo("ValidationException");
    }

    // ---- helpers ----------------------------------------------------------------------------

    private List<String> logGroupNames() {
        return logs.describeLogGroups().logGroups().stream()
                .map(LogGroup::logGroupName)
                .toList();
    }

    private LogGroup logGroup(String name) {
        return logs.describeLogGroups(r -> r.logGroupNamePrefix(name)).logGroups().stream()
                .filter(g -> g.logGroupName().equals(name))
                .findFirst()
                .orElseThrow();
    }

    private static IpPermission postgresFrom(String groupId, String description) {
        return IpPermission.builder()
                .ipProtocol("tcp")
                .fromPort(5432)
                .toPort(5432)
                .userIdGroupPairs(UserIdGroupPair.builder()
                        .groupId(groupId)
                        .description(description)
                        .build())
                .build();
    }

    private static String keyPolicyAllowingLogs() {
        return """
                {"Version":"2012-10-17","Statement":[
                  {"Sid":"Root","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},
                   "Action":"kms:*","Resource":"*"},
                  {"Sid":"Logs","Effect":"Allow","Principal":{"Service":"logs.us-east-1.amazonaws.com"},
                   "Action":["kms:Encrypt*","kms:Decrypt*","kms:ReEncrypt*","kms:GenerateDataKey*","kms:Describe*"],
                   "Resource":"*"}]}""";
    }

    private static AwsServiceException error(ThrowingCallable call) {
        AwsServiceException e = catchThrowableOfType(AwsServiceException.class, call);
        assertThat(e).as("expected the emulator to refuse the call").isNotNull();
        return e;
    }

    private static String errorCode(ThrowingCallable call) {
        return error(call).awsErrorDetails().errorCode();
    }
}

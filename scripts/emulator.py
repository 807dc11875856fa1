#!/usr/bin/env python3
"""tapctl's local AWS emulator: moto (5.2.1) with the project's own patches, one per gap.

Usage: python3 scripts/emulator.py --port PORT [--host 127.0.0.1] [--realistic]
       (--port 0 lets the OS pick a free port; the ready line names the real one)

Prints exactly one line on stdout once it is listening:
    emulator ready on http://127.0.0.1:PORT
Request logging goes to stderr. POST /moto-api/reset wipes all state (the patches stay).

Where moto differs from AWS, AWS wins (DESIGN.md section 5): each function below fills one
gap, names the AWS page it follows, and was checked with boto3 against plain moto first.

Realism mode (DESIGN.md section 7), in scripts/emulation/realism/: moto answers instantly and
consistently, AWS does not. With realism on, a middleware in front of moto models what AWS
documents for the seconds after a change: IAM changes not yet visible to Lambda, EC2 and API
Gateway; just-created EC2 and KMS ids NotFound; Lambda Pending / InProgress, RDS creating /
modifying / deleting, DynamoDB CREATING and EC2 pending / shutting-down states; a deleted SQS
queue name taken for 60 s; API Gateway's fixed control-plane quotas (429). Off by default, on
with --realistic, switched at run time with GET/POST /_tapctl/realism (POST /moto-api/reset
also puts it back to the launch default). Off, every request and answer passes untouched.

Checked against plain moto 5.2.1, matches AWS (no patch):
  - CloudWatch Logs: CreateLogGroup on an existing group -> ResourceAlreadyExistsException;
    PutRetentionPolicy/DeleteRetentionPolicy/DeleteLogGroup on a missing group ->
    ResourceNotFoundException; DescribeLogGroups returns retentionInDays and kmsKeyId (only
    when set), logGroupArn (no ":*") and arn (with ":*"); TagResource/UntagResource/
    ListTagsForResource work on the log-group ARN without ":*"; CreateLogGroup tags land there.
  - EC2 flow logs: CreateFlowLogs (VPC, ALL, cloud-watch-logs, LogGroupName,
    DeliverLogsPermissionArn, TagSpecifications vpc-flow-log); DescribeFlowLogs returns
    LogGroupName, DeliverLogsPermissionArn, TrafficType, LogDestinationType, Tags, and filters
    by resource-id and tag:KEY; same config twice -> FlowLogAlreadyExists; missing role ->
    InvalidParameter; DeleteFlowLogs on an unknown id -> InvalidFlowLogId.NotFound.
  - EC2 VPC: Describe{Vpcs,Subnets,InternetGateways,RouteTables,SecurityGroups} with tag:KEY
    and tag-key filters, Tags in every response; ModifyVpcAttribute enableDnsHostnames +
    DescribeVpcAttribute; AuthorizeSecurityGroupIngress with UserIdGroupPairs (duplicate ->
    InvalidPermission.Duplicate); RevokeSecurityGroupIngress of an absent rule ->
    InvalidPermission.NotFound; *.NotFound codes for unknown vpc/subnet/igw/rtb/sg ids.
  - EC2 zones: DescribeAvailabilityZones answers ZoneName, ZoneId, ZoneType availability-zone,
    State available and RegionName for the request's region, with the zones AWS has there
    (ap-northeast-1: a, c, d; ca-central-1: a, b, d; us-west-1: a, b; us-east-1: a to f), and
    honours the zone-type, state, zone-name and zone-id filters; CreateSubnet of a zone that
    does not exist -> InvalidParameterValue "Value (...) for parameter availabilityZone is invalid".
  - IAM: GetRolePolicy PolicyDocument and GetRole AssumeRolePolicyDocument come back
    URL-encoded (RFC 3986, %20 for space) in the XML; ListRolePolicies,
    ListAttachedRolePolicies, TagRole/UntagRole/ListRoleTags; CreateRole twice ->
    EntityAlreadyExists (409); PutRolePolicy/CreatePolicy validate the document.
  - KMS: CreateKey with Policy and Tags, ListResourceTags, Enable/GetKeyRotationStatus,
    CreateAlias (twice -> AlreadyExistsException), ListAliases with KeyId (id or ARN),
    GetKeyPolicy, DescribeKey (by id, ARN, alias), ScheduleKeyDeletion (7..30 days ->
    PendingDeletion + DeletionDate), CancelKeyDeletion (-> Disabled).
  - STS: GetCallerIdentity -> account 123456789012.
  - SNS: CreateTopic with KmsMasterKeyId and Tags (GetTopicAttributes returns KmsMasterKeyId,
    ListTagsForResource the tags); GetTopicAttributes of an unknown ARN -> NotFound; DeleteTopic
    of an unknown ARN succeeds; Subscribe of an endpoint already subscribed returns it.
  - CloudWatch: PutMetricAlarm / DescribeAlarms (AlarmNamePrefix, AlarmNames, Dimensions,
    AlarmActions, TreatMissingData, Threshold as a double); TagResource / ListTagsForResource on
    the alarm ARN; DeleteAlarms.
  - Secrets Manager: GetRandomPassword honours PasswordLength and ExcludeCharacters;
    CreateSecret again with the same ClientRequestToken and value is an idempotent success,
    another value under that token or another token on the name -> ResourceExistsException;
    DescribeSecret returns KmsKeyId (as given), Tags, DeletedDate (while scheduled);
    DeleteSecret RecoveryWindowInDays 7..30 (else InvalidParameterException), RestoreSecret;
    GetSecretValue/UpdateSecret of a deleted secret -> InvalidRequestException; unknown
    secret -> ResourceNotFoundException.
  - RDS: DescribeDBInstances returns StorageEncrypted, DeletionProtection, MultiAZ,
    PubliclyAccessible, BackupRetentionPeriod, DBSubnetGroup, VpcSecurityGroups, TagList,
    MasterUsername as created; DeleteDBInstance of a protected instance ->
    InvalidParameterCombination "Cannot delete protected DB Instance, please disable deletion
    protection and try again."; ModifyDBInstance DeletionProtection; FinalDBSnapshotIdentifier
    -> manual snapshot in DescribeDBSnapshots (an existing snapshot id -> DBSnapshotAlreadyExists,
    instance kept); unknown ids -> DBInstanceNotFound, DBSnapshotNotFound,
    DBSubnetGroupNotFoundFault (404); the SDK waiters DBInstanceAvailable / DBInstanceDeleted;
    DescribeDBSnapshots with DBInstanceIdentifier (and SnapshotType manual) still finds the
    final snapshot once the instance is deleted, and an identifier nothing matches is an empty
    list, not an error (the page lists DBSnapshotNotFound as its only error).
  - DynamoDB: CreateTable PAY_PER_REQUEST, DeletionProtectionEnabled, Tags; DescribeTable
    BillingModeSummary, DeletionProtectionEnabled; Update/DescribeContinuousBackups;
    UpdateTable DeletionProtectionEnabled; tags; unknown table -> ResourceNotFoundException
    (TableNotFoundException for the backup APIs); the SDK waiter TableExists.
  - S3: CreateBucket of a bucket you own: 200 in us-east-1 (legacy), BucketAlreadyOwnedByYou
    (409) elsewhere; Put/Get of encryption (aws:kms, KMSMasterKeyID, BucketKeyEnabled),
    versioning, public access block, policy, tagging, and their not-found codes
    (ServerSideEncryptionConfigurationNotFoundError, NoSuchPublicAccessBlockConfiguration,
    NoSuchBucketPolicy, NoSuchTagSet); DeleteBucket of a non-empty bucket -> BucketNotEmpty.
  - SQS (AWS JSON protocol): CreateQueue with Attributes and tags; the same name with the same
    attributes -> the existing URL, other values -> QueueNameExists / query code
    QueueAlreadyExists; unknown queue -> QueueDoesNotExist / AWS.SimpleQueueService.NonExistentQueue
    (x-amzn-query-error header, HTTP 400); GetQueueAttributes All (QueueArn
    arn:aws:sqs:REGION:ACCOUNT:NAME, ApproximateNumberOfMessages, KmsMasterKeyId as given);
    ListQueueTags/TagQueue/UntagQueue; SetQueueAttributes; DeleteQueue.
  - Lambda: CodeSha256 = base64(SHA-256(zip)), also after UpdateFunctionCode; CreateFunction
    with a role that does not exist -> InvalidParameterValueException "The role defined for the
    function cannot be assumed by Lambda."; MemorySize/Timeout/Environment/Runtime/Handler
    round-trip; Tags on create, ListTags/TagResource/UntagResource; unknown function ->
    ResourceNotFoundException (404) "Function not found: ARN"; create twice ->
    ResourceConflictException (409); AddPermission/GetPolicy (Policy is a JSON string: Version,
    Id "default", Statement [{Sid, Effect, Principal {Service}, Action, Resource, Condition
    {ArnLike {AWS:SourceArn}}}]); RemovePermission; GetPolicy without statements ->
    ResourceNotFoundException; State Active / LastUpdateStatus Successful, so the SDK waiters
    FunctionActiveV2 / FunctionUpdatedV2 pass at once. No Docker is needed for
    create/get/update (moto only starts containers for Invoke).
  - API Gateway: CreateRestApi tags + endpointConfiguration; GetRestApis; CreateDeployment
    without methods -> BadRequestException "The REST API doesn't contain any methods";
    Put{Method,Integration,MethodResponse,IntegrationResponse} round-trip (an empty response
    template comes back as null); GetStage/UpdateStage of a missing stage -> NotFoundException
    "Invalid stage identifier specified"; UpdateStage /*/*/throttling/* -> methodSettings["*/*"]
    (throttlingRateLimit, throttlingBurstLimit and moto's defaults for the other fields);
    accessLogSettings; GetAccount/UpdateAccount; CreateUsagePlan/GetUsagePlans with apiStages,
    throttle, quota, tags; unknown ids -> NotFoundException ("Invalid Rest API Id specified",
    "Invalid Usage Plan ID specified", "Invalid Method identifier specified").
  - EC2 instances: MetadataOptions HttpTokens required (also ModifyInstanceMetadataOptions),
    encrypted gp3 root volume with KmsKeyId (DescribeVolumes Encrypted/KmsKeyId, volume
    TagSpecifications), IamInstanceProfile.Arn, no public IP with AssociatePublicIpAddress false
    or MapPublicIpOnLaunch false, TerminateInstances (DeleteOnTermination volumes deleted) and
    the InstanceTerminated waiter; unknown instance -> InvalidInstanceID.NotFound.
  - IAM instance profiles: Create (twice -> EntityAlreadyExists), AddRoleToInstanceProfile (a
    second role -> LimitExceeded), GetInstanceProfile, Tag/UntagInstanceProfile,
    DeleteInstanceProfile / DeleteRole while a role is in it -> DeleteConflict; unknown ->
    NoSuchEntity "Instance profile NAME not found".

Known differences left as they are (harmless for tapctl, or AWS's answer is not documented):
  - RDS instances are "available" at once and gone at once after DeleteDBInstance (realism
    mode shows creating / modifying / deleting).
  - DynamoDB DeleteTable answers TableStatus ACTIVE (AWS: DELETING); the table is gone at once.
  - Secrets Manager: DeletedDate is the end of the recovery window; TagResource/UntagResource
    still work on a secret scheduled for deletion; messages carry moto's own prefixes.
  - S3 ignores policy Conditions for object calls: with a TLS-only Deny policy every object
    call is refused (HTTP 403), which is what AWS does for plain-HTTP requests anyway.
  - SQS: the KMS key is not checked at CreateQueue (AWS checks it when messages are sent);
    CreateQueue of an existing name with other tags replaces the tags.
  - Lambda: functions are Active at once (AWS: Pending first; realism mode shows it);
    LastModified does not move on updates and there is no RevisionId in the configuration; a
    DeadLetterConfig target is not checked against the execution role's permissions (realism
    mode refuses it while the role is new); RemovePermission of an unknown statement
    says "No policy is associated with the given resource." (code ResourceNotFoundException).
  - API Gateway: no paging (AWS pages GetResources/GetRestApis by 25 by default, pass limit or
    follow position); UpdateStage ignores unknown patch paths and "remove" of method settings;
    the first /*/*/throttling/* patch fills the other method-setting fields with moto's
    defaults.
  - EC2: a KmsKeyId that does not exist is accepted in BlockDeviceMappings (AWS launches, then
    the instance goes to terminated); DeleteSecurityGroup of a group an instance still uses
    succeeds (AWS: DependencyViolation; realism mode refuses it, and DeleteSubnet of the
    instance's subnet); the network interface RunInstances creates stays behind ("in-use")
    after TerminateInstances unless NetworkInterfaces[].DeleteOnTermination was true, and
    DeleteSubnet does not check for interfaces either.
  - IAM: GetInstanceProfile of an unknown name says "Instance profile NAME not found".
  - EC2 zones: a zone name means the same zone id in every account (AWS maps names to zones per
    account); there are no Local or Wavelength Zones, and every zone is always "available".
"""

import argparse
import fnmatch
import json
import os
import re
import signal
import sys
import threading

from moto.core.exceptions import JsonRESTError

REGION_DEFAULT = "us-east-1"


# --------------------------------------------------------------------------------------
# CloudWatch Logs
# --------------------------------------------------------------------------------------

LOGS_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731,
                       1096, 1827, 2192, 2557, 2922, 3288, 3653]


def patch_dynamodb_create_table_is_atomic():
    """CreateTable of a name that exists fails with ResourceInUseException (DynamoDB API
    Reference, CreateTable), however close together two requests come. moto checks the name and
    then stores the table, and its server answers requests on threads: two runs racing to create
    the lock table could both succeed, each writing its lock item into its own copy, and both
    would hold the lock. One lock makes the check and the store one step, as on AWS."""
    from moto.dynamodb.models import DynamoDBBackend

    original = DynamoDBBackend.create_table
    guard = threading.Lock()

    def create_table(self, *args, **kwargs):
        with guard:
            return original(self, *args, **kwargs)

    DynamoDBBackend.create_table = create_table


def patch_logs_retention_values():
    """PutRetentionPolicy accepts only the documented retention values.

    AWS: https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html
    ("retentionInDays ... Valid Values: 1 | 3 | 5 | ... | 3653"), anything else is an
    InvalidParameterException. moto stores any integer (2, 401, 0, -1 ...).
    (CreateLogGroup has no retention parameter, so there is nothing to check there.)
    """
    from moto.logs.exceptions import InvalidParameterException
    from moto.logs.models import LogsBackend

    original = LogsBackend.put_retention_policy

    def put_retention_policy(self, log_group_name, retention_in_days):
        if retention_in_days not in LOGS_RETENTION_DAYS:
            raise InvalidParameterException(
                constraint="Member must satisfy enum value set: "
                + "[" + ", ".join(str(d) for d in LOGS_RETENTION_DAYS) + "]",
                parameter="retentionInDays",
                value=retention_in_days,
            )
        return original(self, log_group_name, retention_in_days)

    LogsBackend.put_retention_policy = put_retention_policy


def _logs_check_kms_key(account_id, region, log_group_name, kms_key_id):
    """Refuse a KMS key that CloudWatch Logs could not use for this log group.

    AWS (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html):
    the key's policy must allow the service principal logs.<region>.amazonaws.com (to
    encrypt/generate data keys, optionally conditioned on kms:EncryptionContext:aws:logs:arn
    being the log group's ARN). Otherwise CreateLogGroup/AssociateKmsKey fail with
    AccessDeniedException "The specified KMS key does not exist or is not allowed to be
    used with Arn '<log group arn>'". A disabled key gives InvalidParameterException
    (API_AssociateKmsKey). The kmsKeyId must be a key ARN in the log group's region.
    """
    from moto.kms.models import kms_backends
    from moto.logs.exceptions import InvalidParameterException

    group_arn = f"arn:aws:logs:{region}:{account_id}:log-group:{log_group_name}"
    denied = JsonRESTError(
        "AccessDeniedException",
        f"The specified KMS key does not exist or is not allowed to be used with Arn '{group_arn}'",
    )
    parts = (kms_key_id or "").split(":", 5)
    if len(parts) != 6 or parts[2] != "kms" or not parts[5].startswith("key/"):
        raise denied
    key_region, key_account, key_id = parts[3], parts[4], parts[5][len("key/"):]
    if key_region != region:
        raise denied
    key = kms_backends[key_account][key_region].keys.get(key_id)
    if key is None:
        raise denied
    if key.key_state != "Enabled":
        raise InvalidParameterException(f"The specified KMS key is not enabled: {kms_key_id}")
    if not _key_policy_allows_logs(key.policy, f"logs.{region}.amazonaws.com", group_arn):
        raise denied


def _as_list(value):
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _key_policy_allows_logs(policy, service, group_arn):
    try:
        doc = json.loads(policy)
    except (TypeError, ValueError):
        return False
    for st in _as_list(doc.get("Statement")):
        if not isinstance(st, dict) or st.get("Effect") != "Allow":
            continue
        principal = st.get("Principal")
        if principal == "*":
            allowed = True
        elif isinstance(principal, dict):
            allowed = (service in _as_list(principal.get("Service"))
                       or "*" in _as_list(principal.get("AWS")))
        else:
            allowed = False
        if not allowed:
            continue
        actions = [a.lower() for a in _as_list(st.get("Action"))]
        if not any(fnmatch.fnmatchcase("kms:generatedatakey", a) for a in actions):
            continue
        if _encryption_context_condition_matches(st.get("Condition") or {}, group_arn):
            return True
    return False


def _encryption_context_condition_matches(condition, group_arn):
    # Only the documented kms:EncryptionContext:aws:logs:arn condition is evaluated.
    for operator, clauses in condition.items():
        for key, values in (clauses or {}).items():
            if key.lower() != "kms:encryptioncontext:aws:logs:arn":
                continue
            patterns = _as_list(values)
            if operator in ("ArnEquals", "StringEquals"):
                if group_arn not in patterns:
                    return False
            elif operator in ("ArnLike", "StringLike"):
                if not any(fnmatch.fnmatchcase(group_arn, p) for p in patterns):
                    return False
    return True


def patch_logs_create_log_group_kms_key():
    """CreateLogGroup with kmsKeyId checks the key like AWS does (see _logs_check_kms_key).

    AWS: https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html
    and https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html.
    moto stores any string as kmsKeyId, even the ARN of a key that does not exist.
    """
    from moto.logs.models import LogsBackend

    original = LogsBackend.create_log_group

    def create_log_group(self, log_group_name, tags, **kwargs):
        kms_key_id = kwargs.get("kmsKeyId")
        if kms_key_id and log_group_name not in self.groups:
            _logs_check_kms_key(self.account_id, self.region_name, log_group_name, kms_key_id)
        return original(self, log_group_name, tags, **kwargs)

    LogsBackend.create_log_group = create_log_group


def patch_logs_associate_disassociate_kms_key():
    """AssociateKmsKey / DisassociateKmsKey for a log group (moto: "not implemented", HTTP 500).

    AWS: https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_AssociateKmsKey.html
    and .../API_DisassociateKmsKey.html. Only the logGroupName form is emulated (not
    resourceIdentifier for query results). Missing group -> ResourceNotFoundException.
    """
    from moto.logs.exceptions import InvalidParameterException, ResourceNotFoundException
    from moto.logs.responses import LogsResponse

    def _group(self):
        name = self._get_param("logGroupName")
        if not name or self._get_param("resourceIdentifier"):
            raise InvalidParameterException("The emulator supports only logGroupName here.")
        group = self.logs_backend.groups.get(name)
        if group is None:
            raise ResourceNotFoundException()
        return group

    def associate_kms_key(self):
        group = _group(self)
        kms_key_id = self._get_param("kmsKeyId")
        _logs_check_kms_key(self.current_account, self.region, group.name, kms_key_id)
        group.kms_key_id = kms_key_id
        return "{}"

    def disassociate_kms_key(self):
        _group(self).kms_key_id = None
        return "{}"

    LogsResponse.associate_kms_key = associate_kms_key
    LogsResponse.disassociate_kms_key = disassociate_kms_key


def patch_logs_tags_belong_to_the_group():
    """Log group tags live and die with the group.

    AWS: https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_TagResource.html
    (and ListTagsForResource / UntagResource): a log-group ARN that names no group is
    ResourceNotFoundException. moto keeps tags in a side table: a deleted and re-created
    group got its old tags back, and tagging a missing group silently succeeded.
    """
    from moto.logs.exceptions import ResourceNotFoundException
    from moto.logs.models import LogsBackend

    original_delete = LogsBackend.delete_log_group

    def delete_log_group(self, log_group_name):
        group = self.groups.get(log_group_name)
        original_delete(self, log_group_name)
        self.tagger.delete_all_tags_for_resource(group.arn)

    LogsBackend.delete_log_group = delete_log_group

    def require_group(self, arn):
        if ":log-group:" in arn and not any(g.arn == arn for g in self.groups.values()):
            raise ResourceNotFoundException("The specified resource does not exist.")

    for name in ("list_tags_for_resource", "tag_resource", "untag_resource"):
        def wrapper(self, arn, *args, _original=getattr(LogsBackend, name)):
            require_group(self, arn)
            return _original(self, arn, *args)
        setattr(LogsBackend, name, wrapper)


# --------------------------------------------------------------------------------------
# EC2
# --------------------------------------------------------------------------------------

def patch_ec2_rule_identity_ignores_description():
    """A security group rule that references a group is identified without its Description.

    AWS: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_RevokeSecurityGroupIngress.html
    "If the security group rule has a description, you do not need to specify the
    description to revoke the rule." moto compared the whole UserIdGroupPair including
    Description: revoking {GroupId} alone failed with InvalidPermission.NotFound, and
    authorizing the same pair with another description added a second rule instead of
    InvalidPermission.Duplicate. (CIDR rules were already matched without description.)
    """
    from moto.ec2.models.security_groups import SecurityGroupRule

    def pair(group):
        return {k: v for k, v in (group or {}).items() if k not in ("Description", "OwnerId")}

    def __eq__(self, other):
        if not isinstance(other, SecurityGroupRule):
            return NotImplemented
        if self.ip_protocol != other.ip_protocol:
            return False
        for key in ("CidrIp", "CidrIpv6"):
            if key in self.ip_range and self.ip_range.get(key) != other.ip_range.get(key):
                return False
        if pair(self.source_group) != pair(other.source_group):
            return False
        if self.prefix_list_id != other.prefix_list_id:
            return False
        if self.ip_protocol != "-1":
            if self.from_port != other.from_port or self.to_port != other.to_port:
                return False
        return True

    SecurityGroupRule.__eq__ = __eq__


def patch_ec2_referenced_group_cannot_be_deleted():
    """DeleteSecurityGroup fails while another group's rule references the group.

    AWS: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DeleteSecurityGroup.html
    (a group referenced by another security group -> DependencyViolation, message
    "resource sg-... has a dependent object"). moto deleted it, leaving a dangling rule.
    """
    from moto.ec2.exceptions import DependencyViolationError
    from moto.ec2.models.security_groups import SecurityGroupBackend

    original = SecurityGroupBackend.delete_security_group

    def delete_security_group(self, name=None, group_id=None):
        target = self.get_security_group_by_name_or_id(group_id or name) if (group_id or name) else None
        if target is not None:
            for groups in list(self.groups.values()):
                for group in list(groups.values()):
                    if group.id == target.id:
                        continue
                    for rule in list(group.ingress_rules) + list(group.egress_rules):
                        if (rule.source_group or {}).get("GroupId") == target.id:
                            raise DependencyViolationError(
                                f"resource {target.id} has a dependent object")
        return original(self, name=name, group_id=group_id)

    SecurityGroupBackend.delete_security_group = delete_security_group


def patch_ec2_run_instances_resolves_ssm_image_id():
    """RunInstances resolves ImageId "resolve:ssm:NAME[:VERSION|:LABEL]" through Parameter Store.

    AWS: https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/using-systems-manager-parameter-to-find-AMI.html
    ("resolve:ssm:parameter-name", "...:version-number", "...:label"; the instance's ImageId
    is the AMI ID the parameter holds at launch). moto kept the literal string as the
    instance's ImageId. Resolved through moto's own SSM backend, which ships the public
    /aws/service/ami-amazon-linux-latest/* parameters, and their values are AMIs moto knows
    (e.g. .../al2023-ami-kernel-default-x86_64). A parameter that does not exist ->
    InvalidParameterValue (the code AWS uses for a bad ImageId; the wording is ours).
    """
    from moto.ec2.exceptions import EC2ClientError
    from moto.ec2.responses.instances import InstanceResponse
    from moto.ssm.models import ssm_backends

    original = InstanceResponse.run_instances

    def run_instances(self):
        image_id = self._get_param("ImageId") or ""
        if image_id.startswith("resolve:ssm:"):
            name = image_id[len("resolve:ssm:"):]
            try:
                parameter = ssm_backends[self.current_account][self.region].get_parameter(name)
            except Exception:  # moto raises ParameterVersionNotFound / ParameterVersionLabelLimitExceeded ...
                parameter = None
            if parameter is None:
                raise EC2ClientError(
                    "InvalidParameterValue",
                    f"Invalid value '{image_id}' for image-id: the Systems Manager parameter does not exist.")
            self.params["ImageId"] = parameter.value
        return original(self)

    InstanceResponse.run_instances = run_instances


def patch_ec2_unknown_image_id_refused():
    """RunInstances with an AMI that does not exist -> InvalidAMIID.NotFound.

    AWS: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html
    (InvalidAMIID.NotFound: "The specified AMI doesn't exist"). moto launched any ImageId
    unless MOTO_ENABLE_AMI_VALIDATION is set; this turns that check on. moto knows the public
    Amazon Linux / Ubuntu / Windows AMIs (DescribeImages Owners=amazon) and the ones created
    with CreateImage / RegisterImage.
    """
    from moto import settings

    settings.ENABLE_AMI_VALIDATION = True


def patch_ec2_run_instances_client_token_is_idempotent():
    """RunInstances repeated with the same ClientToken returns the first call's reservation
    instead of launching again; the same token with other parameters -> IdempotentParameterMismatch.

    AWS: https://docs.aws.amazon.com/ec2/latest/devguide/ec2-api-idempotency.html ("If you
    repeat the request with the same client token and the same parameters, the API returns
    the same response"; "If you repeat a request with the same client token, but change one
    or more of the parameters ... Amazon EC2 returns an IdempotentParameterMismatch error").
    moto launched a new instance every time. (The SDKs fill ClientToken with a fresh UUID
    when the caller leaves it out, so only an explicit token is ever repeated.)
    """
    from moto.core.responses import ActionResult
    from moto.ec2.exceptions import EC2ClientError
    from moto.ec2.responses.instances import InstanceResponse

    original = InstanceResponse.run_instances
    seen = {}  # (account, region, token) -> (request fingerprint, reservation id)

    def fingerprint(params):
        return json.dumps({k: v for k, v in params.items() if k not in ("ClientToken", "DryRun")},
                          sort_keys=True, default=str)

    def run_instances(self):
        token = self._get_param("ClientToken")
        if not token or self._get_param("DryRun"):
            return original(self)
        key = (self.current_account, self.region, token)
        request = fingerprint(self.params)
        if key in seen:
            previous_request, reservation_id = seen[key]
            reservation = self.ec2_backend.reservations.get(reservation_id)
            if reservation is not None:
                if previous_request != request:
                    raise EC2ClientError("IdempotentParameterMismatch",
                                    "Arguments on this idempotent request are inconsistent with "
                                    "arguments used in previous request(s).")
                return ActionResult(reservation)
        result = original(self)
        seen[key] = (request, result.result.id)
        return result

    InstanceResponse.run_instances = run_instances


def patch_ec2_unknown_instance_profile_is_an_invalid_parameter():
    """RunInstances naming an instance profile that does not exist -> InvalidParameterValue
    "Value (NAME) for parameter iamInstanceProfile.name is invalid. Invalid IAM Instance
    Profile name" (".arn" / "ARN" for IamInstanceProfile.Arn).

    AWS: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_RunInstances.html
    (IamInstanceProfile) and https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_general.html#troubleshoot_general_eventual-consistency
    (a just-created instance profile can be refused like this for a few seconds, so callers
    retry on exactly this error). moto answered IAM's NoSuchEntity (HTTP 404).
    """
    from moto.ec2.exceptions import EC2ClientError
    from moto.ec2.responses.instances import InstanceResponse
    from moto.iam.models import iam_backends

    original = InstanceResponse.run_instances

    def run_instances(self):
        iam = iam_backends[self.current_account][self.partition]
        name = self._get_param("IamInstanceProfile.Name")
        arn = self._get_param("IamInstanceProfile.Arn")
        if name and name not in iam.instance_profiles:
            raise EC2ClientError(
                "InvalidParameterValue",
                f"Value ({name}) for parameter iamInstanceProfile.name is invalid. "
                "Invalid IAM Instance Profile name")
        if arn and not any(p.arn == arn for p in iam.instance_profiles.values()):
            raise EC2ClientError(
                "InvalidParameterValue",
                f"Value ({arn}) for parameter iamInstanceProfile.arn is invalid. "
                "Invalid IAM Instance Profile ARN")
        return original(self)

    InstanceResponse.run_instances = run_instances


def patch_ec2_instance_security_groups_are_the_primary_interface_groups():
    """An instance's SecurityGroups are the groups of its primary network interface: groups
    given as NetworkInterfaces[0].Groups show in DescribeInstances, and ModifyInstanceAttribute
    Groups replaces them on that interface.

    AWS: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_Instance.html
    (SecurityGroups), .../API_InstanceNetworkInterfaceSpecification.html (Groups: "The IDs of
    the security groups for the network interface") and .../API_ModifyInstanceAttribute.html
    (Groups: "Replaces the security groups of the instance with the specified security
    groups"; they are the primary interface's). moto kept a separate per-instance list: a
    RunInstances with groups on the interface described SecurityGroups [], and a later
    ModifyInstanceAttribute left the interface's own groups in place besides the new ones.
    """
    from moto.ec2.models.instances import Instance

    def primary_nic(instance):
        return (instance.__dict__.get("nics") or {}).get(0)

    def get_security_groups(self):
        nic = primary_nic(self)
        if nic is None:
            return self.__dict__.get("_tapctl_security_groups", [])
        unique = []
        for group in nic._group_set:
            if group not in unique:
                unique.append(group)
        return unique

    def set_security_groups(self, groups):
        self.__dict__["_tapctl_security_groups"] = list(groups or [])
        nic = primary_nic(self)
        if nic is not None:
            nic._group_set = list(groups or [])

    Instance.security_groups = property(get_security_groups, set_security_groups)


def patch_ec2_instance_profile_follows_the_association():
    """DescribeInstances IamInstanceProfile is the instance profile of the current association
    ({Arn, Id} with the profile's own id), also after ReplaceIamInstanceProfileAssociation.

    AWS: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_IamInstanceProfile.html
    ("Arn: The Amazon Resource Name (ARN) of the instance profile. Id: The ID of the instance
    profile") and .../API_ReplaceIamInstanceProfileAssociation.html ("Replaces an IAM instance
    profile for the specified running instance"). moto kept describing the old profile after a
    replace, and answered the association id (iip-assoc-...) as the profile's Id.
    """
    from moto.ec2.models.iam_instance_profile import (IamInstanceProfileAssociation,
                                                      IamInstanceProfileAssociationBackend)

    original_init = IamInstanceProfileAssociation.__init__
    original_replace = IamInstanceProfileAssociationBackend.replace_iam_instance_profile_association

    def describe_profile(association):
        profile = association.iam_instance_profile
        association.instance.iam_instance_profile = {"Arn": profile.arn, "Id": profile.id}

    def __init__(self, *args, **kwargs):
        original_init(self, *args, **kwargs)
        describe_profile(self)

    def replace_iam_instance_profile_association(self, *args, **kwargs):
        association = original_replace(self, *args, **kwargs)
        describe_profile(association)
        return association

    IamInstanceProfileAssociation.__init__ = __init__
    IamInstanceProfileAssociationBackend.replace_iam_instance_profile_association = \
        replace_iam_instance_profile_association


def patch_ec2_availability_zones_opt_in_status():
    """DescribeAvailabilityZones answers each zone's OptInStatus and honours the opt-in-status filter.

    AWS: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeAvailabilityZones.html
    (Filters: "opt-in-status - The opt-in status (opted-in | not-opted-in | opt-in-not-required)")
    and https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_AvailabilityZone.html
    (OptInStatus: "For Availability Zones, this parameter always has the value of
    opt-in-not-required"). moto's zones had no OptInStatus, and the filter was ignored: asking
    for opted-in zones only returned every zone of the region. moto lists Availability Zones
    only (no Local or Wavelength Zones), so every zone is opt-in-not-required.
    """
    from moto.ec2.models.availability_zones_and_regions import RegionsAndZonesBackend, Zone

    Zone.opt_in_status = "opt-in-not-required"
    original = RegionsAndZonesBackend.describe_availability_zones

    def describe_availability_zones(self, filters=None, zone_names=None, zone_ids=None):
        filters = dict(filters or {})
        opt_in = filters.pop("opt-in-status", None)
        zones = original(self, filters or None, zone_names=zone_names, zone_ids=zone_ids)
        if opt_in is not None:
            zones = [zone for zone in zones if zone.opt_in_status in opt_in]
        return zones

    RegionsAndZonesBackend.describe_availability_zones = describe_availability_zones


def patch_ec2_create_subnet_zone_of_its_region():
    """CreateSubnet refuses a zone that is not one of the VPC's region, naming that region's zones.

    AWS: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSubnet.html
    (AvailabilityZone / AvailabilityZoneId: a zone of the Region the request goes to) and
    https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html
    (InvalidParameterValue); EC2 answers "Value (us-east-1a) for parameter availabilityZone is
    invalid. Subnets can currently only be created in the following availability zones:
    ap-northeast-1a, ap-northeast-1c, ap-northeast-1d." moto accepted a zone of any region
    (us-east-1a for a VPC in ap-northeast-1), and for an unknown zone listed the zones of every
    region, so a stack that put its subnets in the wrong region's zones passed.
    """
    from moto.ec2.exceptions import EC2ClientError, InvalidAvailabilityZoneError
    from moto.ec2.models.subnets import SubnetBackend

    original = SubnetBackend.create_subnet

    def create_subnet(self, vpc_id, cidr_block, ipv6_cidr_block=None, availability_zone=None,
                      availability_zone_id=None, *args, **kwargs):
        zones = self.describe_availability_zones()
        if availability_zone and availability_zone not in [zone.name for zone in zones]:
            raise InvalidAvailabilityZoneError(availability_zone, ", ".join(zone.name for zone in zones))
        if availability_zone_id and availability_zone_id not in [zone.zone_id for zone in zones]:
            raise EC2ClientError(  # the same refusal by zone id; this wording is ours
                "InvalidParameterValue",
                f"Value ({availability_zone_id}) for parameter availabilityZoneId is invalid. Subnets can currently "
                f"only be created in the following availability zones: {', '.join(zone.zone_id for zone in zones)}.")
        return original(self, vpc_id, cidr_block, ipv6_cidr_block, availability_zone, availability_zone_id,
                        *args, **kwargs)

    SubnetBackend.create_subnet = create_subnet


# --------------------------------------------------------------------------------------
# IAM
# --------------------------------------------------------------------------------------

def patch_ec2_nat_gateway_tag_filters():
    """DescribeNatGateways honours the tag:<key> and tag-key filters.

    AWS: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeNatGateways.html
    (Filter: nat-gateway-id, state, subnet-id, tag:<key>, tag-key, vpc-id). moto applied only
    the id, state, subnet and VPC filters and ignored the tag ones: a describe by ownership tags
    answered every NAT gateway of the region.
    """
    from moto.ec2.models.nat_gateways import NatGatewayBackend

    original = NatGatewayBackend.describe_nat_gateways

    def describe_nat_gateways(self, filters, nat_gateway_ids):
        found = original(self, filters, nat_gateway_ids)
        for name, values in (filters or {}).items():
            if name.startswith("tag:") or name == "tag-key":
                found = [nat for nat in found if nat.get_filter_value(name) in values]
        return found

    NatGatewayBackend.describe_nat_gateways = describe_nat_gateways


def _ec2_nat_gateways_holding(backend):
    """The NAT gateways that still hold their addresses: every one not yet deleted."""
    return [nat for nat in list(backend.nat_gateways.values()) if nat.state != "deleted"]


def _ec2_nat_allocation_ids(nat):
    return [a.get("allocationId") for a in nat.address_set or []]


def patch_ec2_release_address_held_by_a_nat_gateway():
    """ReleaseAddress of an Elastic IP a NAT gateway still holds -> InvalidIPAddress.InUse.

    AWS: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ReleaseAddress.html
    ("[Nondefault VPC] You must disassociate the Elastic IP address before you can release it.
    Otherwise, Amazon EC2 returns an error (InvalidIPAddress.InUse)") and
    .../API_DeleteNatGateway.html ("Deleting a public NAT gateway disassociates its Elastic IP
    address, but does not release the address"). moto released an address its NAT gateway used.
    """
    from moto.ec2.exceptions import EC2ClientError
    from moto.ec2.models.elastic_ip_addresses import ElasticAddressBackend

    original = ElasticAddressBackend.release_address

    def release_address(self, address=None, allocation_id=None):
        if allocation_id:
            for nat in _ec2_nat_gateways_holding(self):
                if allocation_id in _ec2_nat_allocation_ids(nat):
                    raise EC2ClientError("InvalidIPAddress.InUse",
                                         f"Address {allocation_id} is in use by {nat.id}.")
        return original(self, address=address, allocation_id=allocation_id)

    ElasticAddressBackend.release_address = release_address


def patch_ec2_detach_internet_gateway_with_mapped_addresses():
    """DetachInternetGateway while a public NAT gateway of the VPC still maps its address ->
    DependencyViolation "Network vpc-... has some mapped public address(es). Please unmap
    those public address(es) before detaching the gateway."

    AWS: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DetachInternetGateway.html
    ("The VPC must not contain any running EC2 instances with Elastic IP addresses or public
    IPv4 addresses"); the wording is EC2's answer, which terraform-provider-aws's internet
    gateway detach retries on DependencyViolation. moto detached it.
    """
    from moto.ec2.exceptions import DependencyViolationError
    from moto.ec2.models.internet_gateways import InternetGatewayBackend

    original = InternetGatewayBackend.detach_internet_gateway

    def detach_internet_gateway(self, internet_gateway_id, vpc_id):
        if any(nat.vpc_id == vpc_id and getattr(nat, "connectivity_type", "public") != "private"
               for nat in _ec2_nat_gateways_holding(self)):
            raise DependencyViolationError(
                f"Network {vpc_id} has some mapped public address(es). Please unmap those public "
                "address(es) before detaching the gateway.")
        return original(self, internet_gateway_id, vpc_id)

    InternetGatewayBackend.detach_internet_gateway = detach_internet_gateway


def patch_ec2_modify_network_interface_attachment_delete_on_termination():
    """ModifyNetworkInterfaceAttribute Attachment.DeleteOnTermination changes the attachment's
    DeleteOnTermination.

    AWS: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ModifyNetworkInterfaceAttribute.html
    (Attachment: "Information about the interface attachment. If modifying the delete on
    termination attribute, you must specify the ID of the interface attachment"). moto ignored it.
    """
    from moto.ec2.responses.elastic_network_interfaces import ElasticNetworkInterfaces

    original = ElasticNetworkInterfaces.modify_network_interface_attribute

    def modify_network_interface_attribute(self):
        value = self._get_param("Attachment.DeleteOnTermination")
        if value is not None:
            eni = self.ec2_backend.get_network_interface(self._get_param("NetworkInterfaceId"))
            attachment = self._get_param("Attachment.AttachmentId")
            if attachment and attachment != eni.attachment_id:
                from moto.ec2.exceptions import EC2ClientError
                raise EC2ClientError("InvalidAttachmentID.NotFound",
                                     f"The attachment ID '{attachment}' does not exist")
            eni.delete_on_termination = str(value).lower() == "true"
        return original(self)

    ElasticNetworkInterfaces.modify_network_interface_attribute = modify_network_interface_attribute


def patch_iam_create_role_validates_trust_policy():
    """CreateRole validates AssumeRolePolicyDocument (MalformedPolicyDocument).

    AWS: https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html (Errors:
    MalformedPolicyDocument). moto accepted "{not json" on CreateRole although it validates
    the same document on UpdateAssumeRolePolicy; this reuses that validator.
    """
    from moto.iam.models import IAMBackend
    from moto.iam.policy_validation import IAMTrustPolicyDocumentValidator

    original = IAMBackend.create_role

    def create_role(self, role_name, assume_role_policy_document, *args, **kwargs):
        IAMTrustPolicyDocumentValidator(assume_role_policy_document).validate()
        return original(self, role_name, assume_role_policy_document, *args, **kwargs)

    IAMBackend.create_role = create_role


def patch_iam_list_instance_profile_tags():
    """ListInstanceProfileTags (moto: "not implemented", HTTP 500).

    AWS: https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListInstanceProfileTags.html
    (Tags, IsTruncated, Marker; an unknown profile -> NoSuchEntity). The tags are the ones
    CreateInstanceProfile / TagInstanceProfile / UntagInstanceProfile keep. No paging
    (MaxItems is ignored; an instance profile has at most 50 tags).
    """
    from moto.core.responses import ActionResult
    from moto.iam.responses import IamResponse

    def list_instance_profile_tags(self):
        profile = self.backend.get_instance_profile(self._get_param("InstanceProfileName"))
        return ActionResult({"Tags": list(profile.tags), "IsTruncated": False})

    IamResponse.list_instance_profile_tags = list_instance_profile_tags


def patch_iam_remove_role_not_in_instance_profile():
    """RemoveRoleFromInstanceProfile of a role the profile does not hold -> NoSuchEntity.

    AWS: https://docs.aws.amazon.com/IAM/latest/APIReference/API_RemoveRoleFromInstanceProfile.html
    (Errors: NoSuchEntity, "The request was rejected because it referenced a resource entity
    that does not exist"; the wording below is ours). moto answered HTTP 500 (ValueError).
    """
    from moto.iam.exceptions import NotFoundException
    from moto.iam.models import IAMBackend

    original = IAMBackend.remove_role_from_instance_profile

    def remove_role_from_instance_profile(self, profile_name, role_name):
        profile = self.get_instance_profile(profile_name)
        role = self.get_role(role_name)
        if role not in profile.roles:
            raise NotFoundException(
                f"Role {role_name} is not in instance profile {profile_name}.")
        return original(self, profile_name, role_name)

    IAMBackend.remove_role_from_instance_profile = remove_role_from_instance_profile


def patch_iam_account_authorization_details():
    """GetAccountAuthorizationDetails: trust policies URL-encoded, and MaxItems/Marker paging.

    AWS: https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountAuthorizationDetails.html
    ("Policies returned by this operation are URL-encoded compliant with RFC 3986"; MaxItems
    defaults to 100, and a truncated answer has IsTruncated true and the Marker of the next
    page). moto 5.2.1 encoded the roles' inline policies but returned their
    AssumeRolePolicyDocument as plain JSON, and answered every entity in one page whatever
    MaxItems said. Entities of all requested lists count toward one page, in the order users,
    groups, roles, policies; the Marker is the position of the next one.
    """
    from moto.core.responses import ActionResult
    from moto.core.serialize import url_encode
    from moto.iam.responses import IamResponse

    IamResponse.RESPONSE_KEY_PATH_TO_TRANSFORMER = dict(IamResponse.RESPONSE_KEY_PATH_TO_TRANSFORMER)
    IamResponse.RESPONSE_KEY_PATH_TO_TRANSFORMER[
        "GetAccountAuthorizationDetailsResponse.RoleDetailList.RoleDetail.AssumeRolePolicyDocument"] = url_encode

    def get_account_authorization_details(self):
        details = self.backend.get_account_authorization_details(self._get_param("Filter", []))
        marker = int(self._get_param("Marker", "0") or 0)
        max_items = int(self._get_param("MaxItems", 100) or 100)
        lists = [("UserDetailList", details["users"]), ("GroupDetailList", details["groups"]),
                 ("RoleDetailList", details["roles"]), ("Policies", details["managed_policies"])]
        entities = [(key, entity) for key, items in lists for entity in items]
        page = entities[marker:marker + max_items]
        result = {key: [entity for k, entity in page if k == key] for key, _ in lists}
        truncated = marker + max_items < len(entities)
        result["IsTruncated"] = truncated
        if truncated:
            result["Marker"] = str(marker + max_items)
        return ActionResult(result)

    IamResponse.get_account_authorization_details = get_account_authorization_details


# --------------------------------------------------------------------------------------
# KMS
# --------------------------------------------------------------------------------------

def _kms_invalid_state(key):
    return JsonRESTError("KMSInvalidStateException", f"{key.arn} is pending deletion.")


def patch_kms_policy_name_optional():
    """GetKeyPolicy / PutKeyPolicy: PolicyName is optional and defaults to "default".

    AWS: https://docs.aws.amazon.com/kms/latest/APIReference/API_GetKeyPolicy.html and
    .../API_PutKeyPolicy.html ("PolicyName ... Required: No", default "default").
    moto answered NotFoundException "No such policy exists" when it was left out.
    """
    import moto.kms.responses as kms_responses
    from moto.kms.exceptions import NotFoundException

    def _assert_default_policy(policy_name):
        if policy_name not in (None, "default"):
            raise NotFoundException("No such policy exists")

    kms_responses._assert_default_policy = _assert_default_policy


def patch_kms_policy_must_be_json():
    """CreateKey / PutKeyPolicy refuse a policy that is not a JSON object.

    AWS: https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateKey.html and
    .../API_PutKeyPolicy.html (Errors: MalformedPolicyDocumentException). moto stored
    any string (and then used it as the key policy).
    """
    from moto.kms.models import KmsBackend

    def check(policy):
        if not policy:
            # Left out (None); moto's own AWS managed keys (aws/dynamodb, aws/rds) pass "".
            return
        try:
            ok = isinstance(json.loads(policy), dict)
        except ValueError:
            ok = False
        if not ok:
            raise JsonRESTError("MalformedPolicyDocumentException",
                                "The key policy is not a valid JSON policy document.")

    original_create = KmsBackend.create_key
    original_put = KmsBackend.put_key_policy

    def create_key(self, policy, *args, **kwargs):
        check(policy)
        return original_create(self, policy, *args, **kwargs)

    def put_key_policy(self, key_id, policy):
        check(policy)
        return original_put(self, key_id, policy)

    KmsBackend.create_key = create_key
    KmsBackend.put_key_policy = put_key_policy


def patch_kms_schedule_key_deletion():
    """ScheduleKeyDeletion: PendingWindowInDays 7..30, and not twice.

    AWS: https://docs.aws.amazon.com/kms/latest/APIReference/API_ScheduleKeyDeletion.html
    (PendingWindowInDays 7-30, else ValidationException; a key already pending deletion
    -> KMSInvalidStateException, see https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html).
    moto silently did nothing for 3 days (key stayed Enabled, no DeletionDate) and
    re-scheduled an already pending key.
    """
    from moto.kms.exceptions import ValidationException
    from moto.kms.models import KmsBackend

    original = KmsBackend.schedule_key_deletion

    def schedule_key_deletion(self, key_id, pending_window_in_days):
        if not 7 <= pending_window_in_days <= 30:
            bound = "greater than or equal to 7" if pending_window_in_days < 7 else "less than or equal to 30"
            raise ValidationException(
                f"1 validation error detected: Value '{pending_window_in_days}' at "
                f"'pendingWindowInDays' failed to satisfy constraint: Member must have value {bound}")
        key = self.keys[self.get_key_id(key_id)]
        if key.key_state == "PendingDeletion":
            raise _kms_invalid_state(key)
        return original(self, key.id, pending_window_in_days)

    KmsBackend.schedule_key_deletion = schedule_key_deletion


def patch_kms_key_rotation():
    """EnableKeyRotation keeps RotationPeriodInDays; GetKeyRotationStatus returns it.

    AWS: https://docs.aws.amazon.com/kms/latest/APIReference/API_EnableKeyRotation.html
    (RotationPeriodInDays 90..2560, default 365) and .../API_GetKeyRotationStatus.html
    (response KeyId, KeyRotationEnabled, RotationPeriodInDays). Enable/DisableKeyRotation
    on a key pending deletion -> KMSInvalidStateException (key-state.html). moto ignored
    the period, never returned it, and changed rotation on keys pending deletion.
    """
    from moto.kms.exceptions import ValidationException
    from moto.kms.responses import KmsResponse

    def key_of(self):
        key_id = self._get_param("KeyId")
        self._validate_cmk_id(key_id)
        return self.kms_backend.keys[self.kms_backend.get_key_id(key_id)]

    def enable_key_rotation(self):
        key = key_of(self)
        period = self._get_param("RotationPeriodInDays")
        period = 365 if period is None else int(period)
        if not 90 <= period <= 2560:
            raise ValidationException(
                f"1 validation error detected: Value '{period}' at 'rotationPeriodInDays' "
                "failed to satisfy constraint: Member must have value between 90 and 2560")
        if key.key_state == "PendingDeletion":
            raise _kms_invalid_state(key)
        key.key_rotation_status = True
        key.rotation_period_in_days = period
        return json.dumps(None)

    def disable_key_rotation(self):
        key = key_of(self)
        if key.key_state == "PendingDeletion":
            raise _kms_invalid_state(key)
        key.key_rotation_status = False
        return json.dumps(None)

    def get_key_rotation_status(self):
        key = key_of(self)
        body = {"KeyId": key.arn, "KeyRotationEnabled": bool(key.key_rotation_status)}
        if key.key_rotation_status:
            body["RotationPeriodInDays"] = getattr(key, "rotation_period_in_days", 365)
        return json.dumps(body)

    KmsResponse.enable_key_rotation = enable_key_rotation
    KmsResponse.disable_key_rotation = disable_key_rotation
    KmsResponse.get_key_rotation_status = get_key_rotation_status


def patch_kms_key_arn_accepted():
    """EnableKey / DisableKey / CancelKeyDeletion accept the key ARN like every other KeyId.

    AWS: https://docs.aws.amazon.com/kms/latest/APIReference/API_EnableKey.html (and
    .../API_DisableKey.html, .../API_CancelKeyDeletion.html: "KeyId ... Specify the key ID or
    key ARN"; CancelKeyDeletion answers KeyId = "The Amazon Resource Name (key ARN) of the KMS
    key whose deletion is canceled"). moto used the ARN as a key id: HTTP 500.
    """
    from moto.kms.models import KmsBackend
    from moto.kms.responses import KmsResponse

    for name in ("enable_key", "disable_key", "cancel_key_deletion"):
        def wrapper(self, key_id, _original=getattr(KmsBackend, name)):
            return _original(self, self.get_key_id(key_id))
        setattr(KmsBackend, name, wrapper)

    def cancel_key_deletion(self):
        key_id = self._get_param("KeyId")
        self._validate_cmk_id(key_id)
        self.kms_backend.cancel_key_deletion(key_id)
        return json.dumps({"KeyId": self.kms_backend.keys[self.kms_backend.get_key_id(key_id)].arn})

    KmsResponse.cancel_key_deletion = cancel_key_deletion


# --------------------------------------------------------------------------------------
# Shared: KMS keys named by other services
# --------------------------------------------------------------------------------------

def _kms_key_or_none(account_id, region, key_id):
    """The KMS key that key_id (key id, key ARN, alias name or alias ARN) names in this
    account and region, or None. An ARN of another account or region is not looked up."""
    from moto.kms.models import kms_backends

    if not key_id:
        return None
    if key_id.startswith("arn:"):
        parts = key_id.split(":", 5)
        if len(parts) != 6 or parts[2] != "kms" or parts[3] != region or parts[4] != account_id:
            return None
    try:
        return kms_backends[account_id][region].describe_key(key_id)
    except Exception:  # moto answers an unknown id with KeyError, NotFoundException or AttributeError
        return None


def _kms_aws_managed_key(account_id, region, service):
    """The AWS managed key alias/aws/<service>, created on first use as AWS does
    (https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#aws-managed-key)."""
    from moto.kms.models import kms_backends

    kms = kms_backends[account_id][region]
    alias = f"alias/aws/{service}"
    if not kms.alias_exists(alias):
        key = kms.create_key(policy="", key_usage="ENCRYPT_DECRYPT", key_spec="SYMMETRIC_DEFAULT",
                             description=f"Default key that protects my {service} resources", tags=None)
        kms.create_alias(key.id, alias)
    return kms.describe_key(alias)


# --------------------------------------------------------------------------------------
# Secrets Manager
# --------------------------------------------------------------------------------------

def patch_secretsmanager_name_scheduled_for_deletion():
    """CreateSecret on a name whose secret is scheduled for deletion -> InvalidRequestException.

    AWS: https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html
    (Errors: InvalidRequestException, "The secret is scheduled for deletion") and
    https://repost.aws/knowledge-center/delete-secrets-manager-secret: the name stays taken
    until the recovery window ends, "You can't create this secret because a secret with this
    name is already scheduled for deletion." moto answered ResourceExistsException, which a
    tool reads as "adopt the existing secret" instead of "restore it first".
    """
    from moto.secretsmanager.exceptions import InvalidRequestException
    from moto.secretsmanager.models import SecretsManagerBackend

    original = SecretsManagerBackend.create_secret

    def create_secret(self, name, *args, **kwargs):
        existing = self.secrets.get(name)
        if existing is not None and existing.is_deleted():
            raise InvalidRequestException(
                "You can't create this secret because a secret with this name is already "
                "scheduled for deletion.")
        return original(self, name, *args, **kwargs)

    SecretsManagerBackend.create_secret = create_secret


def patch_secretsmanager_no_new_value_while_deleted():
    """PutSecretValue on a secret scheduled for deletion -> InvalidRequestException.

    AWS: https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_PutSecretValue.html
    (Errors: InvalidRequestException, "The secret is scheduled for deletion"); the message is
    the one UpdateSecret already gives in moto and AWS gives for both: "You can't perform this
    operation on the secret because it was marked for deletion." moto stored the new version.
    """
    from moto.secretsmanager.exceptions import InvalidRequestException
    from moto.secretsmanager.models import SecretsManagerBackend

    original = SecretsManagerBackend.put_secret_value

    def put_secret_value(self, secret_id, *args, **kwargs):
        secret = self.secrets.get(secret_id)
        if secret is not None and secret.is_deleted():
            raise InvalidRequestException(
                "You can't perform this operation on the secret because it was marked for deletion.")
        return original(self, secret_id, *args, **kwargs)

    SecretsManagerBackend.put_secret_value = put_secret_value


def patch_secretsmanager_kms_key_must_be_usable():
    """CreateSecret (with a value) / UpdateSecret with KmsKeyId need a usable KMS key.

    AWS: https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html
    and .../API_UpdateSecret.html (Errors: EncryptionFailure, "Secrets Manager can't encrypt
    the protected secret text using the provided KMS key. Check that the KMS key is
    available, enabled, and not in an invalid state."). The value is encrypted under that
    key, so a key that does not exist in the secret's region, or is disabled or pending
    deletion, fails the call. moto stored any string as KmsKeyId.
    (KmsKeyId is returned as given, like AWS: DescribeSecret "The key ID or alias ARN".)
    """
    from moto.secretsmanager.models import SecretsManagerBackend

    def check(backend, kms_key_id):
        key = _kms_key_or_none(backend.account_id, backend.region_name, kms_key_id)
        if key is None or key.key_state != "Enabled":
            raise JsonRESTError(
                "EncryptionFailure",
                "Secrets Manager can't encrypt the protected secret text using the provided KMS key. "
                "Check that the KMS key is available, enabled, and not in an invalid state.")

    original_create = SecretsManagerBackend.create_secret
    original_update = SecretsManagerBackend.update_secret

    def create_secret(self, name, *args, **kwargs):
        has_value = kwargs.get("secret_string") is not None or kwargs.get("secret_binary") is not None
        if kwargs.get("kms_key_id") and has_value and name not in self.secrets:
            check(self, kwargs["kms_key_id"])
        return original_create(self, name, *args, **kwargs)

    def update_secret(self, secret_id, *args, **kwargs):
        if kwargs.get("kms_key_id") and secret_id in self.secrets:
            check(self, kwargs["kms_key_id"])
        return original_update(self, secret_id, *args, **kwargs)

    SecretsManagerBackend.create_secret = create_secret
    SecretsManagerBackend.update_secret = update_secret


# --------------------------------------------------------------------------------------
# RDS
# --------------------------------------------------------------------------------------

# Longest master password per engine family (API_CreateDBInstance, MasterUserPassword).
RDS_PASSWORD_MAX_LENGTH = {"postgres": 128, "mysql": 41, "mariadb": 41, "sqlserver": 128,
                           "oracle": 30, "db2": 255}
RDS_PASSWORD_FORBIDDEN = "/@\" "


def _rds_check_master_user_password(engine, password):
    from moto.rds.exceptions import InvalidParameterValue

    if not password:
        raise InvalidParameterValue(
            "The parameter MasterUserPassword must be provided and must not be blank.")
    if len(password) < 8:
        raise InvalidParameterValue("The parameter MasterUserPassword is not a valid password "
                                    "because it is shorter than 8 characters.")
    longest = RDS_PASSWORD_MAX_LENGTH.get((engine or "postgres").split("-")[0], 128)
    if len(password) > longest:
        raise InvalidParameterValue("The parameter MasterUserPassword is not a valid password "
                                    f"because it is longer than {longest} characters.")
    if any(not " " <= ch <= "~" or ch in RDS_PASSWORD_FORBIDDEN for ch in password):
        raise InvalidParameterValue(
            "The parameter MasterUserPassword is not a valid password. Only printable ASCII "
            "characters besides '/', '@', '\"', ' ' may be used.")


def patch_rds_master_user_password_rules():
    """CreateDBInstance / ModifyDBInstance check MasterUserPassword like AWS.

    AWS: https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html
    and .../API_ModifyDBInstance.html (MasterUserPassword: any printable ASCII character except
    slash, double quote and at sign, and no space; RDS for PostgreSQL 8 to 128 characters,
    MySQL/MariaDB 41, Oracle 30, SQL Server 128, Db2 255). AWS answers InvalidParameterValue
    "The parameter MasterUserPassword is not a valid password. Only printable ASCII
    characters besides '/', '@', '\"', ' ' may be used." A non-Aurora instance without
    ManageMasterUserPassword needs one. moto accepted any password, or none, for instances.
    """
    from moto.rds.responses import RDSResponse

    original_create = RDSResponse.create_db_instance
    original_modify = RDSResponse.modify_db_instance

    def create_db_instance(self):
        params = self.params
        if not params.get("DBClusterIdentifier") and not params.get("ManageMasterUserPassword"):
            _rds_check_master_user_password(params.get("Engine"), params.get("MasterUserPassword"))
        return original_create(self)

    def modify_db_instance(self):
        params = self.params
        database = self.backend.databases.get((params.get("DBInstanceIdentifier") or "").lower())
        if database is not None and params.get("MasterUserPassword") is not None:
            _rds_check_master_user_password(database.engine, params.get("MasterUserPassword"))
        return original_modify(self)

    RDSResponse.create_db_instance = create_db_instance
    RDSResponse.modify_db_instance = modify_db_instance


def patch_rds_storage_encryption_key():
    """CreateDBInstance with StorageEncrypted: KmsKeyId must name a usable key; the instance
    reports the key ARN; without KmsKeyId the AWS managed key aws/rds is used.

    AWS: https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html
    (KmsKeyId: "key ARN, key ID, alias ARN, or alias name"; "If you don't specify a value for
    the KmsKeyId parameter, then Amazon RDS uses your default KMS key"; Errors:
    KMSKeyNotAccessibleFault) and .../API_DBInstance.html (KmsKeyId: "the AWS KMS key
    identifier for the encrypted DB instance ... is the key ARN"). moto stored the string as
    given (a key id, an alias, the ARN of a key that does not exist) or "default_kms_key_id".
    """
    from moto.rds.exceptions import KMSKeyNotAccessibleFault
    from moto.rds.responses import RDSResponse

    original = RDSResponse.create_db_instance

    def create_db_instance(self):
        params = self.params
        if params.get("StorageEncrypted") and not params.get("DBClusterIdentifier"):
            key_id = params.get("KmsKeyId")
            if key_id:
                key = _kms_key_or_none(self.current_account, self.region, key_id)
                if key is None or key.key_state != "Enabled":
                    raise KMSKeyNotAccessibleFault(key_id)
            else:
                key = _kms_aws_managed_key(self.current_account, self.region, "rds")
            params["KmsKeyId"] = key.arn
        return original(self)

    RDSResponse.create_db_instance = create_db_instance


def patch_rds_delete_needs_a_final_snapshot_decision():
    """DeleteDBInstance needs FinalDBSnapshotIdentifier unless SkipFinalSnapshot, not both.

    AWS: https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DeleteDBInstance.html
    (SkipFinalSnapshot defaults to false: "If you don't enable this parameter, you must
    specify the FinalDBSnapshotIdentifier parameter"; FinalDBSnapshotIdentifier: "Specifying
    this parameter and also skipping the creation of a final DB snapshot with the
    SkipFinalShapshot parameter results in an error"). AWS answers InvalidParameterCombination
    "FinalDBSnapshotIdentifier is required unless SkipFinalSnapshot is specified." moto
    deleted the instance without any snapshot. Read replicas and Aurora members are exempt.
    """
    from moto.rds.exceptions import InvalidParameterCombination
    from moto.rds.responses import RDSResponse

    original = RDSResponse.delete_db_instance

    def delete_db_instance(self):
        params = self.params
        database = self.backend.databases.get((params.get("DBInstanceIdentifier") or "").lower())
        standalone = (database is not None and not database.is_replica
                      and not getattr(database, "db_cluster_identifier", None))
        if standalone:
            final, skip = params.get("FinalDBSnapshotIdentifier"), params.get("SkipFinalSnapshot")
            if not final and not skip:
                raise InvalidParameterCombination(
                    "FinalDBSnapshotIdentifier is required unless SkipFinalSnapshot is specified.")
            if final and skip:
                raise InvalidParameterCombination(
                    "You cannot specify both FinalDBSnapshotIdentifier and SkipFinalSnapshot")
        return original(self)

    RDSResponse.delete_db_instance = delete_db_instance


def _rds_check_subnet_group_azs(subnets):
    from moto.rds.exceptions import RDSClientError

    zones = sorted({subnet.availability_zone for subnet in subnets})
    if len(zones) < 2:
        raise RDSClientError(
            "DBSubnetGroupDoesNotCoverEnoughAZs",
            "The DB subnet group doesn't meet Availability Zone (AZ) coverage requirement. "
            f"Current AZ coverage: {', '.join(zones)}. Add subnets to cover at least 2 AZs.")


def patch_rds_create_subnet_group_checks():
    """CreateDBSubnetGroup: an existing name -> DBSubnetGroupAlreadyExists; subnets in
    fewer than two Availability Zones -> DBSubnetGroupDoesNotCoverEnoughAZs.

    AWS: https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBSubnetGroup.html
    (Errors: DBSubnetGroupAlreadyExists, DBSubnetGroupDoesNotCoverEnoughAZs: "Subnets in the
    DB subnet group should cover at least two Availability Zones unless there is only one
    Availability Zone."). moto silently replaced an existing group and accepted one AZ.
    """
    from moto.rds.exceptions import RDSClientError
    from moto.rds.models import RDSBackend

    original = RDSBackend.create_subnet_group

    def create_subnet_group(self, subnet_name, description, subnets, tags):
        if subnet_name in self.subnet_groups:
            raise RDSClientError("DBSubnetGroupAlreadyExistsFault",
                                 f"The DB subnet group '{subnet_name}' already exists.")
        _rds_check_subnet_group_azs(subnets)
        return original(self, subnet_name, description, subnets, tags)

    RDSBackend.create_subnet_group = create_subnet_group


def patch_rds_modify_subnet_group_keeps_it():
    """ModifyDBSubnetGroup changes the group in place (moto dropped it: the group vanished
    from DescribeDBSubnetGroups after a successful modify; an unknown name was HTTP 500).

    AWS: https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_ModifyDBSubnetGroup.html
    (Errors: DBSubnetGroupNotFoundFault, DBSubnetGroupDoesNotCoverEnoughAZs).
    """
    from moto.rds.exceptions import DBSubnetGroupNotFoundError
    from moto.rds.models import RDSBackend

    def modify_db_subnet_group(self, subnet_name, description, subnets):
        group = self.subnet_groups.get(subnet_name)
        if group is None:
            raise DBSubnetGroupNotFoundError(subnet_name)
        _rds_check_subnet_group_azs(subnets)
        group.subnets = subnets
        if description is not None:
            group.description = description
        return group

    RDSBackend.modify_db_subnet_group = modify_db_subnet_group


def patch_rds_subnet_group_in_use_cannot_be_deleted():
    """DeleteDBSubnetGroup fails while a DB instance uses the group.

    AWS: https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DeleteDBSubnetGroup.html
    ("The specified database subnet group must not be associated with any DB instances";
    Errors: InvalidDBSubnetGroupStateFault, message "Cannot delete the subnet group 'NAME'
    because at least one database instance: ID is still using it."). moto deleted it, so a
    destroy in the wrong order passed.
    """
    from moto.rds.exceptions import RDSClientError
    from moto.rds.models import RDSBackend

    original = RDSBackend.delete_subnet_group

    def delete_subnet_group(self, subnet_name):
        for database in list(self.databases.values()):
            group = getattr(database, "db_subnet_group", None)
            if group is not None and group.name == subnet_name:
                raise RDSClientError(
                    "InvalidDBSubnetGroupStateFault",
                    f"Cannot delete the subnet group '{subnet_name}' because at least one database "
                    f"instance: {database.db_instance_identifier} is still using it.")
        return original(self, subnet_name)

    RDSBackend.delete_subnet_group = delete_subnet_group


def patch_rds_tags_need_the_resource():
    """ListTagsForResource / AddTagsToResource / RemoveTagsFromResource on the ARN of a DB
    instance, subnet group, snapshot or cluster that does not exist -> its NotFound fault.

    AWS: https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_ListTagsForResource.html
    (and API_AddTagsToResource / API_RemoveTagsFromResource; Errors: DBInstanceNotFound,
    DBSnapshotNotFound, DBClusterNotFoundFault, ...). moto answered an empty tag list and
    silently dropped new tags.
    """
    from moto.rds.exceptions import (DBClusterNotFoundError, DBInstanceNotFoundError,
                                     DBSnapshotNotFoundFault, DBSubnetGroupNotFoundError)
    from moto.rds.models import RDSBackend

    missing = {"db": DBInstanceNotFoundError, "subgrp": DBSubnetGroupNotFoundError,
               "snapshot": DBSnapshotNotFoundFault, "cluster": DBClusterNotFoundError}
    original = RDSBackend._get_resource_for_tagging

    def _get_resource_for_tagging(self, arn):
        resource = original(self, arn)
        parts = arn.split(":", 6)
        if resource is None and len(parts) == 7 and parts[5] in missing:
            raise missing[parts[5]](parts[6])
        return resource

    RDSBackend._get_resource_for_tagging = _get_resource_for_tagging


def patch_rds_retained_automated_backups_stay_apart():
    """Automated backups retained from a deleted instance never block a new instance of the
    same name, and deleting the new instance does not delete them.

    AWS: https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_WorkingWithAutomatedBackups.Retaining.html
    (with DeleteAutomatedBackups=false the automated backups are retained apart from any
    instance, keyed by the old instance's DbiResourceId, until they expire or
    DeleteDBInstanceAutomatedBackup removes them) and .../APIReference/API_DeleteDBInstance.html
    (DeleteAutomatedBackups "remove automated backups immediately after the DB instance is
    deleted": the backups of that instance only). moto names the automated snapshot taken at
    CreateDBInstance "rds:<id>-<yyyy-mm-dd-hh-mm>": re-creating an instance within the same
    minute as the retained backup failed with DBSnapshotAlreadyExists (and left the instance
    half created), and a later DeleteDBInstance deleted the retained backups of the earlier
    instance too. Here a colliding automated snapshot id gets a "-2", "-3"... suffix (manual
    snapshots, e.g. FinalDBSnapshotIdentifier, keep their ids), and DeleteDBInstance only
    deletes the automated snapshots of the instance being deleted.
    """
    from moto.rds.models import RDSBackend

    original_auto = RDSBackend.create_auto_snapshot
    original_delete = RDSBackend.delete_db_instance

    def create_auto_snapshot(self, db_instance_identifier, db_snapshot_identifier):
        snapshot_id, n = db_snapshot_identifier, 1
        while snapshot_id in self.database_snapshots:
            n += 1
            snapshot_id = f"{db_snapshot_identifier}-{n}"
        return original_auto(self, db_instance_identifier, snapshot_id)

    def automated(self, db_instance_identifier):
        return {sid: snap for sid, snap in self.database_snapshots.items()
                if snap.snapshot_type == "automated"
                and snap.database.db_instance_identifier == db_instance_identifier}

    def delete_db_instance(self, db_instance_identifier, *args, **kwargs):
        # Backups already retained from an earlier instance of this name are not this one's.
        retained = {sid: snap for sid, snap in automated(self, db_instance_identifier).items()
                    if getattr(snap, "tapctl_retained", False)}
        result = original_delete(self, db_instance_identifier, *args, **kwargs)
        for snap in automated(self, db_instance_identifier).values():
            snap.tapctl_retained = True  # kept (DeleteAutomatedBackups=false): retained now
        self.database_snapshots.update(retained)
        return result

    RDSBackend.create_auto_snapshot = create_auto_snapshot
    RDSBackend.delete_db_instance = delete_db_instance


def _rds_page(model, operation, key, entries, params):
    """One page of an RDS Describe* answer by MaxRecords and Marker, through moto's paginator
    (``model`` names ``operation``). A marker moto did not hand out for these parameters is
    refused as InvalidParameterValue: moto's InvalidToken is JSON, which an RDS client cannot read.
    """
    from moto.core.exceptions import InvalidToken
    from moto.rds.exceptions import InvalidParameterValue
    from moto.utilities.paginator import paginate

    def listing(**_):
        return entries

    listing.__name__ = operation  # the name paginate looks up in the model
    original = params.original_dict() if hasattr(params, "original_dict") else dict(params)
    try:
        page, marker = paginate(model)(listing)(**original)
    except InvalidToken:
        raise InvalidParameterValue("The marker is not valid for this request.")
    result = {key: page}
    if marker:
        result["Marker"] = marker
    return result


def patch_rds_describe_db_snapshots_pages():
    """DescribeDBSnapshots pages by MaxRecords and Marker.

    AWS: https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DescribeDBSnapshots.html
    ("This API action supports pagination"; MaxRecords: when more records exist, "a pagination
    token called a marker is included in the response so that you can retrieve the remaining
    results", default 100; Marker: the response "includes only records beyond the marker, up
    to the value specified by MaxRecords"). moto 5.2.1 answered every snapshot in one page
    whatever MaxRecords said (it pages DescribeDBInstances, not this), so a caller that read
    only the first page was never caught. The marker is moto's own opaque paging token, valid
    only with the same other parameters; one that is not is refused as InvalidParameterValue
    (the page does not say what AWS answers, and moto's InvalidToken is JSON, which an RDS
    client cannot read). MaxRecords outside 20..100 (AWS's constraint) is not refused here.
    """
    from moto.core.responses import ActionResult
    from moto.rds.responses import RDSResponse

    model = {"DescribeDBSnapshots": {"input_token": "Marker", "limit_key": "MaxRecords", "limit_default": 100,
                                     "unique_attribute": "db_snapshot_identifier"}}
    original = RDSResponse.describe_db_snapshots

    def describe_db_snapshots(self):
        snapshots = original(self).result["DBSnapshots"]

        return ActionResult(_rds_page(model, "DescribeDBSnapshots", "DBSnapshots", snapshots, self.params))

    RDSResponse.describe_db_snapshots = describe_db_snapshots


# The RDS for PostgreSQL versions AWS offers in 2026, by major version, oldest first. AWS's notice
# of 2026 (RDS for PostgreSQL minor versions 14.14-14.17, 15.9-15.12, 16.5-16.8 and 17.1-17.4 reach
# the end of standard support on May 31, 2026; no new instances of them from May 1, 2026; instances
# are upgraded to 14.20, 15.15, 16.11, 17.7 or higher) retires the last of the minors released
# before May 2025; the earlier ones (16.1-16.4 with their peers 14.10-14.13 and 15.5-15.8) were
# retired before. See https://docs.aws.amazon.com/AmazonRDS/latest/PostgreSQLReleaseNotes/postgresql-release-calendar.html
# and .../PostgreSQLReleaseNotes/postgresql-versions.html. Majors 13 and older (RDS Extended
# Support) are not modelled.
RDS_POSTGRES_OFFERED = {
    "14": ["14.18", "14.19", "14.20"],
    "15": ["15.13", "15.14", "15.15"],
    "16": ["16.9", "16.10", "16.11"],
    "17": ["17.5", "17.6", "17.7"],
    "18": ["18.1"],
}
RDS_POSTGRES_RETIRED = ([f"14.{m}" for m in range(10, 18)] + [f"15.{m}" for m in range(5, 13)]
                        + [f"16.{m}" for m in range(1, 9)] + [f"17.{m}" for m in range(1, 5)])


def _rds_version_key(version):
    return [int(part) if part.isdigit() else 0 for part in version.split(".")]


def _rds_postgres_versions(include_retired):
    """Every postgres version RDS lists, oldest first, as (version, status)."""
    versions = [(v, "available") for minors in RDS_POSTGRES_OFFERED.values() for v in minors]
    if include_retired:
        versions += [(v, "deprecated") for v in RDS_POSTGRES_RETIRED]
    return sorted(versions, key=lambda item: _rds_version_key(item[0]))


def _rds_postgres_default(major=None):
    """The version RDS creates when given only a major version (its newest minor), or none at all
    (the newest version)."""
    if major is None:
        return _rds_postgres_versions(False)[-1][0]
    minors = RDS_POSTGRES_OFFERED.get(major)
    return minors[-1] if minors else None


def patch_rds_postgres_engine_versions():
    """DescribeDBEngineVersions answers the RDS for PostgreSQL versions AWS offers now;
    CreateDBInstance refuses a postgres version AWS does not offer, and creates the newest minor of
    a major-only version (reported as that minor).

    AWS: https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DescribeDBEngineVersions.html
    (Engine, EngineVersion, DBParameterGroupFamily, DefaultOnly "only the default version of the
    specified engine or the engine and major version combination", IncludeAll "also list the engine
    versions that aren't available" (retired ones, Status "deprecated" here), MaxRecords default
    100 and Marker "This API action supports pagination"); versions as in RDS_POSTGRES_OFFERED
    above (release calendar and versions pages cited there). An EngineVersion matches on whole
    leading parts, as AWS answers it: "16" lists every 16.x (terraform-provider-aws's acceptance
    tests of aws_rds_engine_version rely on it: version "15" with latest gives a 15.x, "8.0" an
    8.0.x). .../PostgreSQLReleaseNotes/postgresql-versions.html: a new instance may name a major
    version alone or with any available minor; with a major version alone RDS uses the latest
    release of that major, with no version an available one, usually the newest (the
    describe-db-engine-versions --default-only answer); .../APIReference/API_DBInstance.html
    (EngineVersion: the version the instance runs, so the minor RDS chose). A version RDS does not
    offer: HTTP 400 InvalidParameterCombination "Cannot find version 16.4 for postgres", as AWS
    answers CreateDBInstance of a retired minor.

    moto 5.2.1 answered DescribeDBEngineVersions with HTTP 500 (not implemented), created any
    version string given, kept a major-only "16" as EngineVersion "16" (parameter group
    "default.postgres", no such family), and without EngineVersion created postgres 9.3.3.
    Not modelled: other engines (an empty list), Filters, ListSupportedCharacterSets/Timezones,
    ValidUpgradeTarget; ModifyDBInstance to a retired version is not refused; a
    DBParameterGroupFamily that does not exist answers an empty list (the page only says it "must
    match an existing DB parameter group family").
    """
    from moto.core.responses import ActionResult
    from moto.rds.exceptions import InvalidParameterCombination
    from moto.rds.responses import RDSResponse

    model = {"DescribeDBEngineVersions": {"input_token": "Marker", "limit_key": "MaxRecords", "limit_default": 100,
                                          "unique_attribute": ["Engine", "EngineVersion"]}}

    def version_entry(version, status):
        major = version.split(".")[0]
        return {"Engine": "postgres", "EngineVersion": version, "DBParameterGroupFamily": f"postgres{major}",
                "DBEngineDescription": "PostgreSQL", "DBEngineVersionDescription": f"PostgreSQL {version}-R1",
                "MajorEngineVersion": major, "Status": status, "SupportsReadReplica": True,
                "SupportsLogExportsToCloudwatchLogs": True, "ExportableLogTypes": ["postgresql", "upgrade"]}

    def matches(version, wanted):
        return version == wanted or version.startswith(wanted + ".")

    def describe_db_engine_versions(self):
        params = self.params
        engine = params.get("Engine")
        wanted = params.get("EngineVersion")
        family = params.get("DBParameterGroupFamily")
        versions = [] if engine not in (None, "postgres") else _rds_postgres_versions(bool(params.get("IncludeAll")))
        entries = [version_entry(v, status) for v, status in versions
                   if (not wanted or matches(v, wanted))
                   and (not family or family == f"postgres{v.split('.')[0]}")]
        if params.get("DefaultOnly") and entries:
            default = _rds_postgres_default(wanted.split(".")[0] if wanted else None)
            entries = [e for e in entries if e["EngineVersion"] == default] or entries[-1:]

        return ActionResult(_rds_page(model, "DescribeDBEngineVersions", "DBEngineVersions", entries, params))

    original_create = RDSResponse.create_db_instance

    def create_db_instance(self):
        params = self.params
        if (params.get("Engine") or "").lower() == "postgres" and not params.get("DBClusterIdentifier"):
            version = params.get("EngineVersion")
            offered = {v for minors in RDS_POSTGRES_OFFERED.values() for v in minors}
            if not version:
                params["EngineVersion"] = _rds_postgres_default()
            elif version in RDS_POSTGRES_OFFERED:
                params["EngineVersion"] = _rds_postgres_default(version)
            elif version not in offered:
                raise InvalidParameterCombination(f"Cannot find version {version} for postgres")
        return original_create(self)

    RDSResponse.describe_db_engine_versions = describe_db_engine_versions
    RDSResponse.create_db_instance = create_db_instance


# --------------------------------------------------------------------------------------
# DynamoDB
# --------------------------------------------------------------------------------------

def _dynamodb_sse(account_id, region, sse):
    """The SSE settings a table keeps for an SSESpecification, None for the AWS owned key.

    AWS: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_SSESpecification.html
    (Enabled false or absent: AWS owned key; true: KMS, with KMSMasterKeyId "key ID, ARN,
    alias name, or alias ARN", else the AWS managed key alias/aws/dynamodb) and
    .../API_SSEDescription.html (KMSMasterKeyArn: "The KMS key ARN").
    """
    from moto.dynamodb.exceptions import MockValidationException

    if not sse or not sse.get("Enabled"):
        return None
    key_id = sse.get("KMSMasterKeyId")
    if key_id:
        key = _kms_key_or_none(account_id, region, key_id)
        if key is None or key.key_state != "Enabled":
            # The code is AWS's (API_CreateTable / API_UpdateTable validation); the wording is ours.
            raise MockValidationException(
                f"KMSMasterKeyId {key_id} does not name an enabled KMS key in {region}.")
    else:
        key = _kms_aws_managed_key(account_id, region, "dynamodb")
    return {"Enabled": True, "SSEType": "KMS", "KMSMasterKeyId": key.arn}


def patch_dynamodb_sse_key_is_an_arn():
    """CreateTable: SSEDescription.KMSMasterKeyArn is the key ARN; an unknown or disabled key
    is refused (see _dynamodb_sse). moto returned the key id or alias as given as
    "KMSMasterKeyArn", and the ARN of a key that does not exist.
    """
    from moto.dynamodb.models import DynamoDBBackend

    original = DynamoDBBackend.create_table

    def create_table(self, name, **params):
        if params.get("sse_specification") is not None:
            params["sse_specification"] = _dynamodb_sse(
                self.account_id, self.region_name, params["sse_specification"])
        return original(self, name, **params)

    DynamoDBBackend.create_table = create_table


def patch_dynamodb_update_table_sse():
    """UpdateTable applies SSESpecification (moto ignored it: the old key stayed).

    AWS: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateTable.html
    (SSESpecification: "The new server-side encryption settings for the specified table";
    switching to another KMS key, to the AWS managed key or back to the AWS owned key with
    Enabled false). The change is at once ENABLED here (AWS shows UPDATING for a while).
    """
    from moto.dynamodb.responses import DynamoHandler

    original = DynamoHandler.update_table

    def update_table(self):
        sse = self.body.get("SSESpecification")
        if sse is not None:
            table = self.dynamodb_backend.get_table(self.body["TableName"])
            table.sse_specification = _dynamodb_sse(self.current_account, self.region, sse)
        return original(self)

    DynamoHandler.update_table = update_table


def patch_dynamodb_deletion_protection_message():
    """DeleteTable on a table with deletion protection: AWS's ValidationException message.

    AWS: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/WorkingWithTables.Basics.html#WorkingWithTables.Basics.DeletionProtection
    (a protected table cannot be deleted); AWS answers ValidationException "Resource cannot be
    deleted as it is currently protected against deletion. Disable deletion protection
    first." moto had the right code but its own wording ("1 validation error detected: Table
    'x' can't be deleted while DeletionProtectionEnabled is set to True").
    """
    import moto.dynamodb.exceptions as ddb_exceptions
    import moto.dynamodb.models as ddb_models

    class DeletionProtectedException(ddb_exceptions.MockValidationException):
        def __init__(self, table_name):
            super().__init__("Resource cannot be deleted as it is currently protected against "
                             "deletion. Disable deletion protection first.")

    ddb_models.DeletionProtectedException = DeletionProtectedException


def patch_dynamodb_tag_resource_overwrites_by_key():
    """TagResource on a key the table already has replaces its value; TagResource /
    UntagResource on a table that does not exist -> ResourceNotFoundException.

    AWS: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Tag.html ("Each
    DynamoDB table can only have up to one tag with the same key. If you try to add an existing
    tag (same key), the existing tag value will be updated to the new value.") and
    .../API_TagResource.html (Errors: ResourceNotFoundException). moto appended a second
    entry with the same key, so ListTagsOfResource answered both values, and its paging
    (NextToken = the last key of a page, resumed after the first entry with that key) looped
    for ever once a table had more than ten entries; a missing table was tagged silently.
    """
    from moto.dynamodb.exceptions import ResourceNotFoundException
    from moto.dynamodb.models import DynamoDBBackend

    def table_for(self, table_arn):
        for table in self.tables.values():
            if table.table_arn == table_arn:
                return table
        raise ResourceNotFoundException()

    def tag_resource(self, table_arn, tags):
        table = table_for(self, table_arn)
        merged = {tag["Key"]: tag["Value"] for tag in table.tags}
        merged.update({tag["Key"]: tag["Value"] for tag in tags})
        table.tags = [{"Key": key, "Value": value} for key, value in merged.items()]

    def untag_resource(self, table_arn, tag_keys):
        table = table_for(self, table_arn)
        table.tags = [tag for tag in table.tags if tag["Key"] not in tag_keys]

    DynamoDBBackend.tag_resource = tag_resource
    DynamoDBBackend.untag_resource = untag_resource


# --------------------------------------------------------------------------------------
# S3
# --------------------------------------------------------------------------------------

def patch_s3_bucket_policy_is_checked():
    """PutBucketPolicy refuses a document that is not JSON, has no statements, or names a
    resource outside the bucket or a non-S3 action (MalformedPolicy, HTTP 400).

    AWS: https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketPolicy.html and
    https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html (MalformedPolicy);
    AWS's messages: "Policies must be valid JSON and the first byte must be '{'", "Missing
    required field Statement", "Policy has invalid resource", "Policy has invalid action".
    moto stored anything, and then failed every PutObject with HTTP 500 on a non-JSON policy.
    """
    from moto.s3.exceptions import S3ClientError
    from moto.s3.models import S3Backend

    original = S3Backend.put_bucket_policy

    def malformed(message):
        return S3ClientError("MalformedPolicy", message)

    def put_bucket_policy(self, bucket_name, policy):
        self.get_bucket(bucket_name)  # NoSuchBucket first
        text = policy.decode("utf-8") if isinstance(policy, bytes) else policy
        try:
            doc = json.loads(text)
        except ValueError:
            doc = None
        if not isinstance(doc, dict) or not text.lstrip().startswith("{"):
            raise malformed("Policies must be valid JSON and the first byte must be '{'")
        statements = _as_list(doc.get("Statement"))
        if not statements:
            raise malformed("Missing required field Statement")
        bucket_arn = f"arn:aws:s3:::{bucket_name}"
        for st in statements:
            if not isinstance(st, dict):
                raise malformed("Policies must be valid JSON and the first byte must be '{'")
            for resource in _as_list(st.get("Resource")) + _as_list(st.get("NotResource")):
                if not isinstance(resource, str) or not (
                        resource.startswith(bucket_arn + "/")
                        or fnmatch.fnmatchcase(bucket_arn, resource)
                        or fnmatch.fnmatchcase(bucket_arn + "/key", resource)):
                    raise malformed("Policy has invalid resource")
            for action in _as_list(st.get("Action")) + _as_list(st.get("NotAction")):
                if not isinstance(action, str) or not (action == "*" or action.lower().startswith("s3:")):
                    raise malformed("Policy has invalid action")
        return original(self, bucket_name, policy)

    S3Backend.put_bucket_policy = put_bucket_policy


# --------------------------------------------------------------------------------------
# SQS
# --------------------------------------------------------------------------------------

# Valid ranges of the integer queue attributes (API_SetQueueAttributes / API_CreateQueue).
SQS_ATTRIBUTE_RANGES = {
    "DelaySeconds": (0, 900),
    "MessageRetentionPeriod": (60, 1209600),
    "ReceiveMessageWaitTimeSeconds": (0, 20),
    "VisibilityTimeout": (0, 43200),
    "KmsDataKeyReusePeriodSeconds": (60, 86400),
}


def _sqs_check_attribute_ranges(attributes):
    from moto.sqs.exceptions import InvalidAttributeValue

    for name, (low, high) in SQS_ATTRIBUTE_RANGES.items():
        if name in (attributes or {}):
            try:
                ok = low <= int(str(attributes[name])) <= high
            except ValueError:
                ok = False
            if not ok:
                raise InvalidAttributeValue(name)


def patch_sqs_attribute_ranges():
    """CreateQueue / SetQueueAttributes refuse integer attributes outside their ranges
    (InvalidAttributeValue "Invalid value for the parameter NAME.").

    AWS: https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SetQueueAttributes.html
    and .../API_CreateQueue.html: DelaySeconds 0-900, MessageRetentionPeriod 60-1,209,600,
    ReceiveMessageWaitTimeSeconds 0-20, VisibilityTimeout 0-43,200, KmsDataKeyReusePeriodSeconds
    60-86,400 (Errors: InvalidAttributeValue). moto checked MaximumMessageSize only and stored
    e.g. MessageRetentionPeriod=10.
    """
    from moto.sqs.models import SQSBackend

    original_create = SQSBackend.create_queue
    original_set = SQSBackend.set_queue_attributes

    def create_queue(self, name, tags=None, **kwargs):
        _sqs_check_attribute_ranges(kwargs)
        return original_create(self, name, tags, **kwargs)

    def set_queue_attributes(self, queue_name, attributes):
        _sqs_check_attribute_ranges(attributes)
        return original_set(self, queue_name, attributes)

    SQSBackend.create_queue = create_queue
    SQSBackend.set_queue_attributes = set_queue_attributes


def patch_sqs_kms_key_turns_off_sqs_managed_sse():
    """A queue with KmsMasterKeyId reports SqsManagedSseEnabled "false".

    AWS: https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SetQueueAttributes.html
    (SqsManagedSseEnabled: "Only one server-side encryption option is supported per queue
    (for example, SSE-KMS or SSE-SQS)"). moto kept its default SqsManagedSseEnabled "true" next
    to the KMS key, so a queue looked encrypted twice. Removing the key (KmsMasterKeyId "")
    leaves SqsManagedSseEnabled as it is.
    """
    from moto.sqs.models import Queue

    original = Queue._set_attributes

    def _set_attributes(self, attributes, now=None):
        original(self, attributes, now)
        if attributes.get("KmsMasterKeyId"):
            self.sqs_managed_sse_enabled = False

    Queue._set_attributes = _set_attributes


# --------------------------------------------------------------------------------------
# Lambda
# --------------------------------------------------------------------------------------

LAMBDA_LOG_FORMATS = ["JSON", "Text"]
LAMBDA_APPLICATION_LOG_LEVELS = ["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"]
LAMBDA_SYSTEM_LOG_LEVELS = ["DEBUG", "INFO", "WARN"]


def _lambda_logging_config(function_name, current, requested):
    """The LoggingConfig a function keeps after a request with `requested` (None: unchanged).

    AWS: https://docs.aws.amazon.com/lambda/latest/api/API_LoggingConfig.html (LogFormat
    JSON | Text; LogGroup default /aws/lambda/<function name>, pattern [\\.\\-_/#A-Za-z0-9]+,
    1-512 characters; ApplicationLogLevel TRACE..FATAL; SystemLogLevel DEBUG | INFO | WARN) and
    https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-log-level.html ("To
    use log-level filtering, your function must be configured to use the JSON log format").
    AWS answers a function without LoggingConfig with {LogFormat: Text, LogGroup:
    /aws/lambda/<name>}, fills both levels with INFO for JSON, and refuses a level with Text:
    InvalidParameterValueException "LogLevel is not supported when LogFormat is set to "Text".
    Remove LogLevel from your request or change the LogFormat to "Json" and try again."
    An UpdateFunctionConfiguration LoggingConfig is merged into the current one (fields left
    out keep their values; AWS does not document this case).
    """
    from moto.awslambda.exceptions import InvalidParameterValueException, ValidationException

    config = dict(current or {"LogFormat": "Text", "LogGroup": f"/aws/lambda/{function_name}"})
    if requested is None:
        return config
    requested = {k: v for k, v in requested.items() if v not in (None, "")}
    config.update(requested)
    checks = [("LogFormat", "loggingConfig.logFormat", LAMBDA_LOG_FORMATS),
              ("ApplicationLogLevel", "loggingConfig.applicationLogLevel", LAMBDA_APPLICATION_LOG_LEVELS),
              ("SystemLogLevel", "loggingConfig.systemLogLevel", LAMBDA_SYSTEM_LOG_LEVELS)]
    for key, where, allowed in checks:
        if key in config and config[key] not in allowed:
            raise ValidationException(config[key], where,
                                      f"Member must satisfy enum value set: [{', '.join(allowed)}]")
    group = config.get("LogGroup") or f"/aws/lambda/{function_name}"
    if not re.fullmatch(r"[\.\-_/#A-Za-z0-9]{1,512}", group):
        raise ValidationException(group, "loggingConfig.logGroup",
                                  "Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+")
    config["LogGroup"] = group
    if config["LogFormat"] == "Text":
        if "ApplicationLogLevel" in requested or "SystemLogLevel" in requested:
            raise InvalidParameterValueException(
                'LogLevel is not supported when LogFormat is set to "Text". Remove LogLevel from '
                'your request or change the LogFormat to "Json" and try again.')
        config.pop("ApplicationLogLevel", None)
        config.pop("SystemLogLevel", None)
    else:
        config.setdefault("ApplicationLogLevel", "INFO")
        config.setdefault("SystemLogLevel", "INFO")
    return config


def _lambda_dead_letter_config(current, requested):
    """The DeadLetterConfig a function keeps after a request with `requested` (None: unchanged).

    AWS: https://docs.aws.amazon.com/lambda/latest/api/API_DeadLetterConfig.html (TargetArn:
    "The Amazon Resource Name (ARN) of an Amazon SQS queue or Amazon SNS topic", pattern
    (arn:(aws[a-zA-Z-]*)?:[a-z0-9-.]+:.*)|()); an empty TargetArn removes it, and a function
    without one has no DeadLetterConfig in its configuration.
    """
    from moto.awslambda.exceptions import ValidationException

    if requested is None:
        return current
    target = requested.get("TargetArn") or ""
    if not target:
        return None
    if not re.fullmatch(r"arn:(aws[a-zA-Z-]*)?:[a-z0-9-.]+:.*", target):
        raise ValidationException(target, "deadLetterConfig.targetArn",
                                  "Member must satisfy regular expression pattern: "
                                  "(arn:(aws[a-zA-Z-]*)?:[a-z0-9-.]+:.*)|()")
    return {"TargetArn": target}


def patch_lambda_dead_letter_and_logging_config():
    """CreateFunction / UpdateFunctionConfiguration keep DeadLetterConfig and LoggingConfig;
    GetFunction / GetFunctionConfiguration / the update answers return them as AWS does.

    AWS: https://docs.aws.amazon.com/lambda/latest/api/API_FunctionConfiguration.html
    (DeadLetterConfig, LoggingConfig), .../API_CreateFunction.html and
    .../API_UpdateFunctionConfiguration.html; the rules are in _lambda_logging_config and
    _lambda_dead_letter_config. moto ignored both parameters and returned neither field.
    """
    from moto.awslambda.models import LambdaFunction

    original_init = LambdaFunction.__init__
    original_update = LambdaFunction.update_configuration
    original_get = LambdaFunction.get_configuration

    def __init__(self, account_id, spec, region, version=1):
        name = spec.get("FunctionName")
        dead_letter = _lambda_dead_letter_config(None, spec.get("DeadLetterConfig"))
        logging_config = _lambda_logging_config(name, None, spec.get("LoggingConfig"))
        original_init(self, account_id, spec, region, version)
        self.dead_letter_config = dead_letter
        self.logging_config = logging_config

    def update_configuration(self, config_updates):
        dead_letter = _lambda_dead_letter_config(
            getattr(self, "dead_letter_config", None), config_updates.get("DeadLetterConfig"))
        logging_config = _lambda_logging_config(
            self.function_name, getattr(self, "logging_config", None), config_updates.get("LoggingConfig"))
        original_update(self, config_updates)
        self.dead_letter_config = dead_letter
        self.logging_config = logging_config
        return self.get_configuration()

    def get_configuration(self, on_create=False):
        config = original_get(self, on_create)
        dead_letter = getattr(self, "dead_letter_config", None)
        if dead_letter:
            config["DeadLetterConfig"] = dict(dead_letter)
        config["LoggingConfig"] = dict(getattr(self, "logging_config", None)
                                       or _lambda_logging_config(self.function_name, None, None))
        return config

    LambdaFunction.__init__ = __init__
    LambdaFunction.update_configuration = update_configuration
    LambdaFunction.get_configuration = get_configuration


def patch_lambda_update_role_must_be_assumable():
    """UpdateFunctionConfiguration with a Role that does not exist -> InvalidParameterValueException
    "The role defined for the function cannot be assumed by Lambda." (as CreateFunction).

    AWS: https://docs.aws.amazon.com/lambda/latest/api/API_UpdateFunctionConfiguration.html
    (Role: "The Amazon Resource Name (ARN) of the function's execution role"; Errors:
    InvalidParameterValueException). moto checked the role on CreateFunction only and stored
    any role ARN on update.
    """
    from moto.awslambda.exceptions import InvalidParameterValueException, InvalidRoleFormat
    from moto.awslambda.models import LambdaFunction
    from moto.iam.models import iam_backends

    original = LambdaFunction.update_configuration

    def update_configuration(self, config_updates):
        role = config_updates.get("Role")
        if role is not None:
            match = re.fullmatch(InvalidRoleFormat.pattern, role)
            if not match:
                raise InvalidRoleFormat(role)
            iam = iam_backends[match.group(2)][self.partition]
            if not any(r.arn == role for r in iam.get_roles()):
                raise InvalidParameterValueException(
                    "The role defined for the function cannot be assumed by Lambda.")
        return original(self, config_updates)

    LambdaFunction.update_configuration = update_configuration


def patch_lambda_statement_id_is_unique():
    """AddPermission with a StatementId the function policy already has -> ResourceConflictException
    (HTTP 409) "The statement id (SID) provided already exists. Please provide a new statement
    id, or remove the existing statement."

    AWS: https://docs.aws.amazon.com/lambda/latest/api/API_AddPermission.html (StatementId "A
    statement identifier that differentiates the statement from others in the same policy";
    Errors: ResourceConflictException, 409). moto appended a second statement with the same
    Sid, so RemovePermission then left a copy behind and GetPolicy still answered it.
    """
    from moto.awslambda.policy import Policy

    original = Policy.add_statement

    def add_statement(self, raw, qualifier=None):
        sid = (json.loads(raw) or {}).get("StatementId")
        if sid is not None and any(st.get("Sid") == sid for st in self.statements):
            error = JsonRESTError(
                "ResourceConflictException",
                f"The statement id ({sid}) provided already exists. Please provide a new statement "
                "id, or remove the existing statement.")
            error.code = 409
            raise error
        return original(self, raw, qualifier)

    Policy.add_statement = add_statement


# --------------------------------------------------------------------------------------
# API Gateway (REST APIs, v1)
# --------------------------------------------------------------------------------------

def _apigw_error(error_type, message, status):
    error = JsonRESTError(error_type, message)
    error.code = status
    return error


def patch_apigateway_tags_by_arn():
    """GetTags / TagResource / UntagResource on the ARN of a REST API, stage, usage plan or
    API key (arn:aws:apigateway:REGION::/restapis/ID[/stages/NAME], ::/usageplans/ID,
    ::/apikeys/ID); the tags are the ones GetRestApi / GetStage / GetUsagePlan return.

    AWS: https://docs.aws.amazon.com/apigateway/latest/api/API_GetTags.html,
    .../API_TagResource.html, .../API_UntagResource.html (an ARN naming nothing ->
    NotFoundException, with the message of the resource's own Get call). moto had no GetTags
    at all (HTTP 500), and TagResource / UntagResource only for stage ARNs; a REST API ARN did
    not even reach them (its "/" characters broke the route).
    """
    from urllib.parse import unquote

    import moto.apigateway.urls as apigw_urls
    from moto.apigateway.responses import APIGatewayResponse

    apigw_urls.url_paths["{0}/tags/(?P<resourceArn>.+)$"] = APIGatewayResponse.dispatch

    def target(self):
        arn = unquote(self.path.split("/tags/", 1)[1])
        path = arn.split("::", 1)[1] if "::" in arn else ""
        parts = path.strip("/").split("/")
        backend = self.backend
        if len(parts) == 2 and parts[0] == "restapis":
            return backend.get_rest_api(parts[1])
        if len(parts) == 4 and parts[0] == "restapis" and parts[2] == "stages":
            return backend.get_stage(parts[1], parts[3])
        if len(parts) == 2 and parts[0] == "usageplans":
            return backend.get_usage_plan(parts[1])
        if len(parts) == 2 and parts[0] == "apikeys":
            return backend.get_api_key(parts[1])
        raise _apigw_error("NotFoundException", "Invalid resource identifier specified", 404)

    def get_tags(self):
        return 200, {}, json.dumps({"tags": dict(target(self).tags or {})})

    def tag_resource(self):
        resource = target(self)
        resource.tags = dict(resource.tags or {}, **(self._get_param("tags") or {}))
        return 204, {}, ""

    def untag_resource(self):
        resource = target(self)
        keys = self.querystring.get("tagKeys") or []
        resource.tags = {k: v for k, v in (resource.tags or {}).items() if k not in keys}
        return 204, {}, ""

    APIGatewayResponse.get_tags = get_tags
    APIGatewayResponse.tag_resource = tag_resource
    APIGatewayResponse.untag_resource = untag_resource


def _apigw_logging_enabled(op):
    path, value = op.get("path", ""), str(op.get("value", ""))
    if op.get("op") not in ("add", "replace"):
        return False
    if path == "/accessLogSettings/destinationArn":
        return bool(value)
    if path.endswith("/logging/loglevel"):
        return value.upper() != "OFF"
    if path.endswith("/logging/dataTrace"):
        return value.lower() == "true"
    return False


# "Set up CloudWatch logging for REST APIs in API Gateway" (set-up-logging.html, "Permissions
# for CloudWatch logging"): the role needs the permissions of the managed policy
# AmazonAPIGatewayPushToCloudWatchLogs, whose document (AWS Managed Policy reference,
# AmazonAPIGatewayPushToCloudWatchLogs) allows exactly these actions.
_APIGW_LOG_ACTIONS = ("logs:CreateLogGroup", "logs:CreateLogStream", "logs:DescribeLogGroups",
                      "logs:DescribeLogStreams", "logs:PutLogEvents", "logs:GetLogEvents",
                      "logs:FilterLogEvents")
_APIGW_ROLE_REFUSED = ("The role ARN does not have required permissions configured. Please grant trust "
                       "permission for API Gateway and add the required role policy.")


def _policy_documents(role):
    """The role's inline policies and the default versions of its attached managed ones, parsed."""
    from urllib.parse import unquote

    texts = list((role.policies or {}).values())
    for policy in (role.managed_policies or {}).values():
        texts.extend(v.document for v in policy.versions if v.is_default)
    docs = []
    for text in texts:
        try:
            docs.append(json.loads(text) if isinstance(text, str) and text.lstrip().startswith("{")
                        else json.loads(unquote(text)) if isinstance(text, str) else text)
        except (TypeError, ValueError):
            continue
    return docs


def _apigw_missing_log_actions(role):
    """The documented actions no Allow statement of the role grants (matched as IAM matches
    action patterns: case-insensitive, * and ?). Resources are not judged: AWS cannot know
    at UpdateAccount time which groups API Gateway will write to."""
    allowed = []
    for doc in _policy_documents(role):
        for st in _as_list(doc.get("Statement")) if isinstance(doc, dict) else []:
            if isinstance(st, dict) and st.get("Effect") == "Allow":
                allowed.extend(str(a).lower() for a in _as_list(st.get("Action")))
    return [a for a in _APIGW_LOG_ACTIONS
            if not any(fnmatch.fnmatchcase(a.lower(), pattern) for pattern in allowed)]


def patch_apigateway_logging_needs_the_account_role():
    """UpdateStage that turns on access logging or execution logging fails unless the account
    has a CloudWatch role: BadRequestException "CloudWatch Logs role ARN must be set in account
    settings to enable logging". UpdateAccount /cloudwatchRoleArn takes only a role that exists,
    trusts apigateway.amazonaws.com and whose policies (inline and attached managed ones) allow
    every action of the documented permissions (_APIGW_LOG_ACTIONS): BadRequestException "The
    role ARN does not have required permissions configured. Please grant trust permission for
    API Gateway and add the required role policy." (AWS's wording today; it used to end "set to
    API Gateway").

    AWS: https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html
    ("To enable CloudWatch Logs, you must grant API Gateway permission to read and write logs
    to CloudWatch for your account ... set the IAM role ARN ... in the account settings";
    the role's trust policy must name apigateway.amazonaws.com) and
    https://docs.aws.amazon.com/apigateway/latest/api/API_UpdateAccount.html. moto accepted
    access log settings without any account role and any string as the role ARN.
    """
    from moto.apigateway.models import APIGatewayBackend
    from moto.iam.models import iam_backends

    original_update_stage = APIGatewayBackend.update_stage
    original_update_account = APIGatewayBackend.update_account

    def update_stage(self, function_id, stage_name, patch_operations):
        self.get_stage(function_id, stage_name)  # NotFound first
        if any(_apigw_logging_enabled(op) for op in patch_operations or []) \
                and not self.get_account().cloudwatch_role_arn:
            raise _apigw_error("BadRequestException",
                               "CloudWatch Logs role ARN must be set in account settings to enable logging", 400)
        return original_update_stage(self, function_id, stage_name, patch_operations)

    def trusts_api_gateway(role):
        try:
            doc = json.loads(role.assume_role_policy_document)
        except (TypeError, ValueError):
            return False
        for st in _as_list(doc.get("Statement")):
            if not isinstance(st, dict) or st.get("Effect") != "Allow":
                continue
            services = _as_list((st.get("Principal") or {}).get("Service")) \
                if isinstance(st.get("Principal"), dict) else []
            actions = [a.lower() for a in _as_list(st.get("Action"))]
            if "apigateway.amazonaws.com" in services and any(
                    fnmatch.fnmatchcase("sts:assumerole", a) for a in actions):
                return True
        return False

    def update_account(self, patch_operations):
        for op in patch_operations or []:
            if op.get("path") == "/cloudwatchRoleArn" and op.get("value"):
                iam = iam_backends[self.account_id][self.partition]
                role = next((r for r in iam.get_roles() if r.arn == op["value"]), None)
                if role is None or not trusts_api_gateway(role) or _apigw_missing_log_actions(role):
                    raise _apigw_error("BadRequestException", _APIGW_ROLE_REFUSED, 400)
        return original_update_account(self, patch_operations)

    APIGatewayBackend.update_stage = update_stage
    APIGatewayBackend.update_account = update_account


def patch_apigateway_resource_path_part_is_unique():
    """CreateResource: a parent that does not exist -> NotFoundException "Invalid Resource
    identifier specified"; a pathPart the parent already has -> ConflictException (409)
    "Another resource with the same parent already has this name: PART".

    AWS: https://docs.aws.amazon.com/apigateway/latest/api/API_CreateResource.html (Errors:
    ConflictException, NotFoundException). moto created a second /items under the same parent
    (and any parent id was accepted).
    """
    from moto.apigateway.models import APIGatewayBackend

    original = APIGatewayBackend.create_resource

    def create_resource(self, function_id, parent_resource_id, path_part):
        api = self.get_rest_api(function_id)
        if path_part:
            if parent_resource_id not in api.resources:
                raise _apigw_error("NotFoundException", "Invalid Resource identifier specified", 404)
            for resource in api.resources.values():
                if resource.parent_id == parent_resource_id and resource.path_part == path_part:
                    raise _apigw_error("ConflictException",
                                       f"Another resource with the same parent already has this name: {path_part}",
                                       409)
        return original(self, function_id, parent_resource_id, path_part)

    APIGatewayBackend.create_resource = create_resource


def patch_apigateway_resources_embed_methods_only_on_request():
    """GetResources / GetResource return each method in full only with embed=methods; without
    it resourceMethods maps each HTTP method to an empty object.

    AWS: https://docs.aws.amazon.com/apigateway/latest/api/API_GetResources.html (embed: "used
    to retrieve the specified resources embedded in the returned Resources resource ...
    Currently, the request supports only retrieval of the embedded Method resources this way",
    e.g. GET /restapis/{restapi_id}/resources?embed=methods); AWS answers {"GET": {}} without
    it. moto always embedded the whole method (integration, responses), so code that forgot
    embed=methods passed here and read empty methods on AWS.
    """
    from moto.apigateway.responses import APIGatewayResponse

    original_list = APIGatewayResponse.get_resources
    original_one = APIGatewayResponse.get_resource

    def wants_methods(self):
        embed = ",".join(self.querystring.get("embed") or [])
        return "methods" in [e.strip() for e in embed.split(",")]

    def strip(resource):
        if resource.get("resourceMethods"):
            resource["resourceMethods"] = {m: {} for m in resource["resourceMethods"]}
        return resource

    def get_resources(self):
        body = original_list(self)
        if wants_methods(self):
            return body
        doc = json.loads(body)
        doc["item"] = [strip(r) for r in doc.get("item", [])]
        return json.dumps(doc)

    def get_resource(self):
        body = original_one(self)
        return body if wants_methods(self) else json.dumps(strip(json.loads(body)))

    APIGatewayResponse.get_resources = get_resources
    APIGatewayResponse.get_resource = get_resource


def patch_apigateway_get_integration_not_found():
    """GetIntegration of a method without an integration -> NotFoundException (404) "Invalid
    Integration identifier specified" (a method that does not exist: "Invalid Method
    identifier specified").

    AWS: https://docs.aws.amazon.com/apigateway/latest/api/API_GetIntegration.html (Errors:
    NotFoundException). moto answered 200 with an empty body for both.
    """
    from moto.apigateway.models import APIGatewayBackend

    def get_integration(self, function_id, resource_id, method_type):
        method = self.get_resource(function_id, resource_id).get_method(method_type)
        if method.method_integration is None:
            raise _apigw_error("NotFoundException", "Invalid Integration identifier specified", 404)
        return method.method_integration

    APIGatewayBackend.get_integration = get_integration


# Default status code of each gateway response type (DEFAULT_4XX / DEFAULT_5XX have none).
APIGW_GATEWAY_RESPONSE_STATUS = {
    "DEFAULT_4XX": None, "DEFAULT_5XX": None, "RESOURCE_NOT_FOUND": "404", "UNAUTHORIZED": "401",
    "INVALID_API_KEY": "403", "ACCESS_DENIED": "403", "AUTHORIZER_FAILURE": "500",
    "AUTHORIZER_CONFIGURATION_ERROR": "500", "INVALID_SIGNATURE": "403", "EXPIRED_TOKEN": "403",
    "MISSING_AUTHENTICATION_TOKEN": "403", "INTEGRATION_FAILURE": "504",
    "INTEGRATION_TIMEOUT": "504", "API_CONFIGURATION_ERROR": "500",
    "UNSUPPORTED_MEDIA_TYPE": "415", "BAD_REQUEST_PARAMETERS": "400", "BAD_REQUEST_BODY": "400",
    "REQUEST_TOO_LARGE": "413", "THROTTLED": "429", "QUOTA_EXCEEDED": "429", "WAF_FILTERED": "403",
}


def patch_apigateway_default_gateway_responses():
    """GetGatewayResponse of a type never put answers API Gateway's default response
    (defaultResponse true); GetGatewayResponses lists every type, the put ones and the
    defaults; Put/Get/DeleteGatewayResponse of an unknown type -> BadRequestException.

    AWS: https://docs.aws.amazon.com/apigateway/latest/api/API_GetGatewayResponses.html ("If
    an API developer has not added any definitions for gateway responses, the result will be
    the API Gateway-generated default GatewayResponses collection for the supported response
    types"), .../API_GatewayResponse.html (defaultResponse) and
    https://docs.aws.amazon.com/apigateway/latest/developerguide/supported-gateway-response-types.html
    (types and default status codes). A default answers responseParameters {} and
    responseTemplates {"application/json": "{\"message\":$context.error.messageString}"}.
    moto answered NotFoundException (HTTP 400) for a type never put, listed only the put ones
    and stored any type name.
    """
    from moto.apigateway.models import GatewayResponse, RestAPI

    original_put = RestAPI.put_gateway_response
    original_delete = RestAPI.delete_gateway_response

    def check_type(response_type):
        if response_type not in APIGW_GATEWAY_RESPONSE_STATUS:
            raise _apigw_error(
                "BadRequestException",
                f"1 validation error detected: Value '{response_type}' at 'responseType' failed to "
                "satisfy constraint: Member must satisfy enum value set: ["
                + ", ".join(APIGW_GATEWAY_RESPONSE_STATUS) + "]", 400)

    def default(response_type):
        response = GatewayResponse(response_type, APIGW_GATEWAY_RESPONSE_STATUS[response_type], {},
                                   {"application/json": '{"message":$context.error.messageString}'})
        response.default_response = True
        return response

    def put_gateway_response(self, response_type, *args, **kwargs):
        check_type(response_type)
        return original_put(self, response_type, *args, **kwargs)

    def get_gateway_response(self, response_type):
        check_type(response_type)
        return self.gateway_responses.get(response_type) or default(response_type)

    def get_gateway_responses(self):
        return [self.gateway_responses.get(t) or default(t) for t in APIGW_GATEWAY_RESPONSE_STATUS]

    def delete_gateway_response(self, response_type):
        check_type(response_type)
        if response_type not in self.gateway_responses:
            raise _apigw_error("NotFoundException", "Invalid Gateway Response identifier specified", 404)
        return original_delete(self, response_type)

    RestAPI.put_gateway_response = put_gateway_response
    RestAPI.get_gateway_response = get_gateway_response
    RestAPI.get_gateway_responses = get_gateway_responses
    RestAPI.delete_gateway_response = delete_gateway_response


def patch_apigateway_usage_plan_checks():
    """CreateUsagePlan / UpdateUsagePlan (add /apiStages) need an existing REST API and stage
    (NotFoundException "Invalid Rest API Id specified" / "Invalid stage identifier specified");
    DeleteUsagePlan of an unknown id -> NotFoundException "Invalid Usage Plan ID specified".

    AWS: https://docs.aws.amazon.com/apigateway/latest/api/API_CreateUsagePlan.html,
    .../API_UpdateUsagePlan.html and .../API_DeleteUsagePlan.html (Errors: NotFoundException).
    moto stored api stages that did not exist and answered HTTP 500 for an unknown plan on
    delete. (The messages are moto's for GetRestApi / GetStage.)
    """
    from moto.apigateway.models import APIGatewayBackend

    original_create = APIGatewayBackend.create_usage_plan
    original_update = APIGatewayBackend.update_usage_plan
    original_delete = APIGatewayBackend.delete_usage_plan

    def create_usage_plan(self, payload):
        for stage in payload.get("apiStages") or []:
            self.get_stage(stage.get("apiId"), stage.get("stage"))
        return original_create(self, payload)

    def update_usage_plan(self, usage_plan_id, patch_operations):
        self.get_usage_plan(usage_plan_id)
        for op in patch_operations or []:
            if op.get("op") == "add" and op.get("path") == "/apiStages":
                api_id, _, stage = str(op.get("value", "")).partition(":")
                self.get_stage(api_id, stage)
        return original_update(self, usage_plan_id, patch_operations)

    def delete_usage_plan(self, usage_plan_id):
        self.get_usage_plan(usage_plan_id)
        return original_delete(self, usage_plan_id)

    APIGatewayBackend.create_usage_plan = create_usage_plan
    APIGatewayBackend.update_usage_plan = update_usage_plan
    APIGatewayBackend.delete_usage_plan = delete_usage_plan


def patch_apigateway_usage_plan_numbers():
    """UpdateUsagePlan keeps /throttle/rateLimit as a double and /throttle/burstLimit,
    /quota/limit, /quota/offset as integers.

    AWS: https://docs.aws.amazon.com/apigateway/latest/api/API_ThrottleSettings.html
    (rateLimit: Double, burstLimit: Integer) and .../API_QuotaSettings.html (limit, offset:
    Integer); the patch value is a string. moto parsed rateLimit with int() (HTTP 500 for
    "12.5") and stored the quota numbers as strings.
    """
    from moto.apigateway.models import UsagePlan

    original = UsagePlan.apply_patch_operations
    numbers = {"/throttle/rateLimit": ("throttle", "rateLimit", float),
               "/throttle/burstLimit": ("throttle", "burstLimit", int),
               "/quota/limit": ("quota", "limit", int),
               "/quota/offset": ("quota", "offset", int)}

    def apply_patch_operations(self, patch_operations):
        rest = []
        for op in patch_operations or []:
            if op.get("op") in ("add", "replace") and op.get("path") in numbers:
                section, key, kind = numbers[op["path"]]
                try:
                    value = kind(str(op.get("value")))
                except ValueError:
                    raise _apigw_error("BadRequestException",
                                       f"Invalid value for {op['path']}: {op.get('value')}", 400)
                getattr(self, section)[key] = value
            else:
                rest.append(op)
        return original(self, rest)

    UsagePlan.apply_patch_operations = apply_patch_operations


def patch_apigateway_delete_of_a_missing_id():
    """DeleteRestApi / DeleteResource of an id that does not exist -> NotFoundException (404)
    ("Invalid Rest API Id specified" / moto's "Invalid resource identifier specified").

    AWS: https://docs.aws.amazon.com/apigateway/latest/api/API_DeleteRestApi.html and
    .../API_DeleteResource.html (Errors: NotFoundException). moto answered HTTP 500 (KeyError),
    which a delete that treats "already gone" as done could not tell from a real failure.
    """
    from moto.apigateway.models import APIGatewayBackend

    original_api = APIGatewayBackend.delete_rest_api
    original_resource = APIGatewayBackend.delete_resource

    def delete_rest_api(self, function_id):
        self.get_rest_api(function_id)
        return original_api(self, function_id)

    def delete_resource(self, function_id, resource_id):
        self.get_resource(function_id, resource_id)
        return original_resource(self, function_id, resource_id)

    APIGatewayBackend.delete_rest_api = delete_rest_api
    APIGatewayBackend.delete_resource = delete_resource


def patch_sns_email_subscriptions_wait_for_confirmation():
    """An email subscription stays pending until its owner confirms it, as on AWS.

    AWS: https://docs.aws.amazon.com/sns/latest/api/API_Subscribe.html (ReturnSubscriptionArn:
    without it, "if the subscription requires confirmation, the response returns 'pending
    confirmation'" instead of the ARN); ListSubscriptionsByTopic / ListSubscriptions show
    SubscriptionArn "PendingConfirmation" for such a subscription, GetSubscriptionAttributes
    PendingConfirmation "true"; "You can't delete a subscription that's pending confirmation"
    (SNS Developer Guide, "Deleting an Amazon SNS subscription and topic"): Unsubscribe answers
    InvalidParameter "Cannot unsubscribe a subscription that is pending confirmation" (the
    message terraform-provider-aws's aws_sns_topic_subscription checks for). moto confirmed
    every email subscription at once and returned its ARN. No mail is sent, so nothing here
    ever confirms one (SNS deletes it after 48 hours; the emulator keeps it until a reset).
    """
    from moto.core.responses import ActionResult
    from moto.sns.exceptions import SNSInvalidParameter
    from moto.sns.models import SNSBackend
    from moto.sns.responses import SNSResponse

    original_subscribe = SNSBackend.subscribe
    original_unsubscribe = SNSBackend.unsubscribe

    def subscribe(self, topic_arn, endpoint, protocol):
        existing = self._find_subscription(topic_arn, endpoint, protocol)
        subscription = original_subscribe(self, topic_arn, endpoint, protocol)
        if existing is None and protocol == "email":
            subscription.attributes["PendingConfirmation"] = "true"
            subscription.attributes["ConfirmationWasAuthenticated"] = "false"
        return subscription

    def pending(subscription):
        return str(subscription.attributes.get("PendingConfirmation")).lower() == "true"

    def unsubscribe(self, subscription_arn):
        subscription = self.subscriptions.get(subscription_arn)
        if subscription is not None and pending(subscription):
            raise SNSInvalidParameter("Invalid parameter: Cannot unsubscribe a subscription that is pending confirmation")
        return original_unsubscribe(self, subscription_arn)

    original_subscribe_response = SNSResponse.subscribe

    def subscribe_response(self):
        result = original_subscribe_response(self)
        subscription = self.backend.subscriptions.get(result.result["SubscriptionArn"])
        returns_arn = str(self._get_param("ReturnSubscriptionArn")).lower() == "true"
        if subscription is not None and pending(subscription) and not returns_arn:
            return ActionResult({"SubscriptionArn": "pending confirmation"})
        return result

    def listed(subscriptions):
        return [{"SubscriptionArn": "PendingConfirmation" if pending(s) else s.arn, "Owner": s.owner,
                 "Protocol": s.protocol, "Endpoint": s.endpoint, "TopicArn": s.topic.arn} for s in subscriptions]

    def list_subscriptions(self):
        subscriptions, next_token = self.backend.list_subscriptions(next_token=self._get_param("NextToken"))
        return ActionResult({"Subscriptions": listed(subscriptions), "NextToken": next_token})

    def list_subscriptions_by_topic(self):
        subscriptions, next_token = self.backend.list_subscriptions_by_topic(
            self._get_param("TopicArn"), next_token=self._get_param("NextToken"))
        return ActionResult({"Subscriptions": listed(subscriptions), "NextToken": next_token})

    SNSBackend.subscribe = subscribe
    SNSBackend.unsubscribe = unsubscribe
    SNSResponse.subscribe = subscribe_response
    SNSResponse.list_subscriptions = list_subscriptions
    SNSResponse.list_subscriptions_by_topic = list_subscriptions_by_topic


def patch_cloudwatch_put_metric_alarm_keeps_tags_of_an_existing_alarm():
    """PutMetricAlarm on an alarm that exists leaves its tags alone.

    AWS: https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html
    (Tags: "If you are using this operation to update an existing alarm, any tags you specify in
    this parameter are ignored. To change the tags of an existing alarm, use TagResource or
    UntagResource."). moto applied them on every put.
    """
    from moto.cloudwatch.models import CloudWatchBackend

    original = CloudWatchBackend.put_metric_alarm

    def put_metric_alarm(self, name, *args, **kwargs):
        if name in self.alarms:
            kwargs["tags"] = None
        return original(self, name, *args, **kwargs)

    CloudWatchBackend.put_metric_alarm = put_metric_alarm
def patch_apigateway_update_method():
    """UpdateMethod: replace /apiKeyRequired ("true"/"false"), /authorizationType,
    /authorizerId, /operationName and /requestValidatorId of an existing method; the answer is
    the method. An unknown method -> NotFoundException "Invalid Method identifier specified";
    another path -> BadRequestException.

    AWS: https://docs.aws.amazon.com/apigateway/latest/api/API_UpdateMethod.html (patch
    operations on a Method; Errors: NotFoundException, BadRequestException) and
    .../API_Method.html (apiKeyRequired: Boolean). moto 5.2.1 had no UpdateMethod at all, so
    a method whose API key requirement was switched off outside tapctl could not be modelled.
    """
    from moto.apigateway.responses import APIGatewayResponse

    fields = {"/apiKeyRequired": "api_key_required", "/authorizationType": "authorization_type",
              "/authorizerId": "authorizer_id", "/operationName": "operation_name",
              "/requestValidatorId": "request_validator_id"}

    def update_method(self):
        parts = self.path.split("/")
        api_id, resource_id, http_method = parts[2], parts[4], parts[6]
        resource = self.backend.get_resource(api_id, resource_id)
        method = (resource.resource_methods or {}).get(http_method)
        if method is None:
            raise _apigw_error("NotFoundException", "Invalid Method identifier specified", 404)
        for op in self._get_param("patchOperations") or []:
            path = op.get("path")
            if op.get("op") != "replace" or path not in fields:
                raise _apigw_error("BadRequestException",
                                   f"Invalid patch path '{path}' specified for op '{op.get('op')}'", 400)
            value = op.get("value")
            if path == "/apiKeyRequired":
                if str(value).lower() not in ("true", "false"):
                    raise _apigw_error("BadRequestException", f"Invalid value for /apiKeyRequired: {value}", 400)
                value = str(value).lower() == "true"
            setattr(method, fields[path], value)
        return 200, {}, json.dumps(method.to_json())

    APIGatewayResponse.update_method = update_method


def patch_apigateway_usage_plan_keys():
    """CreateUsagePlanKey on an unknown plan -> NotFoundException "Invalid Usage Plan ID
    specified"; a key the plan already has -> ConflictException (409); DeleteUsagePlanKey of
    a key the plan does not have -> NotFoundException; DeleteApiKey also takes the key out of
    every usage plan (the plan cannot keep a key that no longer exists).

    AWS: https://docs.aws.amazon.com/apigateway/latest/api/API_CreateUsagePlanKey.html and
    .../API_DeleteUsagePlanKey.html (Errors: NotFoundException, ConflictException), and
    "Usage plans and API keys for REST APIs" in the API Gateway developer guide. moto stored a
    key for a plan that did not exist, added the same key twice and answered HTTP 500
    (KeyError) for a delete of a key that is not in the plan.
    """
    from moto.apigateway.models import APIGatewayBackend

    original_create = APIGatewayBackend.create_usage_plan_key
    original_delete = APIGatewayBackend.delete_usage_plan_key
    original_delete_key = APIGatewayBackend.delete_api_key

    def create_usage_plan_key(self, usage_plan_id, payload):
        if usage_plan_id not in self.usage_plans:
            raise _apigw_error("NotFoundException", "Invalid Usage Plan ID specified", 404)
        if payload.get("keyId") in self.usage_plan_keys.get(usage_plan_id, {}):
            raise _apigw_error("ConflictException",
                               f"Usage Plan {usage_plan_id} already has API Key {payload.get('keyId')}", 409)
        return original_create(self, usage_plan_id, payload)

    def delete_usage_plan_key(self, usage_plan_id, key_id):
        if key_id not in self.usage_plan_keys.get(usage_plan_id, {}):
            raise _apigw_error("NotFoundException", "Invalid Usage Plan Key identifier specified", 404)
        return original_delete(self, usage_plan_id, key_id)

    def delete_api_key(self, api_key_id):
        original_delete_key(self, api_key_id)
        for keys in self.usage_plan_keys.values():
            keys.pop(api_key_id, None)

    APIGatewayBackend.create_usage_plan_key = create_usage_plan_key
    APIGatewayBackend.delete_usage_plan_key = delete_usage_plan_key
    APIGatewayBackend.delete_api_key = delete_api_key


PATCHES = [
    patch_dynamodb_create_table_is_atomic,
    patch_logs_retention_values,
    patch_logs_create_log_group_kms_key,
    patch_logs_associate_disassociate_kms_key,
    patch_logs_tags_belong_to_the_group,
    patch_ec2_rule_identity_ignores_description,
    patch_ec2_referenced_group_cannot_be_deleted,
    patch_ec2_run_instances_resolves_ssm_image_id,
    patch_ec2_unknown_image_id_refused,
    patch_ec2_run_instances_client_token_is_idempotent,
    patch_ec2_unknown_instance_profile_is_an_invalid_parameter,
    patch_ec2_instance_security_groups_are_the_primary_interface_groups,
    patch_ec2_instance_profile_follows_the_association,
    patch_ec2_availability_zones_opt_in_status,
    patch_ec2_create_subnet_zone_of_its_region,
    patch_ec2_nat_gateway_tag_filters,
    patch_ec2_release_address_held_by_a_nat_gateway,
    patch_ec2_detach_internet_gateway_with_mapped_addresses,
    patch_ec2_modify_network_interface_attachment_delete_on_termination,
    patch_iam_create_role_validates_trust_policy,
    patch_iam_list_instance_profile_tags,
    patch_iam_remove_role_not_in_instance_profile,
    patch_iam_account_authorization_details,
    patch_kms_policy_name_optional,
    patch_kms_policy_must_be_json,
    patch_kms_schedule_key_deletion,
    patch_kms_key_rotation,
    patch_kms_key_arn_accepted,
    patch_secretsmanager_name_scheduled_for_deletion,
    patch_secretsmanager_no_new_value_while_deleted,
    patch_secretsmanager_kms_key_must_be_usable,
    patch_rds_master_user_password_rules,
    patch_rds_storage_encryption_key,
    patch_rds_delete_needs_a_final_snapshot_decision,
    patch_rds_create_subnet_group_checks,
    patch_rds_modify_subnet_group_keeps_it,
    patch_rds_subnet_group_in_use_cannot_be_deleted,
    patch_rds_tags_need_the_resource,
    patch_rds_retained_automated_backups_stay_apart,
    patch_rds_describe_db_snapshots_pages,
    patch_rds_postgres_engine_versions,
    patch_dynamodb_sse_key_is_an_arn,
    patch_dynamodb_update_table_sse,
    patch_dynamodb_deletion_protection_message,
    patch_dynamodb_tag_resource_overwrites_by_key,
    patch_s3_bucket_policy_is_checked,
    patch_sqs_attribute_ranges,
    patch_sqs_kms_key_turns_off_sqs_managed_sse,
    patch_lambda_dead_letter_and_logging_config,
    patch_lambda_update_role_must_be_assumable,
    patch_lambda_statement_id_is_unique,
    patch_apigateway_tags_by_arn,
    patch_apigateway_logging_needs_the_account_role,
    patch_apigateway_resource_path_part_is_unique,
    patch_apigateway_resources_embed_methods_only_on_request,
    patch_apigateway_get_integration_not_found,
    patch_apigateway_default_gateway_responses,
    patch_apigateway_usage_plan_checks,
    patch_apigateway_usage_plan_numbers,
    patch_apigateway_delete_of_a_missing_id,
    patch_sns_email_subscriptions_wait_for_confirmation,
    patch_cloudwatch_put_metric_alarm_keeps_tags_of_an_existing_alarm,
    patch_apigateway_update_method,
    patch_apigateway_usage_plan_keys,
]


class CloudWatchRpcV2Cbor:
    """WSGI middleware: CloudWatch's Smithy RPC v2 CBOR protocol, translated to the JSON protocol moto speaks.

    AWS SDK for Java 2.x (2.57.8 here) talks to CloudWatch in Smithy RPC v2 CBOR, the protocol
    AWS lists first for the service: POST /service/GraniteServiceVersion20100801/operation/<Op>,
    header smithy-protocol: rpc-v2-cbor, CBOR bodies both ways, errors as a CBOR map with
    __type and message (Smithy specification, "RPC v2 CBOR protocol"). moto 5.2.1 answers
    CloudWatch in the JSON protocol (awsJson1_0, X-Amz-Target GraniteServiceVersion20100801.<Op>)
    and failed every CBOR request (HTTP 500, the body is not UTF-8). This decodes the request,
    hands moto the same call in JSON, and encodes moto's answer back in CBOR with the
    operation's output shape (botocore's own CBOR parser and serializer). Other requests pass.
    """
    PATH = "/service/GraniteServiceVersion20100801/operation/"

    def __init__(self, app):
        self.app = app
        self._model = None

    def model(self):
        if self._model is None:
            import botocore.session
            self._model = botocore.session.get_session().get_service_model("cloudwatch")
        return self._model

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if not path.startswith(self.PATH) or "cbor" not in environ.get("HTTP_SMITHY_PROTOCOL", ""):
            return self.app(environ, start_response)
        import io
        from botocore.parsers import RpcV2CBORParser
        from botocore.serialize import RpcV2CBORSerializer

        operation = path[len(self.PATH):].strip("/")
        length = int(environ.get("CONTENT_LENGTH") or 0)
        raw = environ["wsgi.input"].read(length) if length else b""
        parser = RpcV2CBORParser()
        params = parser.parse_data_item(parser.get_peekable_stream_from_bytes(raw)) if raw else {}
        body = json.dumps(params, default=_json_default).encode("utf-8")
        inner = dict(environ)
        inner.update({"PATH_INFO": "/", "REQUEST_URI": "/", "RAW_URI": "/", "CONTENT_TYPE": "application/x-amz-json-1.0",
                      "CONTENT_LENGTH": str(len(body)), "wsgi.input": io.BytesIO(body),
                      "HTTP_X_AMZ_TARGET": "GraniteServiceVersion20100801." + operation})
        inner.pop("HTTP_SMITHY_PROTOCOL", None)
        captured = {}

        def capture(status, headers, exc_info=None):
            captured["status"], captured["headers"] = status, headers
            return lambda data: None

        answer = b"".join(self.app(inner, capture))
        status = captured["status"]
        decoded = json.loads(answer) if answer.strip() else {}
        serializer = RpcV2CBORSerializer()
        if status.startswith("2"):
            shape = self.model().operation_model(operation).output_shape
            out = serializer._serialize_body_params(decoded, shape) if shape is not None else b""
        else:
            error = {"__type": str(decoded.get("__type", "InternalFailure")).split("#")[-1],
                     "message": str(decoded.get("message", decoded.get("Message", "")))}
            out = bytearray()
            serializer._serialize_type_map(out, error, _CBOR_STRING_MAP, None)
            out = bytes(out)
        headers = [(k, v) for k, v in captured["headers"] if k.lower() not in ("content-type", "content-length")]
        headers += [("Content-Type", "application/cbor"), ("Content-Length", str(len(out))),
                    ("smithy-protocol", "rpc-v2-cbor")]
        start_response(status, headers)
        return [out]


def _json_default(value):
    import base64
    import datetime
    if isinstance(value, datetime.datetime):
        return value.timestamp()
    if isinstance(value, (bytes, bytearray)):
        return base64.b64encode(value).decode("ascii")
    raise TypeError(type(value).__name__)


class _StringShape:
    type_name = "string"


class _StringMapShape:
    """Just enough of a botocore map shape of strings for an error body."""
    type_name = "map"
    key = _StringShape()
    value = _StringShape()


_CBOR_STRING_MAP = _StringMapShape()


def apply_patches():
    for patch in PATCHES:
        patch()


def main(argv=None):
    parser = argparse.ArgumentParser(description="tapctl's local AWS emulator (patched moto)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True, help="0 picks a free port")
    parser.add_argument("--realistic", action="store_true",
                        help="start with realism mode on (AWS timing; see emulation/realism/)")
    args = parser.parse_args(argv)

    apply_patches()

    from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
    from werkzeug.serving import make_server

    from emulation.realism import Realism

    # Same application and threading as `python3 -m moto.server`, but bound before we say
    # "ready", so the ready line is only printed once the port accepts connections. The
    # realism middleware is always there (so it can be switched on at run time); while off it
    # passes everything through.
    app = Realism(CloudWatchRpcV2Cbor(DomainDispatcherApplication(create_backend_app)), enabled=args.realistic)
    server = make_server(args.host, args.port, app, threaded=True)
    port = server.server_port
    os.environ["MOTO_PORT"] = str(port)  # moto builds some URLs (e.g. SQS queue URLs) from it

    def stop(signum, frame):
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)

    print(f"emulator ready on http://{args.host}:{port}", flush=True)
    try:
        server.serve_forever()
    finally:
        server.server_close()


if __name__ == "__main__":
    main()

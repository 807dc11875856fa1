#!/usr/bin/env python3
"""tapctl's local AWS emulator: moto (5.2.1) with the project's own patches, one per gap.

Usage: python3 scripts/emulator.py --port PORT [--host 127.0.0.1]
       (--port 0 lets the OS pick a free port; the ready line names the real one)

Prints exactly one line on stdout once it is listening:
    emulator ready on http://127.0.0.1:PORT
Request logging goes to stderr. POST /moto-api/reset wipes all state (the patches stay).

Where moto differs from AWS, AWS wins (DESIGN.md section 5): each function below fills one
gap, names the AWS page it follows, and was checked with boto3 against plain moto first.

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
  - IAM: GetRolePolicy PolicyDocument and GetRole AssumeRolePolicyDocument come back
    URL-encoded (RFC 3986, %20 for space) in the XML; ListRolePolicies,
    ListAttachedRolePolicies, TagRole/UntagRole/ListRoleTags; CreateRole twice ->
    EntityAlreadyExists (409); PutRolePolicy/CreatePolicy validate the document.
  - KMS: CreateKey with Policy and Tags, ListResourceTags, Enable/GetKeyRotationStatus,
    CreateAlias (twice -> AlreadyExistsException), ListAliases with KeyId (id or ARN),
    GetKeyPolicy, DescribeKey (by id, ARN, alias), ScheduleKeyDeletion (7..30 days ->
    PendingDeletion + DeletionDate), CancelKeyDeletion (-> Disabled).
  - STS: GetCallerIdentity -> account 123456789012.
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
    DBSubnetGroupNotFoundFault (404); the SDK waiters DBInstanceAvailable / DBInstanceDeleted.
  - DynamoDB: CreateTable PAY_PER_REQUEST, DeletionProtectionEnabled, Tags; DescribeTable
    BillingModeSummary, DeletionProtectionEnabled; Update/DescribeContinuousBackups;
    UpdateTable DeletionProtectionEnabled; tags; unknown table -> ResourceNotFoundException
    (TableNotFoundException for the backup APIs); the SDK waiter TableExists.
  - S3: CreateBucket of a bucket you own: 200 in us-east-1 (legacy), BucketAlreadyOwnedByYou
    (409) elsewhere; Put/Get of encryption (aws:kms, KMSMasterKeyID, BucketKeyEnabled),
    versioning, public access block, policy, tagging, and their not-found codes
    (ServerSideEncryptionConfigurationNotFoundError, NoSuchPublicAccessBlockConfiguration,
    NoSuchBucketPolicy, NoSuchTagSet); DeleteBucket of a non-empty bucket -> BucketNotEmpty.

Known differences left as they are (harmless for tapctl, or AWS's answer is not documented):
  - RDS instances are "available" at once and gone at once after DeleteDBInstance.
  - DynamoDB DeleteTable answers TableStatus ACTIVE (AWS: DELETING); the table is gone at once.
  - Secrets Manager: DeletedDate is the end of the recovery window; TagResource/UntagResource
    still work on a secret scheduled for deletion; messages carry moto's own prefixes.
  - S3 ignores policy Conditions for object calls: with a TLS-only Deny policy every object
    call is refused (HTTP 403), which is what AWS does for plain-HTTP requests anyway.
"""

import argparse
import fnmatch
import json
import os
import signal
import sys

from moto.core.exceptions import JsonRESTError

REGION_DEFAULT = "us-east-1"


# --------------------------------------------------------------------------------------
# CloudWatch Logs
# --------------------------------------------------------------------------------------

LOGS_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731,
                       1096, 1827, 2192, 2557, 2922, 3288, 3653]


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


# --------------------------------------------------------------------------------------
# IAM
# --------------------------------------------------------------------------------------

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


PATCHES = [
    patch_logs_retention_values,
    patch_logs_create_log_group_kms_key,
    patch_logs_associate_disassociate_kms_key,
    patch_logs_tags_belong_to_the_group,
    patch_ec2_rule_identity_ignores_description,
    patch_ec2_referenced_group_cannot_be_deleted,
    patch_iam_create_role_validates_trust_policy,
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
    patch_dynamodb_sse_key_is_an_arn,
    patch_dynamodb_update_table_sse,
    patch_dynamodb_deletion_protection_message,
    patch_s3_bucket_policy_is_checked,
]


def apply_patches():
    for patch in PATCHES:
        patch()


def main(argv=None):
    parser = argparse.ArgumentParser(description="tapctl's local AWS emulator (patched moto)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True, help="0 picks a free port")
    args = parser.parse_args(argv)

    apply_patches()

    from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
    from werkzeug.serving import make_server

    # Same application and threading as `python3 -m moto.server`, but bound before we say
    # "ready", so the ready line is only printed once the port accepts connections.
    app = DomainDispatcherApplication(create_backend_app)
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

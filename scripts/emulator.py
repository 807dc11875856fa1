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
        if policy is None:
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

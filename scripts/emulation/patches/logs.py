"""The emulator's patches of moto's CloudWatch Logs, one per gap where moto differs from AWS.

Checked against plain moto 5.2.1, matches AWS (no patch):
  - CloudWatch Logs: CreateLogGroup on an existing group -> ResourceAlreadyExistsException;
    PutRetentionPolicy/DeleteRetentionPolicy/DeleteLogGroup on a missing group ->
    ResourceNotFoundException; DescribeLogGroups returns retentionInDays and kmsKeyId (only
    when set), logGroupArn (no ":*") and arn (with ":*"); TagResource/UntagResource/
    ListTagsForResource work on the log-group ARN without ":*"; CreateLogGroup tags land there.
"""

import fnmatch
import json

from moto.core.exceptions import JsonRESTError

from ..registry import patch
from .shared import as_list


LOGS_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731,
                       1096, 1827, 2192, 2557, 2922, 3288, 3653]


@patch("logs", cite="https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html")
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


def _key_policy_allows_logs(policy, service, group_arn):
    try:
        doc = json.loads(policy)
    except (TypeError, ValueError):
        return False
    for st in as_list(doc.get("Statement")):
        if not isinstance(st, dict) or st.get("Effect") != "Allow":
            continue
        principal = st.get("Principal")
        if principal == "*":
            allowed = True
        elif isinstance(principal, dict):
            allowed = (service in as_list(principal.get("Service"))
                       or "*" in as_list(principal.get("AWS")))
        else:
            allowed = False
        if not allowed:
            continue
        actions = [a.lower() for a in as_list(st.get("Action"))]
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
            patterns = as_list(values)
            if operator in ("ArnEquals", "StringEquals"):
                if group_arn not in patterns:
                    return False
            elif operator in ("ArnLike", "StringLike"):
                if not any(fnmatch.fnmatchcase(group_arn, p) for p in patterns):
                    return False
    return True


@patch("logs", cite="https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html")
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


@patch("logs", cite="https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_AssociateKmsKey.html")
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


@patch("logs", cite="https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_TagResource.html")
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

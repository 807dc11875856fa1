"""Helpers more than one service's patches use: a policy field as a list, and the KMS keys that
Secrets Manager, RDS and DynamoDB name (looked up, or the AWS managed key created on first use).
"""


def as_list(value):
    """A policy field that may be one value or a list of them, as a list."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def kms_key_or_none(account_id, region, key_id):
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


def kms_aws_managed_key(account_id, region, service):
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

"""The emulator's patches of moto's KMS, one per gap where moto differs from AWS.

Checked against plain moto 5.2.1, matches AWS (no patch):
  - KMS: CreateKey with Policy and Tags, ListResourceTags, Enable/GetKeyRotationStatus,
    CreateAlias (twice -> AlreadyExistsException), ListAliases with KeyId (id or ARN),
    GetKeyPolicy, DescribeKey (by id, ARN, alias), ScheduleKeyDeletion (7..30 days ->
    PendingDeletion + DeletionDate), CancelKeyDeletion (-> Disabled).
"""

import json

from moto.core.exceptions import JsonRESTError

from ..registry import patch


def _kms_invalid_state(key):
    return JsonRESTError("KMSInvalidStateException", f"{key.arn} is pending deletion.")


@patch("kms", cite="https://docs.aws.amazon.com/kms/latest/APIReference/API_GetKeyPolicy.html")
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


@patch("kms", cite="https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateKey.html")
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


@patch("kms", cite="https://docs.aws.amazon.com/kms/latest/APIReference/API_ScheduleKeyDeletion.html")
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


@patch("kms", cite="https://docs.aws.amazon.com/kms/latest/APIReference/API_EnableKeyRotation.html")
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


@patch("kms", cite="https://docs.aws.amazon.com/kms/latest/APIReference/API_EnableKey.html")
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

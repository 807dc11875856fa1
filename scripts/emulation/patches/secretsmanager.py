"""The emulator's patches of moto's Secrets Manager, one per gap where moto differs from AWS.

Checked against plain moto 5.2.1, matches AWS (no patch):
  - Secrets Manager: GetRandomPassword honours PasswordLength and ExcludeCharacters;
    CreateSecret again with the same ClientRequestToken and value is an idempotent success,
    another value under that token or another token on the name -> ResourceExistsException;
    DescribeSecret returns KmsKeyId (as given), Tags, DeletedDate (while scheduled);
    DeleteSecret RecoveryWindowInDays 7..30 (else InvalidParameterException), RestoreSecret;
    GetSecretValue/UpdateSecret of a deleted secret -> InvalidRequestException; unknown
    secret -> ResourceNotFoundException.

Known differences left as they are (harmless for tapctl, or AWS's answer is not documented):
  - Secrets Manager: DeletedDate is the end of the recovery window; TagResource/UntagResource
    still work on a secret scheduled for deletion; messages carry moto's own prefixes.
"""

from moto.core.exceptions import JsonRESTError

from ..registry import patch
from .shared import kms_key_or_none


def _refuse_while_scheduled_for_deletion(backend, secret_id, message):
    """InvalidRequestException `message` if the secret named `secret_id` is scheduled for deletion."""
    from moto.secretsmanager.exceptions import InvalidRequestException

    secret = backend.secrets.get(secret_id)
    if secret is not None and secret.is_deleted():
        raise InvalidRequestException(message)


@patch("secretsmanager", cite="https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html")
def patch_secretsmanager_name_scheduled_for_deletion():
    """CreateSecret on a name whose secret is scheduled for deletion -> InvalidRequestException.

    AWS: https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html
    (Errors: InvalidRequestException, "The secret is scheduled for deletion") and
    https://repost.aws/knowledge-center/delete-secrets-manager-secret: the name stays taken
    until the recovery window ends, "You can't create this secret because a secret with this
    name is already scheduled for deletion." moto answered ResourceExistsException, which a
    tool reads as "adopt the existing secret" instead of "restore it first".
    """
    from moto.secretsmanager.models import SecretsManagerBackend

    original = SecretsManagerBackend.create_secret

    def create_secret(self, name, *args, **kwargs):
        _refuse_while_scheduled_for_deletion(
            self, name, "You can't create this secret because a secret with this name is already "
                        "scheduled for deletion.")
        return original(self, name, *args, **kwargs)

    SecretsManagerBackend.create_secret = create_secret


@patch("secretsmanager", cite="https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_PutSecretValue.html")
def patch_secretsmanager_no_new_value_while_deleted():
    """PutSecretValue on a secret scheduled for deletion -> InvalidRequestException.

    AWS: https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_PutSecretValue.html
    (Errors: InvalidRequestException, "The secret is scheduled for deletion"); the message is
    the one UpdateSecret already gives in moto and AWS gives for both: "You can't perform this
    operation on the secret because it was marked for deletion." moto stored the new version.
    """
    from moto.secretsmanager.models import SecretsManagerBackend

    original = SecretsManagerBackend.put_secret_value

    def put_secret_value(self, secret_id, *args, **kwargs):
        _refuse_while_scheduled_for_deletion(
            self, secret_id, "You can't perform this operation on the secret because it was marked for deletion.")
        return original(self, secret_id, *args, **kwargs)

    SecretsManagerBackend.put_secret_value = put_secret_value


@patch("secretsmanager", cite="https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html")
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
        key = kms_key_or_none(backend.account_id, backend.region_name, kms_key_id)
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

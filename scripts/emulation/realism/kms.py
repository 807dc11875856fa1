"""Realism: KMS eventual consistency of a new key."""

import time

from .core import Behaviour, json_error


class KmsEventualConsistency(Behaviour):
    """For `kms_consistency` seconds after CreateKey, a KMS request that names the key by id or
    key ARN (KeyId, TargetKeyId) -> HTTP 400 NotFoundException "Key
    'arn:aws:kms:REGION:ACCOUNT:key/ID' does not exist" (counter kms.not_found).

    AWS: https://docs.aws.amazon.com/kms/latest/developerguide/programming-eventual-consistency.html
    ("AWS KMS eventual consistency": "there might be a brief delay before the change is
    available throughout AWS KMS ... you might get unexpected errors, such as a
    NotFoundException or an InvalidStateException"; e.g. NotFoundException for a call right
    after CreateKey). The message is the one KMS (and moto) give for a key they do not know.
    Aliases are not covered (an alias can only be made after the key is visible).
    """

    def __init__(self, realism):
        super().__init__(realism)
        self.created = {}  # key id or key ARN -> (time of CreateKey, key ARN)

    def after(self, call, reply):
        if call.service == "kms" and call.action == "CreateKey" and reply.ok:
            metadata = (reply.json() or {}).get("KeyMetadata") or {}
            if metadata.get("KeyId") and metadata.get("Arn"):
                entry = (time.monotonic(), metadata["Arn"])
                self.created[metadata["KeyId"]] = entry
                self.created[metadata["Arn"]] = entry

    def before(self, call):
        if call.service != "kms" or not self.created:
            return None
        for field in ("KeyId", "TargetKeyId"):
            entry = self.created.get(call.json.get(field))
            if entry and self.within(entry[0], "kms_consistency"):
                self.count("kms.not_found")
                return json_error("NotFoundException", f"Key '{entry[1]}' does not exist")
        return None

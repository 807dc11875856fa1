"""The emulator's patches of moto's SQS, one per gap where moto differs from AWS.

Checked against plain moto 5.2.1, matches AWS (no patch):
  - SQS (AWS JSON protocol): CreateQueue with Attributes and tags; the same name with the same
    attributes -> the existing URL, other values -> QueueNameExists / query code
    QueueAlreadyExists; unknown queue -> QueueDoesNotExist / AWS.SimpleQueueService.NonExistentQueue
    (x-amzn-query-error header, HTTP 400); GetQueueAttributes All (QueueArn
    arn:aws:sqs:REGION:ACCOUNT:NAME, ApproximateNumberOfMessages, KmsMasterKeyId as given);
    ListQueueTags/TagQueue/UntagQueue; SetQueueAttributes; DeleteQueue.

Known differences left as they are (harmless for tapctl, or AWS's answer is not documented):
  - SQS: the KMS key is not checked at CreateQueue (AWS checks it when messages are sent);
    CreateQueue of an existing name with other tags replaces the tags.
"""

from ..registry import patch


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


@patch("sqs", cite="https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SetQueueAttributes.html")
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


@patch("sqs", cite="https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SetQueueAttributes.html")
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

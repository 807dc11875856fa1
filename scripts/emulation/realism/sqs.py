"""Realism: a deleted SQS queue's name cannot be reused for 60 seconds."""

import json
import time

from .core import Behaviour, Reply, request_id


class SqsQueueNameReuse(Behaviour):
    """CreateQueue of a name deleted less than `sqs_queue_name_reuse` seconds ago -> HTTP 400
    QueueDeletedRecently "You must wait 60 seconds after deleting a queue before you can create
    another with the same name." (counter sqs.queue_deleted_recently). AWS JSON protocol, as
    moto shapes its own SQS errors: body {"__type": "com.amazonaws.sqs#QueueDeletedRecently",
    "message": ...}, headers X-Amzn-Errortype and x-amzn-query-error
    "AWS.SimpleQueueService.QueueDeletedRecently;Sender" (the Java SDK maps it to
    QueueDeletedRecentlyException, boto3 reports the query code).

    AWS: https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_DeleteQueue.html
    ("When you delete a queue, you must wait at least 60 seconds before creating a queue with
    the same name") and .../API_CreateQueue.html (Errors: QueueDeletedRecently, "You must wait
    60 seconds after deleting a queue before you can create another queue with the same
    name"). Only the AWS JSON protocol (what current SDKs speak) is covered.
    """

    MESSAGE = "You must wait 60 seconds after deleting a queue before you can create another with the same name."

    def __init__(self, realism):
        super().__init__(realism)
        self.deleted = {}  # (account, region, queue name) -> time of DeleteQueue

    def before(self, call):
        if call.service != "sqs" or call.action != "CreateQueue" or not call.json:
            return None
        key = (call.account, call.region, call.json.get("QueueName"))
        if self.within(self.deleted.get(key), "sqs_queue_name_reuse"):
            self.count("sqs.queue_deleted_recently")
            body = json.dumps({"__type": "com.amazonaws.sqs#QueueDeletedRecently", "message": self.MESSAGE})
            return Reply(400, [("Content-Type", "application/x-amz-json-1.0"),
                               ("X-Amzn-Errortype", "com.amazonaws.sqs#QueueDeletedRecently"),
                               ("x-amzn-query-error", "AWS.SimpleQueueService.QueueDeletedRecently;Sender"),
                               ("x-amzn-requestid", request_id())], body)
        return None

    def after(self, call, reply):
        if call.service == "sqs" and call.action == "DeleteQueue" and reply.ok and call.json:
            name = (call.json.get("QueueUrl") or "").rstrip("/").rsplit("/", 1)[-1]
            self.deleted[(call.account, call.region, name)] = time.monotonic()

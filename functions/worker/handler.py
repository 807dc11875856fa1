"""Worker: processes the events the api function sends asynchronously (InvocationType=Event).

Event: {"action": "item-created", "pk": "ITEM#<id>", "sk": "ITEM", "id": "<id>", "requestId": "..."}.
"item-created" marks the item processed (status=processed, processedAt) with one conditional
UpdateItem. A malformed event raises, so Lambda retries it and finally hands it to the function's
dead-letter queue; so does any DynamoDB error other than "the item no longer exists" (an item
deleted before the worker ran is logged and skipped: there is nothing left to process).
Processing twice is harmless (async events can be delivered more than once).

Environment: TABLE_NAME (required), PARTITION_KEY (default pk), SORT_KEY (default sk), TAP_ENV,
LOG_LEVEL (default INFO); AWS_LAMBDA_FUNCTION_NAME is set by Lambda.
"""

import os
from datetime import datetime, timezone

import boto3

import jsonlog

log = jsonlog.get_logger("tap.worker")

MAX_KEY_LENGTH = 1024

# Created on first use and kept for warm invocations; tests replace it.
_dynamodb = None


def dynamodb():
    global _dynamodb
    if _dynamodb is None:
        _dynamodb = boto3.client("dynamodb")
    return _dynamodb


class MalformedEvent(ValueError):
    """The event cannot be processed; raised so that it ends in the dead-letter queue."""


def _table():
    table = os.environ.get("TABLE_NAME", "").strip()
    if not table:
        raise RuntimeError("environment variable TABLE_NAME is not set")
    return table


def _key_names():
    return (os.environ.get("PARTITION_KEY", "").strip() or "pk",
            os.environ.get("SORT_KEY", "").strip() or "sk")


def _key_value(event, field):
    value = event.get(field)
    if not isinstance(value, str) or not value or len(value.encode("utf-8")) > MAX_KEY_LENGTH:
        raise MalformedEvent(f"event field '{field}' must be a non-empty string of at most {MAX_KEY_LENGTH} bytes")
    return value


def _is_conditional_failure(error):
    response = getattr(error, "response", None) or {}
    return response.get("Error", {}).get("Code") == "ConditionalCheckFailedException"


def item_created(event):
    pk_value, sk_value = _key_value(event, "pk"), _key_value(event, "sk")
    pk, sk = _key_names()
    now = datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    try:
        dynamodb().update_item(
            TableName=_table(),
            Key={pk: {"S": pk_value}, sk: {"S": sk_value}},
            UpdateExpression="SET #status = :processed, #processedAt = :now",
            ConditionExpression="attribute_exists(#pk)",
            ExpressionAttributeNames={"#status": "status", "#processedAt": "processedAt", "#pk": pk},
            ExpressionAttributeValues={":processed": {"S": "processed"}, ":now": {"S": now}},
        )
    except Exception as e:
        if _is_conditional_failure(e):
            log.warning("item no longer exists; nothing to process", extra={"pk": pk_value, "sk": sk_value})
            return {"status": "skipped", "pk": pk_value, "sk": sk_value}
        raise
    log.info("item processed", extra={"pk": pk_value, "sk": sk_value, "sourceRequestId": event.get("requestId")})
    return {"status": "processed", "pk": pk_value, "sk": sk_value}


ACTIONS = {"item-created": item_created}


def lambda_handler(event, context):
    jsonlog.bind(context)
    try:
        if not isinstance(event, dict):
            raise MalformedEvent("event must be a JSON object")
        action = event.get("action")
        if action not in ACTIONS:
            raise MalformedEvent(f"unknown action {action!r}; expected one of {sorted(ACTIONS)}")
        return ACTIONS[action](event)
    except MalformedEvent as e:
        log.error("malformed event; raising so it is retried and then sent to the dead-letter queue",
                  extra={"reason": str(e), "event": repr(event)[:1000]})
        raise
    except Exception:
        log.exception("processing failed; raising so the event is retried", extra={"action": event.get("action")})
        raise

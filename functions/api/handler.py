"""Items API: API Gateway REST proxy integration (payload format 1.0) over one DynamoDB table.

Routes (the path is taken from ``event["path"]``, or ``"/" + pathParameters.proxy`` without it):

    GET    /items          list, bounded: ?limit=1..100 (default 25), ?nextToken=<from last page>
    GET    /items/{id}     one item
    POST   /items          create from a JSON object body; answers 201 with the item, then invokes
                           the worker asynchronously (InvocationType=Event, so the worker's DLQ
                           catches events that fail)
    PUT    /items/{id}     replace the item's data with a JSON object body
    DELETE /items/{id}     delete (204)
    OPTIONS any route      CORS preflight (204)

Storage: pk = "ITEM#<id>", sk = "ITEM"; the client's JSON object is kept in the ``data`` map next to
the server-owned attributes id, status, createdAt, updatedAt and processedAt (set by the worker).
Responses show the item flat: the client's fields plus the server-owned ones.

Environment: TABLE_NAME (required), WORKER_FUNCTION_NAME (required), PARTITION_KEY (default pk),
SORT_KEY (default sk), ALLOWED_ORIGINS (comma-separated exact origins; "*" is ignored),
TAP_ENV, LOG_LEVEL (default INFO); AWS_LAMBDA_FUNCTION_NAME is set by Lambda.
"""

import base64
import binascii
import decimal
import json
import os
import re
import uuid
from datetime import datetime, timezone

import boto3
from boto3.dynamodb.types import TypeDeserializer, TypeSerializer

import jsonlog

log = jsonlog.get_logger("tap.api")

ITEM_PREFIX = "ITEM#"
ITEM_SORT_VALUE = "ITEM"
DEFAULT_LIMIT = 25
MAX_LIMIT = 100
MAX_BODY_BYTES = 256 * 1024          # DynamoDB items are limited to 400 KB; refuse well before that
ID_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
SERVER_FIELDS = ("id", "status", "createdAt", "updatedAt", "processedAt")
ALLOWED_HEADERS = "Content-Type,Authorization,X-Api-Key"

_serializer = TypeSerializer()
_deserializer = TypeDeserializer()

# Clients are created on first use and kept for warm invocations; tests replace them.
_dynamodb = None
_lambda = None


def dynamodb():
    global _dynamodb
    if _dynamodb is None:
        _dynamodb = boto3.client("dynamodb")
    return _dynamodb


def lambda_client():
    global _lambda
    if _lambda is None:
        _lambda = boto3.client("lambda")
    return _lambda


class HttpError(Exception):
    """An error the client should see: status code and a message safe to show."""

    def __init__(self, status, message, headers=None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


class ConfigurationError(Exception):
    pass


# ---------------------------------------------------------------- configuration

def _required_env(name):
    value = os.environ.get(name, "").strip()
    if not value:
        raise ConfigurationError(f"environment variable {name} is not set")
    return value


def _table():
    return _required_env("TABLE_NAME")


def _key_names():
    return (os.environ.get("PARTITION_KEY", "").strip() or "pk",
            os.environ.get("SORT_KEY", "").strip() or "sk")


def _allowed_origins():
    origins = set()
    for origin in os.environ.get("ALLOWED_ORIGINS", "").split(","):
        origin = origin.strip().rstrip("/")
        if origin and origin != "*":
            origins.add(origin)
    return origins


# ---------------------------------------------------------------- HTTP helpers

def _header(event, name):
    for key, value in (event.get("headers") or {}).items():
        if key.lower() == name.lower():
            return value
    return None


def _cors_headers(event, preflight_methods=None):
    headers = {"Vary": "Origin"}
    origin = _header(event, "Origin")
    if origin and origin in _allowed_origins():
        headers["Access-Control-Allow-Origin"] = origin
        if preflight_methods:
            headers["Access-Control-Allow-Methods"] = ",".join(preflight_methods)
            headers["Access-Control-Allow-Headers"] = ALLOWED_HEADERS
            headers["Access-Control-Max-Age"] = "600"
    return headers


def _response(event, status, body=None, headers=None, preflight_methods=None):
    out = {"X-Content-Type-Options": "nosniff"}
    if body is not None:
        out["Content-Type"] = "application/json"
    out.update(headers or {})
    out.update(_cors_headers(event, preflight_methods))
    return {
        "statusCode": status,
        "headers": out,
        "body": "" if body is None else json.dumps(body, default=_json_default, separators=(",", ":")),
        "isBase64Encoded": False,
    }


def _json_default(value):
    if isinstance(value, decimal.Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    if isinstance(value, (bytes, bytearray)):
        return base64.b64encode(value).decode("ascii")
    raise TypeError(f"not JSON serializable: {type(value).__name__}")


def _reject_constant(name):
    raise ValueError(f"{name} is not allowed")


def _json_body(event):
    raw = event.get("body")
    if raw is None or raw == "":
        raise HttpError(400, "request body is required: a JSON object")
    if event.get("isBase64Encoded"):
        try:
            raw = base64.b64decode(raw, validate=True)
        except (binascii.Error, ValueError):
            raise HttpError(400, "request body is not valid base64") from None
    if isinstance(raw, str):
        raw = raw.encode("utf-8")
    if len(raw) > MAX_BODY_BYTES:
        raise HttpError(413, f"request body is larger than {MAX_BODY_BYTES} bytes")
    try:
        # Decimal, not float: DynamoDB numbers are exact.
        body = json.loads(raw.decode("utf-8"), parse_float=decimal.Decimal, parse_constant=_reject_constant)
    except (UnicodeDecodeError, ValueError) as e:
        raise HttpError(400, f"request body is not valid JSON: {e}") from None
    if not isinstance(body, dict):
        raise HttpError(400, "request body must be a JSON object")
    return {k: v for k, v in body.items() if k not in SERVER_FIELDS}


# ---------------------------------------------------------------- items

def _key(item_id):
    pk, sk = _key_names()
    return {pk: {"S": ITEM_PREFIX + item_id}, sk: {"S": ITEM_SORT_VALUE}}


def _serialize_data(data):
    try:
        return _serializer.serialize(data)
    except (TypeError, ValueError, decimal.DecimalException):
        raise HttpError(400, "request body holds a value that cannot be stored "
                             "(numbers: at most 38 significant digits)") from None


def _to_view(attributes):
    """DynamoDB attributes -> the item as the API shows it."""
    plain = {k: _deserializer.deserialize(v) for k, v in attributes.items()}
    view = dict(plain.get("data") or {})
    for field in SERVER_FIELDS:
        if field in plain:
            view[field] = plain[field]
    return view


def _now():
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _is_conditional_failure(error):
    response = getattr(error, "response", None) or {}
    return response.get("Error", {}).get("Code") == "ConditionalCheckFailedException"


def _encode_token(last_key):
    plain = {k: _deserializer.deserialize(v) for k, v in last_key.items()}
    return base64.urlsafe_b64encode(json.dumps(plain, sort_keys=True).encode("utf-8")).decode("ascii")


def _decode_token(token):
    pk, sk = _key_names()
    try:
        plain = json.loads(base64.urlsafe_b64decode(token.encode("ascii")))
    except (ValueError, binascii.Error, UnicodeError):
        raise HttpError(400, "nextToken is not valid") from None
    if (not isinstance(plain, dict) or set(plain) != {pk, sk}
            or not all(isinstance(v, str) and v for v in plain.values())):
        raise HttpError(400, "nextToken is not valid")
    return {k: {"S": v} for k, v in plain.items()}


def list_items(event):
    params = event.get("queryStringParameters") or {}
    limit = DEFAULT_LIMIT
    if params.get("limit") is not None:
        try:
            limit = int(params["limit"])
        except ValueError:
            limit = 0
        if not 1 <= limit <= MAX_LIMIT:
            raise HttpError(400, f"limit must be an integer from 1 to {MAX_LIMIT}")
    _, sk = _key_names()
    request = {
        "TableName": _table(),
        "Limit": limit,
        "FilterExpression": "#sk = :sk",
        "ExpressionAttributeNames": {"#sk": sk},
        "ExpressionAttributeValues": {":sk": {"S": ITEM_SORT_VALUE}},
    }
    if params.get("nextToken"):
        request["ExclusiveStartKey"] = _decode_token(params["nextToken"])
    page = dynamodb().scan(**request)
    body = {"items": [_to_view(item) for item in page.get("Items", [])]}
    if page.get("LastEvaluatedKey"):
        body["nextToken"] = _encode_token(page["LastEvaluatedKey"])
    return 200, body


def get_item(event, item_id):
    found = dynamodb().get_item(TableName=_table(), Key=_key(item_id)).get("Item")
    if not found:
        raise HttpError(404, f"item {item_id} not found")
    return 200, _to_view(found)


def create_item(event):
    table = _table()
    worker = _required_env("WORKER_FUNCTION_NAME")
    data = _json_body(event)
    item_id = str(uuid.uuid4())
    now = _now()
    pk, sk = _key_names()
    attributes = dict(_key(item_id))
    attributes.update({
        "id": {"S": item_id},
        "data": _serialize_data(data),
        "status": {"S": "pending"},
        "createdAt": {"S": now},
        "updatedAt": {"S": now},
    })
    dynamodb().put_item(
        TableName=table,
        Item=attributes,
        ConditionExpression="attribute_not_exists(#pk)",
        ExpressionAttributeNames={"#pk": pk},
    )
    log.info("item created", extra={"itemId": item_id})
    payload = {
        "action": "item-created",
        "pk": attributes[pk]["S"],
        "sk": attributes[sk]["S"],
        "id": item_id,
        "requestId": (event.get("requestContext") or {}).get("requestId"),
    }
    try:
        lambda_client().invoke(
            FunctionName=worker,
            InvocationType="Event",
            Payload=json.dumps(payload).encode("utf-8"),
        )
    except Exception:
        # The item exists: a 500 would make the client retry and create a duplicate. The item
        # stays "pending", and this line names it so it can be reprocessed.
        log.exception("could not invoke the worker; the item stays pending",
                      extra={"itemId": item_id, "worker": worker})
    return 201, _to_view(attributes)


def replace_item(event, item_id):
    table = _table()
    data = _json_body(event)
    pk, _ = _key_names()
    try:
        result = dynamodb().update_item(
            TableName=table,
            Key=_key(item_id),
            UpdateExpression="SET #data = :data, #updatedAt = :now",
            ConditionExpression="attribute_exists(#pk)",
            ExpressionAttributeNames={"#data": "data", "#updatedAt": "updatedAt", "#pk": pk},
            ExpressionAttributeValues={":data": _serialize_data(data), ":now": {"S": _now()}},
            ReturnValues="ALL_NEW",
        )
    except Exception as e:
        if _is_conditional_failure(e):
            raise HttpError(404, f"item {item_id} not found") from None
        raise
    log.info("item replaced", extra={"itemId": item_id})
    return 200, _to_view(result["Attributes"])


def delete_item(event, item_id):
    pk, _ = _key_names()
    try:
        dynamodb().delete_item(
            TableName=_table(),
            Key=_key(item_id),
            ConditionExpression="attribute_exists(#pk)",
            ExpressionAttributeNames={"#pk": pk},
        )
    except Exception as e:
        if _is_conditional_failure(e):
            raise HttpError(404, f"item {item_id} not found") from None
        raise
    log.info("item deleted", extra={"itemId": item_id})
    return 204, None


# ---------------------------------------------------------------- routing

COLLECTION_METHODS = ("GET", "POST", "OPTIONS")
ITEM_METHODS = ("GET", "PUT", "DELETE", "OPTIONS")


def _route(event):
    """-> (allowed methods, item id or None) for the request path; HttpError 404 if unknown."""
    path = event.get("path")
    if not path:
        proxy = (event.get("pathParameters") or {}).get("proxy") or ""
        path = "/" + proxy
    parts = [p for p in path.split("/") if p]
    if parts == ["items"]:
        return COLLECTION_METHODS, None
    if len(parts) == 2 and parts[0] == "items":
        if not ID_PATTERN.match(parts[1]):
            raise HttpError(404, "item not found")
        return ITEM_METHODS, parts[1]
    raise HttpError(404, "no such resource")


def _dispatch(event, method):
    """-> (status, body or None, extra headers or None, preflight methods or None)."""
    methods, item_id = _route(event)
    if method not in methods:
        raise HttpError(405, f"method {method} is not allowed here", {"Allow": ",".join(methods)})
    if method == "OPTIONS":
        return 204, None, {"Allow": ",".join(methods)}, methods
    if item_id is None:
        status, body = list_items(event) if method == "GET" else create_item(event)
    elif method == "GET":
        status, body = get_item(event, item_id)
    elif method == "PUT":
        status, body = replace_item(event, item_id)
    else:
        status, body = delete_item(event, item_id)
    return status, body, None, None


def lambda_handler(event, context):
    jsonlog.bind(context)
    event = event if isinstance(event, dict) else {}
    method = str(event.get("httpMethod") or "").upper()
    api_request_id = (event.get("requestContext") or {}).get("requestId")
    preflight = None
    try:
        status, body, headers, preflight = _dispatch(event, method)
    except HttpError as e:
        status, body, headers = e.status, {"message": e.message}, e.headers
    except Exception:
        log.exception("unhandled error", extra={"method": method, "path": event.get("path"),
                                                 "apiRequestId": api_request_id})
        status, body, headers = 500, {"message": "internal error"}, None
    log.info("request", extra={"method": method, "path": event.get("path"), "status": status,
                                "apiRequestId": api_request_id})
    return _response(event, status, body, headers, preflight)

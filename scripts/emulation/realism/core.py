"""The core of realism mode: its windows and counters (the one place they are set), a request and
an answer as realism sees them, the error documents it answers with, and the base class of every
behaviour. The behaviours are in the modules of their families beside this one; `middleware`
runs them.
"""

import http
import json
import os
import re
import uuid
import zlib
from urllib.parse import parse_qsl, urlencode
from xml.sax.saxutils import escape


# --------------------------------------------------------------------------------------
# Windows: how long (seconds) each state or invisibility lasts. The one place they are set.
# AWS gives no fixed numbers ("usually within seconds"); these are short, AWS-like defaults.
# --------------------------------------------------------------------------------------

WINDOWS = {
    # IAM User Guide, "Changes that I make are not always immediately visible":
    # https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_general.html#troubleshoot_general_eventual-consistency
    "iam_propagation": 5,
    # "Eventual consistency in the Amazon EC2 API":
    # https://docs.aws.amazon.com/ec2/latest/devguide/eventual-consistency.html
    "ec2_consistency": 2,
    # "AWS KMS eventual consistency":
    # https://docs.aws.amazon.com/kms/latest/developerguide/programming-eventual-consistency.html
    "kms_consistency": 2,
    # "Lambda function states" (Pending after CreateFunction):
    # https://docs.aws.amazon.com/lambda/latest/dg/functions-states.html
    "lambda_pending": 3,
    # same page, "Function states during updates" (LastUpdateStatus InProgress)
    "lambda_update": 2,
    # "Viewing Amazon RDS DB instance status":
    # https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/accessing-monitoring.html#Overview.DBInstance.Status
    "rds_creating": 8,
    "rds_modifying": 3,
    "rds_deleting": 5,
    # DynamoDB, TableStatus CREATING (API_CreateTable / API_TableDescription):
    # https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_CreateTable.html
    "dynamodb_creating": 3,
    # "Amazon EC2 instance state changes" (pending, shutting-down):
    # https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ec2-instance-lifecycle.html
    "ec2_pending": 3,
    "ec2_shutting_down": 4,
    # "NAT gateway basics" (states pending, failed, available, deleting, deleted):
    # https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-basics.html
    "nat_pending": 3,
    "nat_deleting": 3,
    # SQS DeleteQueue ("You must wait 60 seconds after deleting a queue before you can create
    # another queue with the same name"):
    # https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_DeleteQueue.html
    "sqs_queue_name_reuse": 60,
}

# "Amazon API Gateway quotas", table "API Gateway quotas for creating, deploying and managing
# an API" (fixed, cannot be increased): https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html
# operation: (requests, per seconds), per account and Region. Not windows: these never change.
APIGATEWAY_QUOTAS = {
    "CreateApiKey": (5, 1),
    "CreateDeployment": (1, 5),
    "CreateResource": (5, 1),
    "CreateRestApi": (1, 3),  # regional or private APIs (the page: 1 per 30 s for edge-optimized)
    "DeleteApiKey": (5, 1),
    "DeleteResource": (5, 1),
    "DeleteRestApi": (1, 30),
    "GetResources": (5, 2),
    "PutRestApi": (1, 1),
    "UpdateAccount": (1, 20),
    "UpdateUsagePlan": (1, 20),
}
# Same table, "Total operations": 10 requests per second with a burst of 40.
APIGATEWAY_TOTAL_RATE = 10.0
APIGATEWAY_TOTAL_BURST = 40

CONTROL_PATH = "/_tapctl/realism"
RESET_PATH = "/moto-api/reset"

# Every counter realism keeps; GET /_tapctl/realism answers them all, 0 until they fire.
COUNTERS = [
    "iam.lambda_role_not_assumable",
    "iam.lambda_dlq_send_message",
    "iam.ec2_instance_profile",
    "iam.apigateway_account_role",
    "ec2.not_found",
    "kms.not_found",
    "lambda.pending",
    "lambda.update_in_progress",
    "lambda.conflict",
    "rds.creating",
    "rds.modifying",
    "rds.deleting",
    "rds.invalid_state",
    "dynamodb.creating",
    "dynamodb.resource_in_use",
    "ec2.pending",
    "ec2.shutting_down",
    "ec2.dependency_violation",
    "ec2.nat_pending",
    "ec2.nat_deleting",
    "ec2.address_in_use",
    "ec2.mapped_public_address",
    "sqs.queue_deleted_recently",
    "apigateway.too_many_requests",
] + [f"apigateway.too_many_requests.{op}" for op in APIGATEWAY_QUOTAS] + [
    "apigateway.too_many_requests.Total",
]

# The services realism looks at; requests to any other service pass through untouched.
SERVICES = {"iam", "ec2", "kms", "lambda", "rds", "dynamodb", "sqs", "apigateway"}

_CREDENTIAL = re.compile(r"Credential=([^/,\s]+)/\d{8}/([^/,\s]+)/([^/,\s]+)/aws4_request")


# --------------------------------------------------------------------------------------
# A request and an answer, as realism sees them
# --------------------------------------------------------------------------------------

class Call:
    """One AWS request: its service and region (from the SigV4 credential scope), account,
    operation (query `Action`, JSON `X-Amz-Target`, or REST method and path) and parameters."""

    def __init__(self, environ, body):
        self.environ = environ
        self.method = environ.get("REQUEST_METHOD", "GET").upper()
        self.path = environ.get("PATH_INFO", "") or "/"
        self.body = body
        self.access_key, self.region, self.service = credential_scope(environ)
        self.account = _account_of(environ, self.access_key)
        self.query = dict(parse_qsl(environ.get("QUERY_STRING", ""), keep_blank_values=True))
        content_type = environ.get("CONTENT_TYPE", "") or ""
        self.form = {}
        self.json = {}
        if "x-www-form-urlencoded" in content_type:
            self.form = dict(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))
        elif body[:1] == b"{":
            try:
                parsed = json.loads(body)
                self.json = parsed if isinstance(parsed, dict) else {}
            except ValueError:
                self.json = {}
        self.params = {**self.query, **self.form}  # query protocol (EC2, IAM, RDS)
        target = environ.get("HTTP_X_AMZ_TARGET", "")
        self.action = self.params.get("Action") or (target.rsplit(".", 1)[-1] if target else "")
        self.scratch = {}  # what a behaviour's before() leaves for its after()

    def set_form(self, form):
        """Replace the form body (a behaviour that rewrites the request moto sees)."""
        self.form = dict(form)
        self.params = {**self.query, **self.form}
        self.body = urlencode(list(self.form.items())).encode()


class Reply:
    """One answer: HTTP status, headers, whole body."""

    def __init__(self, status, headers, body):
        self.status = int(status)
        self.headers = list(headers)
        self.body = body if isinstance(body, bytes) else body.encode()

    @property
    def ok(self):
        return 200 <= self.status < 300

    def text(self):
        return self.body.decode("utf-8", "replace")

    def json(self):
        try:
            return json.loads(self.body or b"{}")
        except ValueError:
            return None

    def set_json(self, value):
        self.body = json.dumps(value).encode()

    def send(self, start_response):
        headers = []
        for name, value in self.headers:
            if name.lower() == "content-length":
                continue
            if name.lower() == "x-amz-crc32":  # DynamoDB's body checksum, which SDKs verify
                value = str(zlib.crc32(self.body) & 0xFFFFFFFF)
            headers.append((name, value))
        headers.append(("Content-Length", str(len(self.body))))
        try:
            reason = http.HTTPStatus(self.status).phrase
        except ValueError:
            reason = "Unknown"
        start_response(f"{self.status} {reason}", headers)
        return [self.body]


def credential_scope(environ):
    match = _CREDENTIAL.search(environ.get("HTTP_AUTHORIZATION", "") or "")
    if not match:
        return None, None, None
    return match.group(1), match.group(2), match.group(3)


def _account_of(environ, access_key):
    """The account moto answers this request for (as BaseResponse.get_current_account does)."""
    if "MOTO_ACCOUNT_ID" in os.environ:
        return os.environ["MOTO_ACCOUNT_ID"]
    if environ.get("HTTP_X_MOTO_ACCOUNT_ID"):
        return environ["HTTP_X_MOTO_ACCOUNT_ID"]
    from moto.iam.models import get_account_id_from

    return get_account_id_from(access_key or "AKIAEXAMPLE")


def request_id():
    return str(uuid.uuid4())


def ec2_error(code, message):
    """The EC2 query API's error document, HTTP 400."""
    body = ('<?xml version="1.0" encoding="UTF-8"?><Response><Errors><Error>'
            f"<Code>{escape(code)}</Code><Message>{escape(message)}</Message>"
            f"</Error></Errors><RequestID>{request_id()}</RequestID></Response>")
    return Reply(400, [("Content-Type", "text/xml")], body)


def rds_error(code, message, status=400):
    """The RDS query API's error document, shaped as moto answers its own RDS errors."""
    body = ('<ErrorResponse xmlns="http://rds.amazonaws.com/doc/2014-10-31/"><Error><Type>Sender</Type>'
            f"<Code>{escape(code)}</Code><Message>{escape(message)}</Message></Error>"
            f"<RequestId>{request_id()}</RequestId></ErrorResponse>")
    return Reply(status, [("Content-Type", "text/xml")], body)


def json_error(error_type, message, status=400, extra_headers=()):
    """A JSON-protocol error (Lambda, KMS, DynamoDB, API Gateway), shaped by moto's JsonRESTError."""
    from moto.core.exceptions import JsonRESTError

    error = JsonRESTError(error_type, message)
    return Reply(status, list(error.get_headers()) + list(extra_headers), error.get_body())


# --------------------------------------------------------------------------------------
# Behaviours: one class each. before() may refuse a call (return a Reply); after() records
# what a successful call changed and may rewrite moto's answer. Both run under the lock.
# --------------------------------------------------------------------------------------

class Behaviour:
    def __init__(self, realism):
        self.realism = realism

    def within(self, since, window):
        return self.realism.within(since, window)

    def count(self, name):
        self.realism.count(name)

    def before(self, call):
        return None

    def after(self, call, reply):
        pass

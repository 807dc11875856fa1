"""Realism mode for tapctl's local AWS emulator: the timing AWS documents and moto does not have.

moto answers instantly and consistently; AWS does not (DESIGN.md section 7). With realism on,
a WSGI middleware in front of moto (emulator.py wraps moto's application with `Realism`,
always, so it can be switched at run time) makes the emulator behave like AWS in the few
seconds after a change:

  - IAM: a new role, inline policy or instance profile is not usable at once by Lambda, EC2
    or API Gateway.
  - EC2 and KMS: a just-created VPC, subnet, security group, route table, internet gateway
    or KMS key is NotFound to the next calls that name it.
  - States: Lambda Pending / LastUpdateStatus InProgress (a second update is refused), RDS
    creating / modifying / deleting, DynamoDB CREATING, EC2 pending / shutting-down (an
    instance still holds its subnet and security groups), NAT gateway pending / deleting (a
    deleting one still holds its Elastic IP and the VPC's public mapping).
  - SQS: a deleted queue's name cannot be reused for 60 seconds.
  - API Gateway: the fixed control-plane quotas, answered 429.

Each behaviour is one class below, naming the AWS page it follows; how long each state lasts
is in WINDOWS, the one table of windows (seconds). Off by default; on with
`emulator.py --realistic`. Control interface (JSON, on the emulator's own port):

    GET  /_tapctl/realism  -> {"enabled": bool, "windows": {name: seconds}, "counts": {name: n}}
    POST /_tapctl/realism  {"enabled": true|false, "windows": {name: seconds}} (both optional;
                           windows are merged over the defaults; an unknown name -> 400)
                           -> the same JSON as GET; clears the counts and every remembered
                           young object, deleted queue name and quota bucket.
    POST /moto-api/reset   (moto's own wipe, passed on to moto) also resets realism: state and
                           counts cleared, enabled back to the launch default, default windows.

`counts` says how often each behaviour fired: a refused call, or a read answered with the
transitional state. The AWS service of a request comes from its SigV4 credential scope
(Credential=KEY/DATE/REGION/SERVICE/aws4_request); every service shares one host. One lock
guards all realism state (moto's server is threaded); moto itself runs outside it.

With realism off the middleware passes every request and answer through untouched, except
that it answers /_tapctl/realism and notes /moto-api/reset on the way to moto.
"""

import http
import io
import json
import os
import re
import threading
import time
import uuid
import zlib
import xml.etree.ElementTree as ET
from urllib.parse import parse_qsl, unquote, urlencode
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
        self.access_key, self.region, self.service = _credential_scope(environ)
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


def _credential_scope(environ):
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


def _request_id():
    return str(uuid.uuid4())


def ec2_error(code, message):
    """The EC2 query API's error document, HTTP 400."""
    body = ('<?xml version="1.0" encoding="UTF-8"?><Response><Errors><Error>'
            f"<Code>{escape(code)}</Code><Message>{escape(message)}</Message>"
            f"</Error></Errors><RequestID>{_request_id()}</RequestID></Response>")
    return Reply(400, [("Content-Type", "text/xml")], body)


def rds_error(code, message, status=400):
    """The RDS query API's error document, shaped as moto answers its own RDS errors."""
    body = ('<ErrorResponse xmlns="http://rds.amazonaws.com/doc/2014-10-31/"><Error><Type>Sender</Type>'
            f"<Code>{escape(code)}</Code><Message>{escape(message)}</Message></Error>"
            f"<RequestId>{_request_id()}</RequestId></ErrorResponse>")
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


def _iam_name(arn_or_name):
    """The IAM name in a role / instance profile ARN (arn:aws:iam::ACCOUNT:role/PATH/NAME)."""
    return (arn_or_name or "").rsplit("/", 1)[-1].lower()


def _arn_account(arn, default):
    parts = (arn or "").split(":")
    return parts[4] if len(parts) > 5 and parts[0] == "arn" and parts[4] else default


_LAMBDA_PATH = re.compile(r"^/\d{4}-\d{2}-\d{2}/functions/?(?P<name>[^/]*)(?P<rest>(/[^/]+)*)/?$")


def _lambda_function_ref(value):
    """(name, qualifier) of a FunctionName: a name, name:qualifier, a partial or full ARN."""
    value = unquote(value or "")
    if ":function:" in value:
        value = value.split(":function:", 1)[1]
    name, _, qualifier = value.partition(":")
    return name, qualifier or None


def _lambda_operation(call):
    """(operation, function name, qualifier) of a Lambda REST request realism cares about."""
    if call.service != "lambda":
        return None, None, None
    match = _LAMBDA_PATH.match(call.path)
    if not match:
        return None, None, None
    rest = match.group("rest").rstrip("/")
    if not match.group("name"):
        if call.method == "POST" and rest == "":
            name, qualifier = _lambda_function_ref(call.json.get("FunctionName"))
            return "CreateFunction", name, qualifier
        return None, None, None
    name, qualifier = _lambda_function_ref(match.group("name"))
    qualifier = call.query.get("Qualifier") or qualifier
    operations = {("GET", ""): "GetFunction", ("DELETE", ""): "DeleteFunction",
                  ("GET", "/configuration"): "GetFunctionConfiguration",
                  ("PUT", "/configuration"): "UpdateFunctionConfiguration",
                  ("PUT", "/code"): "UpdateFunctionCode"}
    return operations.get((call.method, rest)), name, qualifier


class IamChangesNotVisibleAtOnce(Behaviour):
    """For `iam_propagation` seconds after CreateRole, PutRolePolicy / AttachRolePolicy (per
    role), CreateInstanceProfile and AddRoleToInstanceProfile (per profile), the services that
    use the role or profile act as if the change had not reached them yet:

      - Lambda CreateFunction / UpdateFunctionConfiguration with a role created < W ago ->
        InvalidParameterValueException "The role defined for the function cannot be assumed
        by Lambda." (counter iam.lambda_role_not_assumable);
      - else, with a DeadLetterConfig.TargetArn while the role's latest CreateRole /
        PutRolePolicy / AttachRolePolicy is < W ago -> InvalidParameterValueException "The
        provided execution role does not have permissions to call SendMessage on SQS"
        (iam.lambda_dlq_send_message; on an update without Role, the function's own role);
      - EC2 RunInstances with IamInstanceProfile.Name / .Arn of a profile created, or given its
        role, < W ago -> InvalidParameterValue "Value (NAME) for parameter
        iamInstanceProfile.name is invalid. Invalid IAM Instance Profile name" (".arn" /
        "ARN" for the ARN) (iam.ec2_instance_profile);
      - API Gateway UpdateAccount replacing /cloudwatchRoleArn with a role created or given a
        policy < W ago -> BadRequestException "The role ARN does not have required
        permissions configured. Please grant trust permission for API Gateway and add the
        required role policy." (iam.apigateway_account_role).

    AWS: https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_general.html#troubleshoot_general_eventual-consistency
    ("Changes that I make are not always immediately visible": IAM changes take time to
    propagate; "do not include such IAM changes in the critical, high-availability code paths
    ... verify that the changes have been propagated before production workflows depend on
    them"). The error texts are the ones those services answer for a role or profile they
    cannot use yet: https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html
    (InvalidParameterValueException), https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_RunInstances.html
    (IamInstanceProfile) and https://docs.aws.amazon.com/apigateway/latest/api/API_UpdateAccount.html
    (BadRequestException).
    """

    def __init__(self, realism):
        super().__init__(realism)
        self.role_created = {}    # (account, role name) -> time of CreateRole
        self.role_policy = {}     # (account, role name) -> time of the latest Put/AttachRolePolicy
        self.profile_changed = {}  # (account, profile name) -> CreateInstanceProfile / AddRoleToInstanceProfile

    def after(self, call, reply):
        if call.service != "iam" or not reply.ok:
            return
        now = time.monotonic()
        params = call.params
        if call.action == "CreateRole":
            self.role_created[(call.account, _iam_name(params.get("RoleName")))] = now
        elif call.action in ("PutRolePolicy", "AttachRolePolicy"):
            self.role_policy[(call.account, _iam_name(params.get("RoleName")))] = now
        elif call.action in ("CreateInstanceProfile", "AddRoleToInstanceProfile"):
            self.profile_changed[(call.account, _iam_name(params.get("InstanceProfileName")))] = now

    def before(self, call):
        if call.service == "lambda":
            return self._lambda(call)
        if call.service == "ec2" and call.action == "RunInstances":
            return self._run_instances(call)
        if call.service == "apigateway" and call.method == "PATCH" and call.path.rstrip("/") == "/account":
            return self._update_account(call)
        return None

    def _role_key(self, call, role_arn):
        return (_arn_account(role_arn, call.account), _iam_name(role_arn))

    def _role_changed(self, key):
        times = [t for t in (self.role_created.get(key), self.role_policy.get(key)) if t is not None]
        return max(times) if times else None

    def _lambda(self, call):
        operation, name, _ = _lambda_operation(call)
        if operation not in ("CreateFunction", "UpdateFunctionConfiguration"):
            return None
        role = call.json.get("Role")
        if role and self.within(self.role_created.get(self._role_key(call, role)), "iam_propagation"):
            self.count("iam.lambda_role_not_assumable")
            return json_error("InvalidParameterValueException",
                              "The role defined for the function cannot be assumed by Lambda.")
        target = (call.json.get("DeadLetterConfig") or {}).get("TargetArn")
        if not target:
            return None
        if not role and operation == "UpdateFunctionConfiguration":
            role = self._function_role(call, name)
        if role and self.within(self._role_changed(self._role_key(call, role)), "iam_propagation"):
            self.count("iam.lambda_dlq_send_message")
            return json_error("InvalidParameterValueException",
                              "The provided execution role does not have permissions to call SendMessage on SQS")
        return None

    @staticmethod
    def _function_role(call, name):
        try:
            from moto.awslambda.models import lambda_backends

            return lambda_backends[call.account][call.region].get_function(name).role
        except Exception:  # unknown function: moto answers its own NotFound
            return None

    def _run_instances(self, call):
        name = call.params.get("IamInstanceProfile.Name")
        arn = call.params.get("IamInstanceProfile.Arn")
        if name and self.within(self.profile_changed.get((call.account, _iam_name(name))), "iam_propagation"):
            self.count("iam.ec2_instance_profile")
            return ec2_error("InvalidParameterValue",
                             f"Value ({name}) for parameter iamInstanceProfile.name is invalid. "
                             "Invalid IAM Instance Profile name")
        if arn and self.within(self.profile_changed.get((_arn_account(arn, call.account), _iam_name(arn))),
                               "iam_propagation"):
            self.count("iam.ec2_instance_profile")
            return ec2_error("InvalidParameterValue",
                             f"Value ({arn}) for parameter iamInstanceProfile.arn is invalid. "
                             "Invalid IAM Instance Profile ARN")
        return None

    def _update_account(self, call):
        for op in call.json.get("patchOperations") or []:
            if not isinstance(op, dict) or op.get("path") != "/cloudwatchRoleArn" \
                    or op.get("op") not in ("replace", "add") or not op.get("value"):
                continue
            if self.within(self._role_changed(self._role_key(call, op["value"])), "iam_propagation"):
                self.count("iam.apigateway_account_role")
                return json_error("BadRequestException",
                                  "The role ARN does not have required permissions configured. Please grant "
                                  "trust permission for API Gateway and add the required role policy.")
        return None


# CreateX -> the element of its answer that holds the new id.
EC2_CREATED_ID = {"CreateVpc": "vpcId", "CreateSubnet": "subnetId", "CreateSecurityGroup": "groupId",
                  "CreateRouteTable": "routeTableId", "CreateInternetGateway": "internetGatewayId"}
# id prefix -> (error code, message) EC2 answers for an id it does not know (yet).
EC2_NOT_FOUND = {
    "vpc-": ("InvalidVpcID.NotFound", "The vpc ID '{}' does not exist"),
    "subnet-": ("InvalidSubnetID.NotFound", "The subnet ID '{}' does not exist"),
    "sg-": ("InvalidGroup.NotFound", "The security group '{}' does not exist"),
    "rtb-": ("InvalidRouteTableID.NotFound", "The routeTable ID '{}' does not exist"),
    "igw-": ("InvalidInternetGatewayID.NotFound", "The internetGateway ID '{}' does not exist"),
}
# Parameters whose value is never an id reference, even when it looks like one.
_EC2_NOT_A_REFERENCE = re.compile(
    r"^(Action|Version|DryRun|ClientToken|Description|GroupDescription|GroupName)$"
    r"|^Filter\.|^TagSpecification\.|(^|\.)Tag\.\d+\.(Key|Value)$")


class Ec2EventualConsistency(Behaviour):
    """For `ec2_consistency` seconds after CreateVpc / CreateSubnet / CreateSecurityGroup /
    CreateRouteTable / CreateInternetGateway, an EC2 request that names the new id in a
    parameter (VpcId, SubnetId, GroupId, GroupId.N, RouteTableId, InternetGatewayId,
    ResourceId.N, VpcId.N, SubnetId.N, IpPermissions.N.Groups.M.GroupId, GatewayId, ...) ->
    HTTP 400 InvalidVpcID.NotFound "The vpc ID 'vpc-x' does not exist" (InvalidSubnetID.NotFound,
    InvalidGroup.NotFound "The security group 'sg-x' does not exist",
    InvalidRouteTableID.NotFound "The routeTable ID 'rtb-x' does not exist",
    InvalidInternetGatewayID.NotFound "The internetGateway ID 'igw-x' does not exist")
    (counter ec2.not_found).

    AWS: https://docs.aws.amazon.com/ec2/latest/devguide/eventual-consistency.html ("if you run
    a command to modify or describe the resource that you just created, its ID might not have
    propagated throughout the system, and you will get an error responding that the resource
    does not exist"; e.g. InvalidGroup.NotFound after CreateSecurityGroup). Codes and messages:
    https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html.

    Filters never hide anything: an id given only as a Filter.N.Value.M (vpc-id, tag:..., any
    filter name) is not refused and the object stays in the answer. AWS answers a filter that
    matches nothing with an empty list, never NotFound, so a reader by filter must cope with
    a missing object anyway, and this keeps tag-filtered reads exactly as moto answers them.
    Tag keys/values, descriptions and group names are not id references either.
    """

    def __init__(self, realism):
        super().__init__(realism)
        self.created = {}  # id -> time of its Create call

    def after(self, call, reply):
        if call.service == "ec2" and reply.ok and call.action in EC2_CREATED_ID:
            tag = EC2_CREATED_ID[call.action]
            match = re.search(rf"<{tag}>([^<]+)</{tag}>", reply.text())
            if match:
                self.created[match.group(1)] = time.monotonic()

    def before(self, call):
        if call.service != "ec2" or not self.created:
            return None
        self.created = {i: t for i, t in self.created.items() if self.within(t, "ec2_consistency")}
        for key, value in call.params.items():
            if value in self.created and not _EC2_NOT_A_REFERENCE.search(key):
                for prefix, (code, message) in EC2_NOT_FOUND.items():
                    if value.startswith(prefix):
                        self.count("ec2.not_found")
                        return ec2_error(code, message.format(value))
        return None


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


class LambdaFunctionStates(Behaviour):
    """After CreateFunction the function is Pending for `lambda_pending` seconds (State
    "Pending", StateReason "The function is being created.", StateReasonCode "Creating", no
    LastUpdateStatus yet), then Active; after UpdateFunctionCode / UpdateFunctionConfiguration
    its LastUpdateStatus is "InProgress" for `lambda_update` seconds, then "Successful".
    GetFunction and GetFunctionConfiguration (of $LATEST) show it (counters lambda.pending,
    lambda.update_in_progress, per read that shows it); the create / update answers show it
    too. UpdateFunctionCode / UpdateFunctionConfiguration meanwhile -> HTTP 409
    ResourceConflictException "The operation cannot be performed at this time. An update is in
    progress for resource: ARN" ("... The function is currently in the following state:
    Pending" while Pending) (counter lambda.conflict). The SDK waiters FunctionActiveV2 and
    FunctionUpdatedV2 poll GetFunction until Active / Successful.

    AWS: https://docs.aws.amazon.com/lambda/latest/dg/functions-states.html (Pending: "Any
    invocations or other API actions that operate on the function will fail"; while an update
    is in progress, LastUpdateStatus is InProgress and a further UpdateFunctionCode or
    UpdateFunctionConfiguration fails) and https://docs.aws.amazon.com/lambda/latest/api/API_FunctionConfiguration.html
    (LastUpdateStatus: "This is first set to Successful after function creation completes").
    """

    def __init__(self, realism):
        super().__init__(realism)
        self.created = {}  # (account, region, name) -> time of CreateFunction
        self.updated = {}  # (account, region, name) -> time of the latest update

    def _arn(self, call, name):
        return f"arn:aws:lambda:{call.region}:{call.account}:function:{name}"

    def before(self, call):
        operation, name, _ = _lambda_operation(call)
        if operation not in ("UpdateFunctionCode", "UpdateFunctionConfiguration"):
            return None
        key = (call.account, call.region, name)
        if self.within(self.created.get(key), "lambda_pending"):
            self.count("lambda.conflict")
            return json_error("ResourceConflictException",
                              "The operation cannot be performed at this time. "
                              "The function is currently in the following state: Pending", 409)
        if self.within(self.updated.get(key), "lambda_update"):
            self.count("lambda.conflict")
            return json_error("ResourceConflictException",
                              "The operation cannot be performed at this time. An update is in progress "
                              f"for resource: {self._arn(call, name)}", 409)
        return None

    def after(self, call, reply):
        operation, name, qualifier = _lambda_operation(call)
        if operation is None or not reply.ok:
            return
        key = (call.account, call.region, name)
        now = time.monotonic()
        if operation == "CreateFunction":
            self.created[key] = now
            self.updated.pop(key, None)
        elif operation in ("UpdateFunctionCode", "UpdateFunctionConfiguration"):
            self.updated[key] = now
        elif operation == "DeleteFunction":
            self.created.pop(key, None)
            self.updated.pop(key, None)
            return
        if qualifier not in (None, "$LATEST"):
            return
        answer = reply.json()
        if not isinstance(answer, dict):
            return
        config = answer.get("Configuration") if operation == "GetFunction" else answer
        if not isinstance(config, dict):
            return
        reading = operation in ("GetFunction", "GetFunctionConfiguration")
        if self.within(self.created.get(key), "lambda_pending"):
            config.update(State="Pending", StateReason="The function is being created.",
                          StateReasonCode="Creating")
            config.pop("LastUpdateStatus", None)
            if reading:
                self.count("lambda.pending")
        elif self.within(self.updated.get(key), "lambda_update"):
            config["LastUpdateStatus"] = "InProgress"
            if reading:
                self.count("lambda.update_in_progress")
        else:
            return
        reply.set_json(answer)


_RDS_BLOCK = re.compile(r"<DBInstance>.*?</DBInstance>", re.S)
_RDS_ID = re.compile(r"<DBInstanceIdentifier>([^<]*)</DBInstanceIdentifier>")
_RDS_STATUS = re.compile(r"<DBInstanceStatus>[^<]*</DBInstanceStatus>")
_RDS_ENDPOINT = re.compile(r"<Endpoint>.*?</Endpoint>", re.S)


def _rds_id(value):
    """An RDS instance identifier (given as an identifier or as its ARN), lower case like RDS."""
    value = value or ""
    if value.startswith("arn:") and ":db:" in value:
        value = value.split(":db:", 1)[1]
    return value.lower()


def _rds_filter_values(params, name):
    """The values of the DescribeDBInstances filter `name` (Filters.Filter.N.Values.Value.M),
    or None without such a filter."""
    values = None
    for key, value in params.items():
        match = re.fullmatch(r"Filters\.Filter\.(\d+)\.Name", key)
        if match and value == name:
            prefix = f"Filters.Filter.{match.group(1)}.Values.Value."
            values = (values or set()) | {v for k, v in params.items() if k.startswith(prefix)}
    return values


class RdsInstanceStates(Behaviour):
    """DBInstanceStatus "creating" for `rds_creating` seconds after CreateDBInstance (without
    an Endpoint yet), "modifying" for `rds_modifying` seconds after ModifyDBInstance,
    "deleting" for `rds_deleting` seconds after DeleteDBInstance, then gone (DBInstanceNotFound).
    DescribeDBInstances shows it (counters rds.creating, rds.modifying, rds.deleting, per
    describe that shows the state). ModifyDBInstance / DeleteDBInstance while not available ->
    HTTP 400 InvalidDBInstanceState "Instance X is not in available state." (rds.invalid_state).

    A deleting instance is still described and still holds its name, its DB subnet group and
    its VPC security groups: DeleteDBSubnetGroup -> InvalidDBSubnetGroupStateFault "Cannot
    delete the subnet group 'X' because at least one database instance: Y is still using it."
    and CreateDBInstance of the same identifier -> DBInstanceAlreadyExists (both counted as
    rds.deleting); EC2 DeleteSecurityGroup of one of its groups -> DependencyViolation
    "resource sg-x has a dependent object" (ec2.dependency_violation). moto deletes the
    instance at once, so DeleteDBInstance is passed to moto as it comes (the emulator's final
    snapshot and automated backup patches run as usual, and the final snapshot exists at once)
    and realism keeps the deleted instance's description (moto's DeleteDBInstance answer) to
    show until the window closes. It is shown to DescribeDBInstances by identifier or ARN, or
    without an identifier on the first page (no Marker) unless a filter other than
    db-instance-id is given. The SDK waiters DBInstanceAvailable / DBInstanceDeleted poll it.

    AWS: https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/accessing-monitoring.html#Overview.DBInstance.Status
    (creating: "The DB instance is being created. The DB instance is inaccessible while it is
    being created."; modifying; deleting: "The DB instance is being deleted."),
    https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_ModifyDBInstance.html and
    .../API_DeleteDBInstance.html (Errors: InvalidDBInstanceState), .../API_DeleteDBSubnetGroup.html
    (InvalidDBSubnetGroupStateFault), .../API_CreateDBInstance.html (DBInstanceAlreadyExists),
    https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DeleteSecurityGroup.html
    (DependencyViolation while a network interface of the instance uses the group).
    """

    def __init__(self, realism):
        super().__init__(realism)
        self.creating = {}   # (account, region, id) -> time
        self.modifying = {}  # (account, region, id) -> time
        self.deleting = {}   # (account, region, id) -> dict(time, block, subnet_group, groups, identifier)

    def _status(self, key):
        if self.within(self.creating.get(key), "rds_creating"):
            return "creating"
        if self.within(self.modifying.get(key), "rds_modifying"):
            return "modifying"
        if key in self.deleting and self.within(self.deleting[key]["time"], "rds_deleting"):
            return "deleting"
        return None

    def _ghosts(self, call):
        self.deleting = {k: g for k, g in self.deleting.items() if self.within(g["time"], "rds_deleting")}
        return {k: g for k, g in self.deleting.items() if k[:2] == (call.account, call.region)}

    def before(self, call):
        if call.service == "ec2" and call.action == "DeleteSecurityGroup":
            group = call.params.get("GroupId")
            for ghost in self._ghosts(call).values():
                if group and group in ghost["groups"]:
                    self.count("ec2.dependency_violation")
                    return ec2_error("DependencyViolation", f"resource {group} has a dependent object")
            return None
        if call.service != "rds":
            return None
        given = call.params.get("DBInstanceIdentifier") or ""
        key = (call.account, call.region, _rds_id(given))
        if call.action in ("ModifyDBInstance", "DeleteDBInstance") and given and self._status(key):
            self.count("rds.invalid_state")
            return rds_error("InvalidDBInstanceState", f"Instance {given} is not in available state.")
        if call.action == "CreateDBInstance" and given and key in self._ghosts(call):
            self.count("rds.deleting")
            return rds_error("DBInstanceAlreadyExists", "DB instance already exists")
        if call.action == "DeleteDBSubnetGroup":
            name = call.params.get("DBSubnetGroupName")
            for ghost in self._ghosts(call).values():
                if name and ghost["subnet_group"] == name:
                    self.count("rds.deleting")
                    return rds_error("InvalidDBSubnetGroupStateFault",
                                     f"Cannot delete the subnet group '{name}' because at least one database "
                                     f"instance: {ghost['identifier']} is still using it.")
        return None

    def after(self, call, reply):
        if call.service != "rds":
            return
        now = time.monotonic()
        given = call.params.get("DBInstanceIdentifier") or ""
        key = (call.account, call.region, _rds_id(given))
        if reply.ok and call.action == "CreateDBInstance":
            self.creating[key] = now
            self.modifying.pop(key, None)
            reply.body = self._rewrite(call, reply.text(), count=False).encode()
        elif reply.ok and call.action == "ModifyDBInstance" and not call.params.get("NewDBInstanceIdentifier"):
            self.modifying[key] = now
        elif reply.ok and call.action == "DeleteDBInstance":
            self.creating.pop(key, None)
            self.modifying.pop(key, None)
            block = _RDS_BLOCK.search(reply.text())
            if block:
                text = _RDS_STATUS.sub("<DBInstanceStatus>deleting</DBInstanceStatus>", block.group(0))
                group = re.search(r"<DBSubnetGroup>.*?<DBSubnetGroupName>([^<]+)</DBSubnetGroupName>", text, re.S)
                ident = _RDS_ID.search(text)
                self.deleting[key] = {
                    "time": now, "block": text,
                    "subnet_group": group.group(1) if group else None,
                    "groups": set(re.findall(r"<VpcSecurityGroupId>([^<]+)</VpcSecurityGroupId>", text)),
                    "identifier": ident.group(1) if ident else given,
                }
        elif call.action == "DescribeDBInstances":
            self._describe(call, reply)

    def _rewrite(self, call, text, count=True):
        shown = set()

        def block(match):
            ident = _RDS_ID.search(match.group(0))
            status = self._status((call.account, call.region, _rds_id(ident.group(1)))) if ident else None
            if status not in ("creating", "modifying"):
                return match.group(0)
            shown.add(status)
            result = _RDS_STATUS.sub(f"<DBInstanceStatus>{status}</DBInstanceStatus>", match.group(0))
            return _RDS_ENDPOINT.sub("", result) if status == "creating" else result

        text = _RDS_BLOCK.sub(block, text)
        if count:
            for status in shown:
                self.count(f"rds.{status}")
        return text

    def _describe(self, call, reply):
        given = call.params.get("DBInstanceIdentifier")
        ghosts = self._ghosts(call)
        if given:
            ghosts = {k: g for k, g in ghosts.items() if k[2] == _rds_id(given)}
        elif call.params.get("Marker"):
            ghosts = {}
        else:
            wanted = _rds_filter_values(call.params, "db-instance-id")
            others = any(re.fullmatch(r"Filters\.Filter\.\d+\.Name", k) and v != "db-instance-id"
                         for k, v in call.params.items())
            if others:
                ghosts = {}
            elif wanted is not None:
                wanted = {_rds_id(v) for v in wanted}
                ghosts = {k: g for k, g in ghosts.items() if k[2] in wanted}
        blocks = "".join(g["block"] for g in ghosts.values())
        if reply.ok:
            text = self._rewrite(call, reply.text())
            if blocks:
                if "<DBInstances/>" in text:
                    text = text.replace("<DBInstances/>", f"<DBInstances>{blocks}</DBInstances>", 1)
                else:
                    text = text.replace("</DBInstances>", f"{blocks}</DBInstances>", 1)
            reply.body = text.encode()
        elif blocks and "DBInstanceNotFound" in reply.text():
            reply.status = 200
            reply.headers = [("Content-Type", "text/xml")]
            reply.body = ('<DescribeDBInstancesResponse xmlns="http://rds.amazonaws.com/doc/2014-10-31/">'
                          f"<DescribeDBInstancesResult><DBInstances>{blocks}</DBInstances></DescribeDBInstancesResult>"
                          f"<ResponseMetadata><RequestId>{_request_id()}</RequestId></ResponseMetadata>"
                          "</DescribeDBInstancesResponse>").encode()
        else:
            return
        if blocks:
            self.count("rds.deleting")


def _dynamodb_table(value):
    value = value or ""
    return value.split(":table/", 1)[1].split("/", 1)[0] if ":table/" in value else value


class DynamoDbTableCreating(Behaviour):
    """TableStatus "CREATING" for `dynamodb_creating` seconds after CreateTable: DescribeTable
    shows it (counter dynamodb.creating), and so does the CreateTable answer. UpdateTable,
    UpdateContinuousBackups and DeleteTable meanwhile -> HTTP 400 ResourceInUseException
    "Attempt to change a resource which is still in use: Table is being created: NAME"
    (counter dynamodb.resource_in_use). The SDK waiter TableExists polls DescribeTable until
    ACTIVE.

    AWS: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_CreateTable.html
    ("CreateTable is an asynchronous operation. Upon receiving a CreateTable request, DynamoDB
    immediately returns a response with a TableStatus of CREATING. After the table is created,
    DynamoDB sets the TableStatus to ACTIVE") and
    https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html
    (ResourceInUseException: "You tried to re-create an existing table, or delete a table
    currently in the CREATING state"); the message is the one DynamoDB answers.
    """

    def __init__(self, realism):
        super().__init__(realism)
        self.creating = {}  # (account, region, table) -> time of CreateTable

    def before(self, call):
        if call.service != "dynamodb" or call.action not in ("UpdateTable", "UpdateContinuousBackups", "DeleteTable"):
            return None
        table = _dynamodb_table(call.json.get("TableName"))
        if self.within(self.creating.get((call.account, call.region, table)), "dynamodb_creating"):
            self.count("dynamodb.resource_in_use")
            return json_error("com.amazonaws.dynamodb.v20120810#ResourceInUseException",
                              f"Attempt to change a resource which is still in use: Table is being created: {table}")
        return None

    def after(self, call, reply):
        if call.service != "dynamodb" or not reply.ok:
            return
        key = (call.account, call.region, _dynamodb_table(call.json.get("TableName")))
        if call.action == "CreateTable":
            self.creating[key] = time.monotonic()
            field = "TableDescription"
        elif call.action == "DeleteTable":
            self.creating.pop(key, None)
            return
        elif call.action == "DescribeTable":
            field = "Table"
        else:
            return
        if not self.within(self.creating.get(key), "dynamodb_creating"):
            return
        answer = reply.json()
        if isinstance(answer, dict) and isinstance(answer.get(field), dict):
            answer[field]["TableStatus"] = "CREATING"
            reply.set_json(answer)
            if call.action == "DescribeTable":
                self.count("dynamodb.creating")


def _ec2_xml(body):
    """An EC2 answer parsed, a function that names a tag in the answer's namespace, and the
    namespace; None when the body is not XML."""
    try:
        root = ET.fromstring(body)
    except ET.ParseError:
        return None
    ns = root.tag[1:].split("}", 1)[0] if root.tag.startswith("{") else ""

    def q(tag):
        return f"{{{ns}}}{tag}" if ns else tag

    return root, q, ns


def _widen_state_filter(call, filter_name, scratch_key, moto_state):
    """A describe filtered on a state realism shows (pending, deleting...) is asked of moto with
    the state moto really holds as well; the states asked for are kept in call.scratch[scratch_key]
    so that the answer can be filtered back to them."""
    form = dict(call.form)
    for key, value in call.params.items():
        match = re.fullmatch(r"Filter\.(\d+)\.Name", key)
        if not match or value != filter_name:
            continue
        prefix = f"Filter.{match.group(1)}.Value."
        values = {v for k, v in call.params.items() if k.startswith(prefix)}
        call.scratch.setdefault(scratch_key, set()).update(values)
        extra = {moto_state[v] for v in values if v in moto_state} - values
        n = max([int(k[len(prefix):]) for k in call.params if k.startswith(prefix)
                 and k[len(prefix):].isdigit()] or [0])
        for i, state in enumerate(sorted(extra), start=n + 1):
            form[f"{prefix}{i}"] = state
    if form != call.form:
        call.set_form(form)


# moto's state for each state realism shows, and the codes EC2 gives each state.
_EC2_MOTO_STATE = {"pending": "running", "shutting-down": "terminated"}
_EC2_STATE_CODE = {"pending": 0, "running": 16, "shutting-down": 32, "terminated": 48}


class Ec2InstanceStates(Behaviour):
    """An instance is "pending" for `ec2_pending` seconds after RunInstances, then running
    (counter ec2.pending per DescribeInstances that shows it); after TerminateInstances it is
    "shutting-down" for `ec2_shutting_down` seconds, then terminated (ec2.shutting_down). An
    instance filter instance-state-name sees the shown state (the request moto gets also asks
    for moto's own state, and the answer keeps only what was asked for). While an instance is
    not terminated (pending, running, stopped, shutting-down ...) it holds its subnet and
    security groups: DeleteSubnet -> HTTP 400 DependencyViolation "The subnet 'subnet-x' has
    dependencies and cannot be deleted.", DeleteSecurityGroup -> DependencyViolation "resource
    sg-x has a dependent object" (counter ec2.dependency_violation). The SDK waiters
    InstanceRunning / InstanceTerminated poll DescribeInstances.

    AWS: https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ec2-instance-lifecycle.html
    (pending: "The instance is preparing to enter the running state"; shutting-down: "The
    instance is preparing to be terminated"; codes 0 pending, 16 running, 32 shutting-down,
    48 terminated per https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_InstanceState.html),
    https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DeleteSubnet.html ("You must
    terminate all running instances in the subnet before you can delete the subnet") and
    .../API_DeleteSecurityGroup.html ("If you attempt to delete a security group that is
    associated with an instance ... the operation fails with DependencyViolation").
    DescribeInstanceStatus is not rewritten.
    """

    def __init__(self, realism):
        super().__init__(realism)
        self.launched = {}    # instance id -> time of RunInstances
        self.terminated = {}  # instance id -> time of TerminateInstances

    def _shown_state(self, instance_id, moto_state):
        if moto_state == "running" and self.within(self.launched.get(instance_id), "ec2_pending"):
            return "pending"
        if moto_state == "terminated" and self.within(self.terminated.get(instance_id), "ec2_shutting_down"):
            return "shutting-down"
        return moto_state

    def before(self, call):
        if call.service != "ec2":
            return None
        if call.action == "DescribeInstances":
            self._widen_state_filter(call)
        elif call.action == "DeleteSubnet":
            subnet = call.params.get("SubnetId")
            if subnet and any(inst.subnet_id == subnet for inst in self._holding(call)):
                self.count("ec2.dependency_violation")
                return ec2_error("DependencyViolation",
                                 f"The subnet '{subnet}' has dependencies and cannot be deleted.")
        elif call.action == "DeleteSecurityGroup":
            group = call.params.get("GroupId") or self._group_id(call, call.params.get("GroupName"))
            if group and any(group in [g.id for g in (inst.security_groups or [])] for inst in self._holding(call)):
                self.count("ec2.dependency_violation")
                return ec2_error("DependencyViolation", f"resource {group} has a dependent object")
        return None

    def _backend(self, call):
        from moto.ec2.models import ec2_backends

        return ec2_backends[call.account][call.region]

    def _holding(self, call):
        """The instances that still hold their subnet and groups: not terminated, as shown."""
        try:
            reservations = list(self._backend(call).reservations.values())
        except Exception:
            return []
        return [inst for r in reservations for inst in list(r.instances)
                if self._shown_state(inst.id, inst.state) != "terminated"]

    def _group_id(self, call, name):
        if not name:
            return None
        try:
            group = self._backend(call).get_security_group_by_name_or_id(name)
        except Exception:
            return None
        return group.id if group is not None else None

    def _widen_state_filter(self, call):
        _widen_state_filter(call, "instance-state-name", "instance_states", _EC2_MOTO_STATE)

    def after(self, call, reply):
        if call.service != "ec2" or not reply.ok:
            return
        now = time.monotonic()
        if call.action == "RunInstances":
            for instance_id in re.findall(r"<instanceId>(i-[^<]+)</instanceId>", reply.text()):
                self.launched[instance_id] = now
        elif call.action == "TerminateInstances":
            for key, value in call.params.items():
                if re.fullmatch(r"InstanceId\.\d+", key):
                    self.terminated[value] = now
                    self.launched.pop(value, None)
        elif call.action == "DescribeInstances":
            self._describe(call, reply)

    def _describe(self, call, reply):
        wanted = call.scratch.get("instance_states")
        young = any(self.within(t, "ec2_pending") for t in self.launched.values()) or \
            any(self.within(t, "ec2_shutting_down") for t in self.terminated.values())
        if not young and wanted is None:
            return
        parsed = _ec2_xml(reply.body)
        if parsed is None:
            return
        root, q, ns = parsed

        shown = set()
        reservation_set = root.find(q("reservationSet"))
        for reservation in list(reservation_set) if reservation_set is not None else []:
            instances = reservation.find(q("instancesSet"))
            for instance in list(instances) if instances is not None else []:
                state = instance.find(q("instanceState"))
                name = state.find(q("name")) if state is not None else None
                if name is None:
                    continue
                new = self._shown_state(instance.findtext(q("instanceId")), name.text)
                if wanted is not None and new not in wanted:
                    instances.remove(instance)
                    continue
                if new != name.text:
                    name.text = new
                    state.find(q("code")).text = str(_EC2_STATE_CODE[new])
                    shown.add(new)
            if instances is not None and len(instances) == 0:
                reservation_set.remove(reservation)
        try:
            text = ET.tostring(root, encoding="unicode", default_namespace=ns or None)
        except ValueError:
            return
        reply.body = ('<?xml version="1.0" encoding="utf-8"?>\n' + text).encode()
        for state in shown:
            self.count("ec2.pending" if state == "pending" else "ec2.shutting_down")


class NatGatewayStates(Behaviour):
    """A NAT gateway is "pending" for `nat_pending` seconds after CreateNatGateway, then
    available (counter ec2.nat_pending per DescribeNatGateways that shows it); after
    DeleteNatGateway it is "deleting" for `nat_deleting` seconds, then deleted
    (ec2.nat_deleting). While it is deleting it still holds its Elastic IP and the VPC's public
    mapping: ReleaseAddress of its allocation -> InvalidIPAddress.InUse (ec2.address_in_use),
    DetachInternetGateway of its VPC -> DependencyViolation "Network vpc-x has some mapped
    public address(es). Please unmap those public address(es) before detaching the gateway."
    (ec2.mapped_public_address). A state filter sees the shown state. The SDK waiters
    NatGatewayAvailable / NatGatewayDeleted poll DescribeNatGateways.

    AWS: https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-basics.html (pending: "The
    NAT gateway is being created"; deleting: "The NAT gateway is being terminated"),
    https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ReleaseAddress.html
    (InvalidIPAddress.InUse) and .../API_DetachInternetGateway.html. Before and after the
    windows, emulator.py's own patches answer the same refusals for a gateway moto holds.
    """

    def __init__(self, realism):
        super().__init__(realism)
        self.created = {}   # nat id -> time of CreateNatGateway
        self.deleted = {}   # nat id -> (time of DeleteNatGateway, vpc id, allocation ids)

    def _deleting(self):
        return {nat: held for nat, held in self.deleted.items() if self.within(held[0], "nat_deleting")}

    def _shown_state(self, nat_id, moto_state):
        if moto_state == "available" and self.within(self.created.get(nat_id), "nat_pending"):
            return "pending"
        if moto_state == "deleted" and nat_id in self._deleting():
            return "deleting"
        return moto_state

    def before(self, call):
        if call.service != "ec2":
            return None
        if call.action == "ReleaseAddress":
            allocation = call.params.get("AllocationId")
            if allocation and any(allocation in held[2] for held in self._deleting().values()):
                self.count("ec2.address_in_use")
                return ec2_error("InvalidIPAddress.InUse", f"Address {allocation} is in use.")
        elif call.action == "DetachInternetGateway":
            vpc = call.params.get("VpcId")
            if vpc and any(held[1] == vpc for held in self._deleting().values()):
                self.count("ec2.mapped_public_address")
                return ec2_error("DependencyViolation", f"Network {vpc} has some mapped public address(es). "
                                 "Please unmap those public address(es) before detaching the gateway.")
        elif call.action == "DeleteNatGateway":
            call.scratch["nat"] = self._holdings(call, call.params.get("NatGatewayId"))
        elif call.action == "DescribeNatGateways":
            self._widen_state_filter(call)
        return None

    def _holdings(self, call, nat_id):
        try:
            from moto.ec2.models import ec2_backends

            nat = ec2_backends[call.account][call.region].nat_gateways.get(nat_id)
        except Exception:
            return None
        if nat is None:
            return None
        return nat.vpc_id, {a.get("allocationId") for a in nat.address_set or [] if a.get("allocationId")}

    def _widen_state_filter(self, call):
        _widen_state_filter(call, "state", "nat_states", _NAT_MOTO_STATE)

    def after(self, call, reply):
        if call.service != "ec2" or not reply.ok:
            return
        now = time.monotonic()
        if call.action == "CreateNatGateway":
            for nat_id in re.findall(r"<natGatewayId>(nat-[^<]+)</natGatewayId>", reply.text()):
                self.created[nat_id] = now
        elif call.action == "DeleteNatGateway":
            nat_id = call.params.get("NatGatewayId")
            held = call.scratch.get("nat")
            if nat_id and held is not None and nat_id not in self.deleted:
                self.deleted[nat_id] = (now, held[0], held[1])
                self.created.pop(nat_id, None)
        elif call.action == "DescribeNatGateways":
            self._describe(call, reply)

    def _describe(self, call, reply):
        wanted = call.scratch.get("nat_states")
        if not self.created and not self._deleting() and wanted is None:
            return
        parsed = _ec2_xml(reply.body)
        if parsed is None:
            return
        root, q, ns = parsed

        shown = set()
        gateways = root.find(q("natGatewaySet"))
        for item in list(gateways) if gateways is not None else []:
            state = item.find(q("state"))
            if state is None:
                continue
            new = self._shown_state(item.findtext(q("natGatewayId")), state.text)
            if wanted is not None and new not in wanted:
                gateways.remove(item)
                continue
            if new != state.text:
                state.text = new
                shown.add(new)
        try:
            text = ET.tostring(root, encoding="unicode", default_namespace=ns or None)
        except ValueError:
            return
        reply.body = ('<?xml version="1.0" encoding="utf-8"?>\n' + text).encode()
        for state in shown:
            self.count("ec2.nat_pending" if state == "pending" else "ec2.nat_deleting")


_NAT_MOTO_STATE = {"pending": "available", "deleting": "deleted"}


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
                               ("x-amzn-requestid", _request_id())], body)
        return None

    def after(self, call, reply):
        if call.service == "sqs" and call.action == "DeleteQueue" and reply.ok and call.json:
            name = (call.json.get("QueueUrl") or "").rstrip("/").rsplit("/", 1)[-1]
            self.deleted[(call.account, call.region, name)] = time.monotonic()


def _apigateway_operation(method, path):
    """The API Gateway operation of a REST request, for those with a fixed quota."""
    parts = [unquote(p) for p in path.strip("/").split("/") if p]
    n = len(parts)
    if n >= 1 and parts[0] == "restapis":
        if n == 1 and method == "POST":
            return "CreateRestApi"
        if n == 2:
            return {"DELETE": "DeleteRestApi", "PUT": "PutRestApi"}.get(method)
        if n == 3 and parts[2] == "deployments" and method == "POST":
            return "CreateDeployment"
        if n == 3 and parts[2] == "resources" and method == "GET":
            return "GetResources"
        if n == 4 and parts[2] == "resources":
            return {"POST": "CreateResource", "DELETE": "DeleteResource"}.get(method)
    if parts == ["account"] and method == "PATCH":
        return "UpdateAccount"
    if n == 2 and parts[0] == "usageplans" and method == "PATCH":
        return "UpdateUsagePlan"
    if n >= 1 and parts[0] == "apikeys":
        if n == 1 and method == "POST":
            return "CreateApiKey"
        if n == 2 and method == "DELETE":
            return "DeleteApiKey"
    return None


class _TokenBucket:
    def __init__(self, rate, capacity):
        self.rate = float(rate)
        self.capacity = float(capacity)
        self.tokens = float(capacity)
        self.at = time.monotonic()

    def refill(self, now):
        if now > self.at:
            self.tokens = min(self.capacity, self.tokens + (now - self.at) * self.rate)
            self.at = now


class ApiGatewayControlPlaneQuotas(Behaviour):
    """API Gateway's fixed control-plane quotas as per-account, per-Region token buckets:
    CreateApiKey 5/s, CreateDeployment 1 per 5 s, CreateResource 5/s, CreateRestApi 1 per 3 s,
    DeleteApiKey 5/s, DeleteResource 5/s, DeleteRestApi 1 per 30 s, GetResources 5 per 2 s,
    PutRestApi 1/s, UpdateAccount 1 per 20 s, UpdateUsagePlan 1 per 20 s (APIGATEWAY_QUOTAS),
    and all operations together 10 per second with a burst of 40. A request over its bucket ->
    HTTP 429, header x-amzn-ErrorType TooManyRequestsException, body {"message":"Too Many
    Requests"} (counters apigateway.too_many_requests and
    apigateway.too_many_requests.<Operation>, .Total for the total bucket). A refused request
    takes no token; a request let through takes one from its bucket and from the total even
    if it then fails.

    AWS: https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html ("API Gateway
    quotas for creating, deploying and managing an API": fixed quotas that "can't be
    increased"; "Total operations: 10 requests per second with a burst quota of 40 requests
    per second") and https://docs.aws.amazon.com/apigateway/latest/api/CommonErrors.html
    (TooManyRequestsException, HTTP 429). CreateRestApi uses the regional/private quota
    (1 per 3 s) whatever the endpoint type.
    """

    def __init__(self, realism):
        super().__init__(realism)
        self.buckets = {}  # (account, region, operation or "Total") -> _TokenBucket

    def _bucket(self, call, name):
        key = (call.account, call.region, name)
        if key not in self.buckets:
            if name == "Total":
                self.buckets[key] = _TokenBucket(APIGATEWAY_TOTAL_RATE, APIGATEWAY_TOTAL_BURST)
            else:
                requests, seconds = APIGATEWAY_QUOTAS[name]
                self.buckets[key] = _TokenBucket(requests / seconds, requests)
        return self.buckets[key]

    def before(self, call):
        if call.service != "apigateway":
            return None
        now = time.monotonic()
        operation = _apigateway_operation(call.method, call.path)
        buckets = [(operation, self._bucket(call, operation))] if operation else []
        buckets.append(("Total", self._bucket(call, "Total")))
        for name, bucket in buckets:
            bucket.refill(now)
            if bucket.tokens < 1:
                self.count("apigateway.too_many_requests")
                self.count(f"apigateway.too_many_requests.{name}")
                return Reply(429, [("Content-Type", "application/json"),
                                   ("x-amzn-ErrorType", "TooManyRequestsException"),
                                   ("x-amzn-RequestId", _request_id())],
                             json.dumps({"message": "Too Many Requests"}))
        for _, bucket in buckets:
            bucket.tokens -= 1
        return None


# The order realism asks them in: quotas first (AWS throttles before it looks at a request).
BEHAVIOURS = [
    ApiGatewayControlPlaneQuotas,
    LambdaFunctionStates,
    IamChangesNotVisibleAtOnce,
    Ec2EventualConsistency,
    KmsEventualConsistency,
    RdsInstanceStates,
    DynamoDbTableCreating,
    Ec2InstanceStates,
    NatGatewayStates,
    SqsQueueNameReuse,
]


# --------------------------------------------------------------------------------------
# The middleware
# --------------------------------------------------------------------------------------

class Realism:
    """WSGI middleware in front of moto's application: the control interface, and the
    behaviours above while enabled."""

    def __init__(self, app, enabled=False):
        self.app = app
        self.launch_enabled = bool(enabled)
        self.lock = threading.RLock()
        with self.lock:
            self._reset(self.launch_enabled, {})

    # State ---------------------------------------------------------------------------

    def _reset(self, enabled, windows):
        """Called under the lock: new settings, no counts, no remembered state."""
        self.enabled = enabled
        self.windows = {**WINDOWS, **windows}
        self.counts = {name: 0 for name in COUNTERS}
        self.behaviours = [cls(self) for cls in BEHAVIOURS]

    def within(self, since, window):
        return since is not None and time.monotonic() - since < self.windows[window]

    def count(self, name):
        self.counts[name] = self.counts.get(name, 0) + 1

    def settings(self):
        with self.lock:
            return {"enabled": self.enabled, "windows": dict(self.windows), "counts": dict(self.counts)}

    # WSGI ----------------------------------------------------------------------------

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        method = environ.get("REQUEST_METHOD", "GET").upper()
        if path == CONTROL_PATH:
            return self._control(environ, method).send(start_response)
        if path == RESET_PATH and method == "POST":
            with self.lock:
                self._reset(self.launch_enabled, {})
            return self.app(environ, start_response)
        with self.lock:
            enabled = self.enabled
        if not enabled or _credential_scope(environ)[2] not in SERVICES:
            return self.app(environ, start_response)

        call = Call(environ, _read_body(environ))
        with self.lock:
            behaviours = self.behaviours
            for behaviour in behaviours:
                refusal = behaviour.before(call)
                if refusal is not None:
                    return refusal.send(start_response)
        environ["wsgi.input"] = io.BytesIO(call.body)
        environ["CONTENT_LENGTH"] = str(len(call.body))
        reply = _run(self.app, environ)
        with self.lock:
            if behaviours is self.behaviours and self.enabled:  # not reset meanwhile
                for behaviour in behaviours:
                    behaviour.after(call, reply)
        return reply.send(start_response)

    def _control(self, environ, method):
        if method == "GET":
            return _json_reply(200, self.settings())
        if method != "POST":
            return _json_reply(405, {"message": f"{method} is not allowed on {CONTROL_PATH}; use GET or POST"})
        body = _read_body(environ)
        try:
            request = json.loads(body) if body.strip() else {}
        except ValueError as e:
            return _json_reply(400, {"message": f"the body is not JSON: {e}"})
        if not isinstance(request, dict):
            return _json_reply(400, {"message": "the body must be a JSON object"})
        unknown_keys = sorted(set(request) - {"enabled", "windows"})
        if unknown_keys:
            return _json_reply(400, {"message": f"unknown keys {unknown_keys}; known: enabled, windows"})
        enabled = request.get("enabled")
        if enabled is not None and not isinstance(enabled, bool):
            return _json_reply(400, {"message": "enabled must be true or false"})
        windows = request.get("windows") or {}
        if not isinstance(windows, dict):
            return _json_reply(400, {"message": "windows must be an object of window name to seconds"})
        for name, seconds in windows.items():
            if name not in WINDOWS:
                return _json_reply(400, {"message": f"unknown window '{name}'; known: {', '.join(WINDOWS)}"})
            if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or seconds < 0:
                return _json_reply(400, {"message": f"window '{name}' must be a number of seconds >= 0"})
        with self.lock:
            self._reset(self.enabled if enabled is None else enabled, windows)
        return _json_reply(200, self.settings())


def _json_reply(status, value):
    return Reply(status, [("Content-Type", "application/json")], json.dumps(value))


def _read_body(environ):
    """The whole request body; environ gets a fresh stream over it for moto."""
    stream = environ.get("wsgi.input")
    if stream is None:
        return b""
    if environ.get("wsgi.input_terminated"):
        body = stream.read()
    else:
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        body = stream.read(length) if length > 0 else b""
    environ["wsgi.input"] = io.BytesIO(body)
    environ["CONTENT_LENGTH"] = str(len(body))
    return body


def _run(app, environ):
    """Run moto's application on environ and collect its whole answer."""
    captured = {}
    chunks = []

    def start_response(status, headers, exc_info=None):
        captured["status"] = status
        captured["headers"] = list(headers)
        return chunks.append

    result = app(environ, start_response)
    try:
        for chunk in result:
            chunks.append(chunk)
    finally:
        close = getattr(result, "close", None)
        if close is not None:
            close()
    status = int(str(captured.get("status", "500")).split(" ", 1)[0])
    return Reply(status, captured.get("headers", []), b"".join(chunks))

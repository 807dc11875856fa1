"""Realism: Lambda function states (Pending after CreateFunction, LastUpdateStatus InProgress after an
update). The module is `lambda_` because `lambda` is a Python keyword."""

import re
import time
from urllib.parse import unquote

from .core import Behaviour, json_error


_LAMBDA_PATH = re.compile(r"^/\d{4}-\d{2}-\d{2}/functions/?(?P<name>[^/]*)(?P<rest>(/[^/]+)*)/?$")


def _lambda_function_ref(value):
    """(name, qualifier) of a FunctionName: a name, name:qualifier, a partial or full ARN."""
    value = unquote(value or "")
    if ":function:" in value:
        value = value.split(":function:", 1)[1]
    name, _, qualifier = value.partition(":")
    return name, qualifier or None


def lambda_operation(call):
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
        operation, name, _ = lambda_operation(call)
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
        operation, name, qualifier = lambda_operation(call)
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

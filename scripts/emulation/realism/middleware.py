"""The realism middleware: the control interface, and the behaviours while realism is enabled."""

import io
import json
import threading
import time

from .apigateway import ApiGatewayControlPlaneQuotas
from .core import CONTROL_PATH, COUNTERS, RESET_PATH, SERVICES, WINDOWS, Call, Reply, credential_scope
from .dynamodb import DynamoDbTableCreating
from .ec2 import Ec2EventualConsistency, Ec2InstanceStates, NatGatewayStates
from .iam import IamChangesNotVisibleAtOnce
from .kms import KmsEventualConsistency
from .lambda_ import LambdaFunctionStates
from .rds import RdsInstanceStates
from .sqs import SqsQueueNameReuse


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


class Realism:
    """WSGI middleware in front of moto's application: the control interface, and the
    behaviours of BEHAVIOURS while enabled."""

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
        if not enabled or credential_scope(environ)[2] not in SERVICES:
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

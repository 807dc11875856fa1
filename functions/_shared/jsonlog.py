"""Structured logging for tap Lambda functions: one JSON object per line on stdout.

One source for every function: tapctl bundles the shared library, functions/_shared, into each
function's zip at its root, so a handler imports it as ``import jsonlog``; the functions' unit tests
put functions/_shared on sys.path themselves.

Fields: timestamp (ISO-8601 UTC), level (Lambda's names: WARNING is WARN, CRITICAL is FATAL),
message, requestId (the Lambda context's aws_request_id), env (TAP_ENV), function
(AWS_LAMBDA_FUNCTION_NAME), logger, plus whatever the caller passes with ``extra={...}`` and, for
``logger.exception``, the formatted traceback.
The level comes from LOG_LEVEL (default INFO).
"""

import contextvars
import json
import logging
import os
import sys
from datetime import datetime, timezone

_request_id = contextvars.ContextVar("tap_request_id", default=None)

# Attributes every LogRecord has; anything else on a record came from ``extra=``.
_RECORD_ATTRS = frozenset(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime", "taskName"}
_OWN_FIELDS = ("timestamp", "level", "message", "requestId", "env", "function", "logger")
# Lambda's level names (TRACE, DEBUG, INFO, WARN, ERROR, FATAL): with the JSON log format Lambda
# filters stdout lines on "level" and takes a name it does not know for INFO.
_LAMBDA_LEVELS = {"WARNING": "WARN", "CRITICAL": "FATAL"}


class JsonFormatter(logging.Formatter):
    """Formats a record as a single-line JSON object (newlines in values are escaped by json)."""

    def format(self, record):
        entry = {
            "timestamp": datetime.fromtimestamp(record.created, tz=timezone.utc)
            .isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "level": _LAMBDA_LEVELS.get(record.levelname, record.levelname),
            "message": record.getMessage(),
            "requestId": _request_id.get(),
            "env": os.environ.get("TAP_ENV"),
            "function": os.environ.get("AWS_LAMBDA_FUNCTION_NAME"),
            "logger": record.name,
        }
        for key, value in vars(record).items():
            if key not in _RECORD_ATTRS and not key.startswith("_"):
                entry[key if key not in _OWN_FIELDS else "extra_" + key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str, ensure_ascii=False, separators=(",", ":"))


class _StdoutHandler(logging.StreamHandler):
    """Writes to whatever sys.stdout is at emit time (so tests can redirect it)."""

    @property
    def stream(self):
        return sys.stdout

    @stream.setter
    def stream(self, _value):
        pass


def _level():
    name = os.environ.get("LOG_LEVEL", "INFO").strip().upper()
    level = logging.getLevelName(name)
    return level if isinstance(level, int) else logging.INFO


def get_logger(name):
    """The function's logger: JSON lines to stdout, level from LOG_LEVEL, not propagated to the
    root logger (the Lambda runtime puts its own handler there; propagating would log twice)."""
    logger = logging.getLogger(name)
    if not any(isinstance(h, _StdoutHandler) for h in logger.handlers):
        handler = _StdoutHandler()
        handler.setFormatter(JsonFormatter())
        logger.addHandler(handler)
    logger.propagate = False
    logger.setLevel(_level())
    return logger


def bind(context):
    """Start of an invocation: later log lines carry this context's aws_request_id."""
    _request_id.set(getattr(context, "aws_request_id", None))

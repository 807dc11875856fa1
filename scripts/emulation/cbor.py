"""CloudWatch's Smithy RPC v2 CBOR protocol (what the AWS SDK for Java speaks to it), translated to
the JSON protocol moto answers CloudWatch in. A middleware, not a patch: moto has no CBOR at all.
"""

import json


class CloudWatchRpcV2Cbor:
    """WSGI middleware: CloudWatch's Smithy RPC v2 CBOR protocol, translated to the JSON protocol moto speaks.

    AWS SDK for Java 2.x (2.57.8 here) talks to CloudWatch in Smithy RPC v2 CBOR, the protocol
    AWS lists first for the service: POST /service/GraniteServiceVersion20100801/operation/<Op>,
    header smithy-protocol: rpc-v2-cbor, CBOR bodies both ways, errors as a CBOR map with
    __type and message (Smithy specification, "RPC v2 CBOR protocol"). moto 5.2.1 answers
    CloudWatch in the JSON protocol (awsJson1_0, X-Amz-Target GraniteServiceVersion20100801.<Op>)
    and failed every CBOR request (HTTP 500, the body is not UTF-8). This decodes the request,
    hands moto the same call in JSON, and encodes moto's answer back in CBOR with the
    operation's output shape (botocore's own CBOR parser and serializer). Other requests pass.
    """
    PATH = "/service/GraniteServiceVersion20100801/operation/"

    def __init__(self, app):
        self.app = app
        self._model = None

    def model(self):
        if self._model is None:
            import botocore.session
            self._model = botocore.session.get_session().get_service_model("cloudwatch")
        return self._model

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if not path.startswith(self.PATH) or "cbor" not in environ.get("HTTP_SMITHY_PROTOCOL", ""):
            return self.app(environ, start_response)
        import io
        from botocore.parsers import RpcV2CBORParser
        from botocore.serialize import RpcV2CBORSerializer

        operation = path[len(self.PATH):].strip("/")
        length = int(environ.get("CONTENT_LENGTH") or 0)
        raw = environ["wsgi.input"].read(length) if length else b""
        parser = RpcV2CBORParser()
        params = parser.parse_data_item(parser.get_peekable_stream_from_bytes(raw)) if raw else {}
        body = json.dumps(params, default=_json_default).encode("utf-8")
        inner = dict(environ)
        inner.update({"PATH_INFO": "/", "REQUEST_URI": "/", "RAW_URI": "/", "CONTENT_TYPE": "application/x-amz-json-1.0",
                      "CONTENT_LENGTH": str(len(body)), "wsgi.input": io.BytesIO(body),
                      "HTTP_X_AMZ_TARGET": "GraniteServiceVersion20100801." + operation})
        inner.pop("HTTP_SMITHY_PROTOCOL", None)
        captured = {}

        def capture(status, headers, exc_info=None):
            captured["status"], captured["headers"] = status, headers
            return lambda data: None

        answer = b"".join(self.app(inner, capture))
        status = captured["status"]
        decoded = json.loads(answer) if answer.strip() else {}
        serializer = RpcV2CBORSerializer()
        if status.startswith("2"):
            shape = self.model().operation_model(operation).output_shape
            out = serializer._serialize_body_params(decoded, shape) if shape is not None else b""
        else:
            error = {"__type": str(decoded.get("__type", "InternalFailure")).split("#")[-1],
                     "message": str(decoded.get("message", decoded.get("Message", "")))}
            out = bytearray()
            serializer._serialize_type_map(out, error, _CBOR_STRING_MAP, None)
            out = bytes(out)
        headers = [(k, v) for k, v in captured["headers"] if k.lower() not in ("content-type", "content-length")]
        headers += [("Content-Type", "application/cbor"), ("Content-Length", str(len(out))),
                    ("smithy-protocol", "rpc-v2-cbor")]
        start_response(status, headers)
        return [out]


def _json_default(value):
    import base64
    import datetime
    if isinstance(value, datetime.datetime):
        return value.timestamp()
    if isinstance(value, (bytes, bytearray)):
        return base64.b64encode(value).decode("ascii")
    raise TypeError(type(value).__name__)


class _StringShape:
    type_name = "string"


class _StringMapShape:
    """Just enough of a botocore map shape of strings for an error body."""
    type_name = "map"
    key = _StringShape()
    value = _StringShape()


_CBOR_STRING_MAP = _StringMapShape()

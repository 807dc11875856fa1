"""The emulator's HTTP server: moto's own application, patched, behind the CBOR translation and the
realism middleware."""

import os
import signal
import sys

from .cbor import CloudWatchRpcV2Cbor
from .patches import apply_patches
from .registry import registered


def serve(host, port, realistic):
    """Apply the patches, listen on host:port (0: a free port), print the ready line, and serve
    until SIGTERM or SIGINT."""
    apply_patches()

    from moto.moto_server.werkzeug_app import create_backend_app
    from werkzeug.serving import make_server

    from .dispatch import Dispatcher, remember_method_names
    from .realism import Realism

    remember_method_names()

    # Same application and threading as `python3 -m moto.server`, but bound before we say
    # "ready", so the ready line is only printed once the port accepts connections. The
    # realism middleware is always there (so it can be switched on at run time); while off it
    # passes everything through.
    app = Realism(CloudWatchRpcV2Cbor(Dispatcher(create_backend_app)), enabled=realistic)
    server = make_server(host, port, app, threaded=True)
    port = server.server_port
    os.environ["MOTO_PORT"] = str(port)  # moto builds some URLs (e.g. SQS queue URLs) from it

    def stop(signum, frame):
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)

    print(f"emulator ready on http://{host}:{port}", flush=True)
    try:
        server.serve_forever()
    finally:
        server.server_close()


def list_patches(out=sys.stdout):
    """Every patch in the order it is applied: service, name, the AWS page it follows."""
    patches = registered()
    service_width = max(len(p.service) for p in patches)
    name_width = max(len(p.name) for p in patches)
    for p in patches:
        print(f"{p.service:<{service_width}}  {p.name:<{name_width}}  {p.cite}", file=out)

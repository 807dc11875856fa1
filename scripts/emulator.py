#!/usr/bin/env python3
"""tapctl's local AWS emulator: moto (5.2.1) with the project's own patches, one per gap.

Usage: python3 scripts/emulator.py --port PORT [--host 127.0.0.1] [--realistic]
       (--port 0 lets the OS pick a free port; the ready line names the real one)
       python3 scripts/emulator.py --list-patches
       (every patch, in the order it is applied, with its service and the AWS page it follows)

Prints exactly one line on stdout once it is listening:
    emulator ready on http://127.0.0.1:PORT
Request logging goes to stderr. POST /moto-api/reset wipes all state (the patches stay).

Where moto differs from AWS, AWS wins (DESIGN.md section 5): each patch in scripts/emulation/patches/
fills one gap, names the AWS page it follows, and was checked with boto3 against plain moto first.
The code is the package scripts/emulation/ (see its docstring); this file is its entry point.

Realism mode (DESIGN.md section 7), in scripts/emulation/realism/: moto answers instantly and
consistently, AWS does not. With realism on, a middleware in front of moto models what AWS
documents for the seconds after a change: IAM changes not yet visible to Lambda, EC2 and API
Gateway; just-created EC2 and KMS ids NotFound; Lambda Pending / InProgress, RDS creating /
modifying / deleting, DynamoDB CREATING and EC2 pending / shutting-down states; a deleted SQS
queue name taken for 60 s; API Gateway's fixed control-plane quotas (429). Off by default, on
with --realistic, switched at run time with GET/POST /_tapctl/realism (POST /moto-api/reset
also puts it back to the launch default). Off, every request and answer passes untouched.
"""

import argparse

from emulation.server import list_patches, serve


def main(argv=None):
    parser = argparse.ArgumentParser(description="tapctl's local AWS emulator (patched moto)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, help="0 picks a free port (required to serve)")
    parser.add_argument("--realistic", action="store_true",
                        help="start with realism mode on (AWS timing; see emulation/realism/)")
    parser.add_argument("--list-patches", action="store_true",
                        help="print every patch with its service and the AWS page it follows, and exit")
    args = parser.parse_args(argv)
    if args.list_patches:
        list_patches()
        return
    if args.port is None:
        parser.error("the following arguments are required: --port")
    serve(args.host, args.port, args.realistic)


if __name__ == "__main__":
    main()

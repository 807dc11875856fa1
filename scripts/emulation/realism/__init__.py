"""Realism mode for tapctl's local AWS emulator: the timing AWS documents and moto does not have.

moto answers instantly and consistently; AWS does not (DESIGN.md section 7). With realism on,
a WSGI middleware in front of moto (emulation.server wraps moto's application with `Realism`,
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

Each behaviour is one class in the module of its family (iam, ec2, kms, lambda_, rds, dynamodb,
sqs, apigateway), naming the AWS page it follows; how long each state lasts is in core.WINDOWS,
the one table of windows (seconds), and core.COUNTERS names every counter; middleware.Realism
asks the behaviours in the order of middleware.BEHAVIOURS. Off by default; on with
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

from .middleware import Realism

__all__ = ["Realism"]

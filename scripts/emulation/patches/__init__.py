"""The emulator's patches of moto 5.2.1, one module per AWS service.

Where moto differs from AWS, AWS wins (DESIGN.md section 5): each patch fills one gap, names the
AWS page it follows (its docstring, and the `cite` of its @patch), and was checked with boto3
against plain moto first. Each service module's docstring also lists what was checked against
plain moto and matches AWS without a patch, and the known differences left as they are. Checked
for a service without a patch: STS GetCallerIdentity -> account 123456789012.

`python3 scripts/emulator.py --list-patches` prints every patch with its service and citation.

Import order. Importing a module registers its patches, and apply_patches() applies them in that
order, so the imports below are the order. It matters only where two patches wrap the same moto
method: the one registered later wraps the earlier one and so runs its checks first. Every such
pair is of one service and keeps its order inside its module:
  - dynamodb: CreateTable's lock (create_table_is_atomic) is registered before the SSE key check,
    so the lock guards moto's own check-and-store only;
  - ec2: RunInstances resolves resolve:ssm: image ids innermost, inside the ClientToken idempotency
    (which therefore compares requests as the caller sent them), inside the instance profile check;
  - rds: CreateDBInstance checks the engine version first, then the storage KMS key, then the
    master password;
  - secretsmanager: CreateSecret checks the KMS key before the name scheduled for deletion;
  - lambda: UpdateFunctionConfiguration checks the role before keeping DeadLetterConfig and
    LoggingConfig.
No patch wraps a method another module patches; the helpers in `shared` are read per request,
not when patches are applied. So the modules themselves may come in any order; they come in the
order of the one list the patches used to be applied from.
"""

from ..registry import registered
from . import logs  # noqa: F401  (each import registers the module's patches)
from . import ec2  # noqa: F401
from . import iam  # noqa: F401
from . import kms  # noqa: F401
from . import secretsmanager  # noqa: F401
from . import rds  # noqa: F401
from . import dynamodb  # noqa: F401
from . import s3  # noqa: F401
from . import sqs  # noqa: F401
from . import lambda_  # noqa: F401
from . import apigateway  # noqa: F401
from . import sns  # noqa: F401
from . import cloudwatch  # noqa: F401


def apply_patches():
    """Apply every registered patch, in registration order (once per process: a patch wraps moto
    again each time it is applied)."""
    for patch in registered():
        patch.apply()

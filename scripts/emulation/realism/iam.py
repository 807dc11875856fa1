"""Realism: IAM changes are not visible at once to Lambda, EC2 and API Gateway."""

import time

from .core import Behaviour, ec2_error, json_error
from .lambda_ import lambda_operation


def _iam_name(arn_or_name):
    """The IAM name in a role / instance profile ARN (arn:aws:iam::ACCOUNT:role/PATH/NAME)."""
    return (arn_or_name or "").rsplit("/", 1)[-1].lower()


def _arn_account(arn, default):
    parts = (arn or "").split(":")
    return parts[4] if len(parts) > 5 and parts[0] == "arn" and parts[4] else default


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
        operation, name, _ = lambda_operation(call)
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

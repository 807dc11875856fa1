"""The emulator's patches of moto's Lambda, one per gap where moto differs from AWS.

Checked against plain moto 5.2.1, matches AWS (no patch):
  - Lambda: CodeSha256 = base64(SHA-256(zip)), also after UpdateFunctionCode; CreateFunction
    with a role that does not exist -> InvalidParameterValueException "The role defined for the
    function cannot be assumed by Lambda."; MemorySize/Timeout/Environment/Runtime/Handler
    round-trip; Tags on create, ListTags/TagResource/UntagResource; unknown function ->
    ResourceNotFoundException (404) "Function not found: ARN"; create twice ->
    ResourceConflictException (409); AddPermission/GetPolicy (Policy is a JSON string: Version,
    Id "default", Statement [{Sid, Effect, Principal {Service}, Action, Resource, Condition
    {ArnLike {AWS:SourceArn}}}]); RemovePermission; GetPolicy without statements ->
    ResourceNotFoundException; State Active / LastUpdateStatus Successful, so the SDK waiters
    FunctionActiveV2 / FunctionUpdatedV2 pass at once. No Docker is needed for
    create/get/update (moto only starts containers for Invoke).

Known differences left as they are (harmless for tapctl, or AWS's answer is not documented):
  - Lambda: functions are Active at once (AWS: Pending first; realism mode shows it);
    LastModified does not move on updates and there is no RevisionId in the configuration; a
    DeadLetterConfig target is not checked against the execution role's permissions (realism
    mode refuses it while the role is new); RemovePermission of an unknown statement
    says "No policy is associated with the given resource." (code ResourceNotFoundException).
"""

import json
import re

from moto.core.exceptions import JsonRESTError

from ..registry import patch


LAMBDA_LOG_FORMATS = ["JSON", "Text"]


LAMBDA_APPLICATION_LOG_LEVELS = ["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"]


LAMBDA_SYSTEM_LOG_LEVELS = ["DEBUG", "INFO", "WARN"]


def _lambda_logging_config(function_name, current, requested):
    """The LoggingConfig a function keeps after a request with `requested` (None: unchanged).

    AWS: https://docs.aws.amazon.com/lambda/latest/api/API_LoggingConfig.html (LogFormat
    JSON | Text; LogGroup default /aws/lambda/<function name>, pattern [\\.\\-_/#A-Za-z0-9]+,
    1-512 characters; ApplicationLogLevel TRACE..FATAL; SystemLogLevel DEBUG | INFO | WARN) and
    https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-log-level.html ("To
    use log-level filtering, your function must be configured to use the JSON log format").
    AWS answers a function without LoggingConfig with {LogFormat: Text, LogGroup:
    /aws/lambda/<name>}, fills both levels with INFO for JSON, and refuses a level with Text:
    InvalidParameterValueException "LogLevel is not supported when LogFormat is set to "Text".
    Remove LogLevel from your request or change the LogFormat to "Json" and try again."
    An UpdateFunctionConfiguration LoggingConfig is merged into the current one (fields left
    out keep their values; AWS does not document this case).
    """
    from moto.awslambda.exceptions import InvalidParameterValueException, ValidationException

    config = dict(current or {"LogFormat": "Text", "LogGroup": f"/aws/lambda/{function_name}"})
    if requested is None:
        return config
    requested = {k: v for k, v in requested.items() if v not in (None, "")}
    config.update(requested)
    checks = [("LogFormat", "loggingConfig.logFormat", LAMBDA_LOG_FORMATS),
              ("ApplicationLogLevel", "loggingConfig.applicationLogLevel", LAMBDA_APPLICATION_LOG_LEVELS),
              ("SystemLogLevel", "loggingConfig.systemLogLevel", LAMBDA_SYSTEM_LOG_LEVELS)]
    for key, where, allowed in checks:
        if key in config and config[key] not in allowed:
            raise ValidationException(config[key], where,
                                      f"Member must satisfy enum value set: [{', '.join(allowed)}]")
    group = config.get("LogGroup") or f"/aws/lambda/{function_name}"
    if not re.fullmatch(r"[\.\-_/#A-Za-z0-9]{1,512}", group):
        raise ValidationException(group, "loggingConfig.logGroup",
                                  "Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+")
    config["LogGroup"] = group
    if config["LogFormat"] == "Text":
        if "ApplicationLogLevel" in requested or "SystemLogLevel" in requested:
            raise InvalidParameterValueException(
                'LogLevel is not supported when LogFormat is set to "Text". Remove LogLevel from '
                'your request or change the LogFormat to "Json" and try again.')
        config.pop("ApplicationLogLevel", None)
        config.pop("SystemLogLevel", None)
    else:
        config.setdefault("ApplicationLogLevel", "INFO")
        config.setdefault("SystemLogLevel", "INFO")
    return config


def _lambda_dead_letter_config(current, requested):
    """The DeadLetterConfig a function keeps after a request with `requested` (None: unchanged).

    AWS: https://docs.aws.amazon.com/lambda/latest/api/API_DeadLetterConfig.html (TargetArn:
    "The Amazon Resource Name (ARN) of an Amazon SQS queue or Amazon SNS topic", pattern
    (arn:(aws[a-zA-Z-]*)?:[a-z0-9-.]+:.*)|()); an empty TargetArn removes it, and a function
    without one has no DeadLetterConfig in its configuration.
    """
    from moto.awslambda.exceptions import ValidationException

    if requested is None:
        return current
    target = requested.get("TargetArn") or ""
    if not target:
        return None
    if not re.fullmatch(r"arn:(aws[a-zA-Z-]*)?:[a-z0-9-.]+:.*", target):
        raise ValidationException(target, "deadLetterConfig.targetArn",
                                  "Member must satisfy regular expression pattern: "
                                  "(arn:(aws[a-zA-Z-]*)?:[a-z0-9-.]+:.*)|()")
    return {"TargetArn": target}


@patch("lambda", cite="https://docs.aws.amazon.com/lambda/latest/api/API_FunctionConfiguration.html")
def patch_lambda_dead_letter_and_logging_config():
    """CreateFunction / UpdateFunctionConfiguration keep DeadLetterConfig and LoggingConfig;
    GetFunction / GetFunctionConfiguration / the update answers return them as AWS does.

    AWS: https://docs.aws.amazon.com/lambda/latest/api/API_FunctionConfiguration.html
    (DeadLetterConfig, LoggingConfig), .../API_CreateFunction.html and
    .../API_UpdateFunctionConfiguration.html; the rules are in _lambda_logging_config and
    _lambda_dead_letter_config. moto ignored both parameters and returned neither field.
    """
    from moto.awslambda.models import LambdaFunction

    original_init = LambdaFunction.__init__
    original_update = LambdaFunction.update_configuration
    original_get = LambdaFunction.get_configuration

    def __init__(self, account_id, spec, region, version=1):
        name = spec.get("FunctionName")
        dead_letter = _lambda_dead_letter_config(None, spec.get("DeadLetterConfig"))
        logging_config = _lambda_logging_config(name, None, spec.get("LoggingConfig"))
        original_init(self, account_id, spec, region, version)
        self.dead_letter_config = dead_letter
        self.logging_config = logging_config

    def update_configuration(self, config_updates):
        dead_letter = _lambda_dead_letter_config(
            getattr(self, "dead_letter_config", None), config_updates.get("DeadLetterConfig"))
        logging_config = _lambda_logging_config(
            self.function_name, getattr(self, "logging_config", None), config_updates.get("LoggingConfig"))
        original_update(self, config_updates)
        self.dead_letter_config = dead_letter
        self.logging_config = logging_config
        return self.get_configuration()

    def get_configuration(self, on_create=False):
        config = original_get(self, on_create)
        dead_letter = getattr(self, "dead_letter_config", None)
        if dead_letter:
            config["DeadLetterConfig"] = dict(dead_letter)
        config["LoggingConfig"] = dict(getattr(self, "logging_config", None)
                                       or _lambda_logging_config(self.function_name, None, None))
        return config

    LambdaFunction.__init__ = __init__
    LambdaFunction.update_configuration = update_configuration
    LambdaFunction.get_configuration = get_configuration


@patch("lambda", cite="https://docs.aws.amazon.com/lambda/latest/api/API_UpdateFunctionConfiguration.html")
def patch_lambda_update_role_must_be_assumable():
    """UpdateFunctionConfiguration with a Role that does not exist -> InvalidParameterValueException
    "The role defined for the function cannot be assumed by Lambda." (as CreateFunction).

    AWS: https://docs.aws.amazon.com/lambda/latest/api/API_UpdateFunctionConfiguration.html
    (Role: "The Amazon Resource Name (ARN) of the function's execution role"; Errors:
    InvalidParameterValueException). moto checked the role on CreateFunction only and stored
    any role ARN on update.
    """
    from moto.awslambda.exceptions import InvalidParameterValueException, InvalidRoleFormat
    from moto.awslambda.models import LambdaFunction
    from moto.iam.models import iam_backends

    original = LambdaFunction.update_configuration

    def update_configuration(self, config_updates):
        role = config_updates.get("Role")
        if role is not None:
            match = re.fullmatch(InvalidRoleFormat.pattern, role)
            if not match:
                raise InvalidRoleFormat(role)
            iam = iam_backends[match.group(2)][self.partition]
            if not any(r.arn == role for r in iam.get_roles()):
                raise InvalidParameterValueException(
                    "The role defined for the function cannot be assumed by Lambda.")
        return original(self, config_updates)

    LambdaFunction.update_configuration = update_configuration


@patch("lambda", cite="https://docs.aws.amazon.com/lambda/latest/api/API_AddPermission.html")
def patch_lambda_statement_id_is_unique():
    """AddPermission with a StatementId the function policy already has -> ResourceConflictException
    (HTTP 409) "The statement id (SID) provided already exists. Please provide a new statement
    id, or remove the existing statement."

    AWS: https://docs.aws.amazon.com/lambda/latest/api/API_AddPermission.html (StatementId "A
    statement identifier that differentiates the statement from others in the same policy";
    Errors: ResourceConflictException, 409). moto appended a second statement with the same
    Sid, so RemovePermission then left a copy behind and GetPolicy still answered it.
    """
    from moto.awslambda.policy import Policy

    original = Policy.add_statement

    def add_statement(self, raw, qualifier=None):
        sid = (json.loads(raw) or {}).get("StatementId")
        if sid is not None and any(st.get("Sid") == sid for st in self.statements):
            error = JsonRESTError(
                "ResourceConflictException",
                f"The statement id ({sid}) provided already exists. Please provide a new statement "
                "id, or remove the existing statement.")
            error.code = 409
            raise error
        return original(self, raw, qualifier)

    Policy.add_statement = add_statement

"""The emulator's patches of moto's API Gateway (REST APIs, v1), one per gap where moto differs from AWS.

Checked against plain moto 5.2.1, matches AWS (no patch):
  - API Gateway: CreateRestApi tags + endpointConfiguration; GetRestApis; CreateDeployment
    without methods -> BadRequestException "The REST API doesn't contain any methods";
    Put{Method,Integration,MethodResponse,IntegrationResponse} round-trip (an empty response
    template comes back as null); GetStage/UpdateStage of a missing stage -> NotFoundException
    "Invalid stage identifier specified"; UpdateStage /*/*/throttling/* -> methodSettings["*/*"]
    (throttlingRateLimit, throttlingBurstLimit and moto's defaults for the other fields);
    accessLogSettings; GetAccount/UpdateAccount; CreateUsagePlan/GetUsagePlans with apiStages,
    throttle, quota, tags; unknown ids -> NotFoundException ("Invalid Rest API Id specified",
    "Invalid Usage Plan ID specified", "Invalid Method identifier specified").

Known differences left as they are (harmless for tapctl, or AWS's answer is not documented):
  - API Gateway: no paging (AWS pages GetResources/GetRestApis by 25 by default, pass limit or
    follow position); UpdateStage ignores unknown patch paths and "remove" of method settings;
    the first /*/*/throttling/* patch fills the other method-setting fields with moto's
    defaults.
"""

import fnmatch
import json

from moto.core.exceptions import JsonRESTError

from ..registry import patch
from .shared import as_list


def _apigw_error(error_type, message, status):
    error = JsonRESTError(error_type, message)
    error.code = status
    return error


@patch("apigateway", cite="https://docs.aws.amazon.com/apigateway/latest/api/API_GetTags.html")
def patch_apigateway_tags_by_arn():
    """GetTags / TagResource / UntagResource on the ARN of a REST API, stage, usage plan or
    API key (arn:aws:apigateway:REGION::/restapis/ID[/stages/NAME], ::/usageplans/ID,
    ::/apikeys/ID); the tags are the ones GetRestApi / GetStage / GetUsagePlan return.

    AWS: https://docs.aws.amazon.com/apigateway/latest/api/API_GetTags.html,
    .../API_TagResource.html, .../API_UntagResource.html (an ARN naming nothing ->
    NotFoundException, with the message of the resource's own Get call). moto had no GetTags
    at all (HTTP 500), and TagResource / UntagResource only for stage ARNs; a REST API ARN did
    not even reach them (its "/" characters broke the route).
    """
    from urllib.parse import unquote

    import moto.apigateway.urls as apigw_urls
    from moto.apigateway.responses import APIGatewayResponse

    apigw_urls.url_paths["{0}/tags/(?P<resourceArn>.+)$"] = APIGatewayResponse.dispatch

    def target(self):
        arn = unquote(self.path.split("/tags/", 1)[1])
        path = arn.split("::", 1)[1] if "::" in arn else ""
        parts = path.strip("/").split("/")
        backend = self.backend
        if len(parts) == 2 and parts[0] == "restapis":
            return backend.get_rest_api(parts[1])
        if len(parts) == 4 and parts[0] == "restapis" and parts[2] == "stages":
            return backend.get_stage(parts[1], parts[3])
        if len(parts) == 2 and parts[0] == "usageplans":
            return backend.get_usage_plan(parts[1])
        if len(parts) == 2 and parts[0] == "apikeys":
            return backend.get_api_key(parts[1])
        raise _apigw_error("NotFoundException", "Invalid resource identifier specified", 404)

    def get_tags(self):
        return 200, {}, json.dumps({"tags": dict(target(self).tags or {})})

    def tag_resource(self):
        resource = target(self)
        resource.tags = dict(resource.tags or {}, **(self._get_param("tags") or {}))
        return 204, {}, ""

    def untag_resource(self):
        resource = target(self)
        keys = self.querystring.get("tagKeys") or []
        resource.tags = {k: v for k, v in (resource.tags or {}).items() if k not in keys}
        return 204, {}, ""

    APIGatewayResponse.get_tags = get_tags
    APIGatewayResponse.tag_resource = tag_resource
    APIGatewayResponse.untag_resource = untag_resource


def _apigw_logging_enabled(op):
    path, value = op.get("path", ""), str(op.get("value", ""))
    if op.get("op") not in ("add", "replace"):
        return False
    if path == "/accessLogSettings/destinationArn":
        return bool(value)
    if path.endswith("/logging/loglevel"):
        return value.upper() != "OFF"
    if path.endswith("/logging/dataTrace"):
        return value.lower() == "true"
    return False


# "Set up CloudWatch logging for REST APIs in API Gateway" (set-up-logging.html, "Permissions
# for CloudWatch logging"): the role needs the permissions of the managed policy
# AmazonAPIGatewayPushToCloudWatchLogs, whose document (AWS Managed Policy reference,
# AmazonAPIGatewayPushToCloudWatchLogs) allows exactly these actions.
_APIGW_LOG_ACTIONS = ("logs:CreateLogGroup", "logs:CreateLogStream", "logs:DescribeLogGroups",
                      "logs:DescribeLogStreams", "logs:PutLogEvents", "logs:GetLogEvents",
                      "logs:FilterLogEvents")


_APIGW_ROLE_REFUSED = ("The role ARN does not have required permissions configured. Please grant trust "
                       "permission for API Gateway and add the required role policy.")


def _policy_documents(role):
    """The role's inline policies and the default versions of its attached managed ones, parsed."""
    from urllib.parse import unquote

    texts = list((role.policies or {}).values())
    for policy in (role.managed_policies or {}).values():
        texts.extend(v.document for v in policy.versions if v.is_default)
    docs = []
    for text in texts:
        try:
            docs.append(json.loads(text) if isinstance(text, str) and text.lstrip().startswith("{")
                        else json.loads(unquote(text)) if isinstance(text, str) else text)
        except (TypeError, ValueError):
            continue
    return docs


def _apigw_missing_log_actions(role):
    """The documented actions no Allow statement of the role grants (matched as IAM matches
    action patterns: case-insensitive, * and ?). Resources are not judged: AWS cannot know
    at UpdateAccount time which groups API Gateway will write to."""
    allowed = []
    for doc in _policy_documents(role):
        for st in as_list(doc.get("Statement")) if isinstance(doc, dict) else []:
            if isinstance(st, dict) and st.get("Effect") == "Allow":
                allowed.extend(str(a).lower() for a in as_list(st.get("Action")))
    return [a for a in _APIGW_LOG_ACTIONS
            if not any(fnmatch.fnmatchcase(a.lower(), pattern) for pattern in allowed)]


@patch("apigateway", cite="https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html")
def patch_apigateway_logging_needs_the_account_role():
    """UpdateStage that turns on access logging or execution logging fails unless the account
    has a CloudWatch role: BadRequestException "CloudWatch Logs role ARN must be set in account
    settings to enable logging". UpdateAccount /cloudwatchRoleArn takes only a role that exists,
    trusts apigateway.amazonaws.com and whose policies (inline and attached managed ones) allow
    every action of the documented permissions (_APIGW_LOG_ACTIONS): BadRequestException "The
    role ARN does not have required permissions configured. Please grant trust permission for
    API Gateway and add the required role policy." (AWS's wording today; it used to end "set to
    API Gateway").

    AWS: https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html
    ("To enable CloudWatch Logs, you must grant API Gateway permission to read and write logs
    to CloudWatch for your account ... set the IAM role ARN ... in the account settings";
    the role's trust policy must name apigateway.amazonaws.com) and
    https://docs.aws.amazon.com/apigateway/latest/api/API_UpdateAccount.html. moto accepted
    access log settings without any account role and any string as the role ARN.
    """
    from moto.apigateway.models import APIGatewayBackend
    from moto.iam.models import iam_backends

    original_update_stage = APIGatewayBackend.update_stage
    original_update_account = APIGatewayBackend.update_account

    def update_stage(self, function_id, stage_name, patch_operations):
        self.get_stage(function_id, stage_name)  # NotFound first
        if any(_apigw_logging_enabled(op) for op in patch_operations or []) \
                and not self.get_account().cloudwatch_role_arn:
            raise _apigw_error("BadRequestException",
                               "CloudWatch Logs role ARN must be set in account settings to enable logging", 400)
        return original_update_stage(self, function_id, stage_name, patch_operations)

    def trusts_api_gateway(role):
        try:
            doc = json.loads(role.assume_role_policy_document)
        except (TypeError, ValueError):
            return False
        for st in as_list(doc.get("Statement")):
            if not isinstance(st, dict) or st.get("Effect") != "Allow":
                continue
            services = as_list((st.get("Principal") or {}).get("Service")) \
                if isinstance(st.get("Principal"), dict) else []
            actions = [a.lower() for a in as_list(st.get("Action"))]
            if "apigateway.amazonaws.com" in services and any(
                    fnmatch.fnmatchcase("sts:assumerole", a) for a in actions):
                return True
        return False

    def update_account(self, patch_operations):
        for op in patch_operations or []:
            if op.get("path") == "/cloudwatchRoleArn" and op.get("value"):
                iam = iam_backends[self.account_id][self.partition]
                role = next((r for r in iam.get_roles() if r.arn == op["value"]), None)
                if role is None or not trusts_api_gateway(role) or _apigw_missing_log_actions(role):
                    raise _apigw_error("BadRequestException", _APIGW_ROLE_REFUSED, 400)
        return original_update_account(self, patch_operations)

    APIGatewayBackend.update_stage = update_stage
    APIGatewayBackend.update_account = update_account


@patch("apigateway", cite="https://docs.aws.amazon.com/apigateway/latest/api/API_CreateResource.html")
def patch_apigateway_resource_path_part_is_unique():
    """CreateResource: a parent that does not exist -> NotFoundException "Invalid Resource
    identifier specified"; a pathPart the parent already has -> ConflictException (409)
    "Another resource with the same parent already has this name: PART".

    AWS: https://docs.aws.amazon.com/apigateway/latest/api/API_CreateResource.html (Errors:
    ConflictException, NotFoundException). moto created a second /items under the same parent
    (and any parent id was accepted).
    """
    from moto.apigateway.models import APIGatewayBackend

    original = APIGatewayBackend.create_resource

    def create_resource(self, function_id, parent_resource_id, path_part):
        api = self.get_rest_api(function_id)
        if path_part:
            if parent_resource_id not in api.resources:
                raise _apigw_error("NotFoundException", "Invalid Resource identifier specified", 404)
            for resource in api.resources.values():
                if resource.parent_id == parent_resource_id and resource.path_part == path_part:
                    raise _apigw_error("ConflictException",
                                       f"Another resource with the same parent already has this name: {path_part}",
                                       409)
        return original(self, function_id, parent_resource_id, path_part)

    APIGatewayBackend.create_resource = create_resource


@patch("apigateway", cite="https://docs.aws.amazon.com/apigateway/latest/api/API_GetResources.html")
def patch_apigateway_resources_embed_methods_only_on_request():
    """GetResources / GetResource return each method in full only with embed=methods; without
    it resourceMethods maps each HTTP method to an empty object.

    AWS: https://docs.aws.amazon.com/apigateway/latest/api/API_GetResources.html (embed: "used
    to retrieve the specified resources embedded in the returned Resources resource ...
    Currently, the request supports only retrieval of the embedded Method resources this way",
    e.g. GET /restapis/{restapi_id}/resources?embed=methods); AWS answers {"GET": {}} without
    it. moto always embedded the whole method (integration, responses), so code that forgot
    embed=methods passed here and read empty methods on AWS.
    """
    from moto.apigateway.responses import APIGatewayResponse

    original_list = APIGatewayResponse.get_resources
    original_one = APIGatewayResponse.get_resource

    def wants_methods(self):
        embed = ",".join(self.querystring.get("embed") or [])
        return "methods" in [e.strip() for e in embed.split(",")]

    def strip(resource):
        if resource.get("resourceMethods"):
            resource["resourceMethods"] = {m: {} for m in resource["resourceMethods"]}
        return resource

    def get_resources(self):
        body = original_list(self)
        if wants_methods(self):
            return body
        doc = json.loads(body)
        doc["item"] = [strip(r) for r in doc.get("item", [])]
        return json.dumps(doc)

    def get_resource(self):
        body = original_one(self)
        return body if wants_methods(self) else json.dumps(strip(json.loads(body)))

    APIGatewayResponse.get_resources = get_resources
    APIGatewayResponse.get_resource = get_resource


@patch("apigateway", cite="https://docs.aws.amazon.com/apigateway/latest/api/API_GetIntegration.html")
def patch_apigateway_get_integration_not_found():
    """GetIntegration of a method without an integration -> NotFoundException (404) "Invalid
    Integration identifier specified" (a method that does not exist: "Invalid Method
    identifier specified").

    AWS: https://docs.aws.amazon.com/apigateway/latest/api/API_GetIntegration.html (Errors:
    NotFoundException). moto answered 200 with an empty body for both.
    """
    from moto.apigateway.models import APIGatewayBackend

    def get_integration(self, function_id, resource_id, method_type):
        method = self.get_resource(function_id, resource_id).get_method(method_type)
        if method.method_integration is None:
            raise _apigw_error("NotFoundException", "Invalid Integration identifier specified", 404)
        return method.method_integration

    APIGatewayBackend.get_integration = get_integration


# Default status code of each gateway response type (DEFAULT_4XX / DEFAULT_5XX have none).
APIGW_GATEWAY_RESPONSE_STATUS = {
    "DEFAULT_4XX": None, "DEFAULT_5XX": None, "RESOURCE_NOT_FOUND": "404", "UNAUTHORIZED": "401",
    "INVALID_API_KEY": "403", "ACCESS_DENIED": "403", "AUTHORIZER_FAILURE": "500",
    "AUTHORIZER_CONFIGURATION_ERROR": "500", "INVALID_SIGNATURE": "403", "EXPIRED_TOKEN": "403",
    "MISSING_AUTHENTICATION_TOKEN": "403", "INTEGRATION_FAILURE": "504",
    "INTEGRATION_TIMEOUT": "504", "API_CONFIGURATION_ERROR": "500",
    "UNSUPPORTED_MEDIA_TYPE": "415", "BAD_REQUEST_PARAMETERS": "400", "BAD_REQUEST_BODY": "400",
    "REQUEST_TOO_LARGE": "413", "THROTTLED": "429", "QUOTA_EXCEEDED": "429", "WAF_FILTERED": "403",
}


@patch("apigateway", cite="https://docs.aws.amazon.com/apigateway/latest/api/API_GetGatewayResponses.html")
def patch_apigateway_default_gateway_responses():
    """GetGatewayResponse of a type never put answers API Gateway's default response
    (defaultResponse true); GetGatewayResponses lists every type, the put ones and the
    defaults; Put/Get/DeleteGatewayResponse of an unknown type -> BadRequestException.

    AWS: https://docs.aws.amazon.com/apigateway/latest/api/API_GetGatewayResponses.html ("If
    an API developer has not added any definitions for gateway responses, the result will be
    the API Gateway-generated default GatewayResponses collection for the supported response
    types"), .../API_GatewayResponse.html (defaultResponse) and
    https://docs.aws.amazon.com/apigateway/latest/developerguide/supported-gateway-response-types.html
    (types and default status codes). A default answers responseParameters {} and
    responseTemplates {"application/json": "{\"message\":$context.error.messageString}"}.
    moto answered NotFoundException (HTTP 400) for a type never put, listed only the put ones
    and stored any type name.
    """
    from moto.apigateway.models import GatewayResponse, RestAPI

    original_put = RestAPI.put_gateway_response
    original_delete = RestAPI.delete_gateway_response

    def check_type(response_type):
        if response_type not in APIGW_GATEWAY_RESPONSE_STATUS:
            raise _apigw_error(
                "BadRequestException",
                f"1 validation error detected: Value '{response_type}' at 'responseType' failed to "
                "satisfy constraint: Member must satisfy enum value set: ["
                + ", ".join(APIGW_GATEWAY_RESPONSE_STATUS) + "]", 400)

    def default(response_type):
        response = GatewayResponse(response_type, APIGW_GATEWAY_RESPONSE_STATUS[response_type], {},
                                   {"application/json": '{"message":$context.error.messageString}'})
        response.default_response = True
        return response

    def put_gateway_response(self, response_type, *args, **kwargs):
        check_type(response_type)
        return original_put(self, response_type, *args, **kwargs)

    def get_gateway_response(self, response_type):
        check_type(response_type)
        return self.gateway_responses.get(response_type) or default(response_type)

    def get_gateway_responses(self):
        return [self.gateway_responses.get(t) or default(t) for t in APIGW_GATEWAY_RESPONSE_STATUS]

    def delete_gateway_response(self, response_type):
        check_type(response_type)
        if response_type not in self.gateway_responses:
            raise _apigw_error("NotFoundException", "Invalid Gateway Response identifier specified", 404)
        return original_delete(self, response_type)

    RestAPI.put_gateway_response = put_gateway_response
    RestAPI.get_gateway_response = get_gateway_response
    RestAPI.get_gateway_responses = get_gateway_responses
    RestAPI.delete_gateway_response = delete_gateway_response


@patch("apigateway", cite="https://docs.aws.amazon.com/apigateway/latest/api/API_CreateUsagePlan.html")
def patch_apigateway_usage_plan_checks():
    """CreateUsagePlan / UpdateUsagePlan (add /apiStages) need an existing REST API and stage
    (NotFoundException "Invalid Rest API Id specified" / "Invalid stage identifier specified");
    DeleteUsagePlan of an unknown id -> NotFoundException "Invalid Usage Plan ID specified".

    AWS: https://docs.aws.amazon.com/apigateway/latest/api/API_CreateUsagePlan.html,
    .../API_UpdateUsagePlan.html and .../API_DeleteUsagePlan.html (Errors: NotFoundException).
    moto stored api stages that did not exist and answered HTTP 500 for an unknown plan on
    delete. (The messages are moto's for GetRestApi / GetStage.)
    """
    from moto.apigateway.models import APIGatewayBackend

    original_create = APIGatewayBackend.create_usage_plan
    original_update = APIGatewayBackend.update_usage_plan
    original_delete = APIGatewayBackend.delete_usage_plan

    def create_usage_plan(self, payload):
        for stage in payload.get("apiStages") or []:
            self.get_stage(stage.get("apiId"), stage.get("stage"))
        return original_create(self, payload)

    def update_usage_plan(self, usage_plan_id, patch_operations):
        self.get_usage_plan(usage_plan_id)
        for op in patch_operations or []:
            if op.get("op") == "add" and op.get("path") == "/apiStages":
                api_id, _, stage = str(op.get("value", "")).partition(":")
                self.get_stage(api_id, stage)
        return original_update(self, usage_plan_id, patch_operations)

    def delete_usage_plan(self, usage_plan_id):
        self.get_usage_plan(usage_plan_id)
        return original_delete(self, usage_plan_id)

    APIGatewayBackend.create_usage_plan = create_usage_plan
    APIGatewayBackend.update_usage_plan = update_usage_plan
    APIGatewayBackend.delete_usage_plan = delete_usage_plan


@patch("apigateway", cite="https://docs.aws.amazon.com/apigateway/latest/api/API_ThrottleSettings.html")
def patch_apigateway_usage_plan_numbers():
    """UpdateUsagePlan keeps /throttle/rateLimit as a double and /throttle/burstLimit,
    /quota/limit, /quota/offset as integers.

    AWS: https://docs.aws.amazon.com/apigateway/latest/api/API_ThrottleSettings.html
    (rateLimit: Double, burstLimit: Integer) and .../API_QuotaSettings.html (limit, offset:
    Integer); the patch value is a string. moto parsed rateLimit with int() (HTTP 500 for
    "12.5") and stored the quota numbers as strings.
    """
    from moto.apigateway.models import UsagePlan

    original = UsagePlan.apply_patch_operations
    numbers = {"/throttle/rateLimit": ("throttle", "rateLimit", float),
               "/throttle/burstLimit": ("throttle", "burstLimit", int),
               "/quota/limit": ("quota", "limit", int),
               "/quota/offset": ("quota", "offset", int)}

    def apply_patch_operations(self, patch_operations):
        rest = []
        for op in patch_operations or []:
            if op.get("op") in ("add", "replace") and op.get("path") in numbers:
                section, key, kind = numbers[op["path"]]
                try:
                    value = kind(str(op.get("value")))
                except ValueError:
                    raise _apigw_error("BadRequestException",
                                       f"Invalid value for {op['path']}: {op.get('value')}", 400)
                getattr(self, section)[key] = value
            else:
                rest.append(op)
        return original(self, rest)

    UsagePlan.apply_patch_operations = apply_patch_operations


@patch("apigateway", cite="https://docs.aws.amazon.com/apigateway/latest/api/API_DeleteRestApi.html")
def patch_apigateway_delete_of_a_missing_id():
    """DeleteRestApi / DeleteResource of an id that does not exist -> NotFoundException (404)
    ("Invalid Rest API Id specified" / moto's "Invalid resource identifier specified").

    AWS: https://docs.aws.amazon.com/apigateway/latest/api/API_DeleteRestApi.html and
    .../API_DeleteResource.html (Errors: NotFoundException). moto answered HTTP 500 (KeyError),
    which a delete that treats "already gone" as done could not tell from a real failure.
    """
    from moto.apigateway.models import APIGatewayBackend

    original_api = APIGatewayBackend.delete_rest_api
    original_resource = APIGatewayBackend.delete_resource

    def delete_rest_api(self, function_id):
        self.get_rest_api(function_id)
        return original_api(self, function_id)

    def delete_resource(self, function_id, resource_id):
        self.get_resource(function_id, resource_id)
        return original_resource(self, function_id, resource_id)

    APIGatewayBackend.delete_rest_api = delete_rest_api
    APIGatewayBackend.delete_resource = delete_resource


@patch("apigateway", cite="https://docs.aws.amazon.com/apigateway/latest/api/API_UpdateMethod.html")
def patch_apigateway_update_method():
    """UpdateMethod: replace /apiKeyRequired ("true"/"false"), /authorizationType,
    /authorizerId, /operationName and /requestValidatorId of an existing method; the answer is
    the method. An unknown method -> NotFoundException "Invalid Method identifier specified";
    another path -> BadRequestException.

    AWS: https://docs.aws.amazon.com/apigateway/latest/api/API_UpdateMethod.html (patch
    operations on a Method; Errors: NotFoundException, BadRequestException) and
    .../API_Method.html (apiKeyRequired: Boolean). moto 5.2.1 had no UpdateMethod at all, so
    a method whose API key requirement was switched off outside tapctl could not be modelled.
    """
    from moto.apigateway.responses import APIGatewayResponse

    fields = {"/apiKeyRequired": "api_key_required", "/authorizationType": "authorization_type",
              "/authorizerId": "authorizer_id", "/operationName": "operation_name",
              "/requestValidatorId": "request_validator_id"}

    def update_method(self):
        parts = self.path.split("/")
        api_id, resource_id, http_method = parts[2], parts[4], parts[6]
        resource = self.backend.get_resource(api_id, resource_id)
        method = (resource.resource_methods or {}).get(http_method)
        if method is None:
            raise _apigw_error("NotFoundException", "Invalid Method identifier specified", 404)
        for op in self._get_param("patchOperations") or []:
            path = op.get("path")
            if op.get("op") != "replace" or path not in fields:
                raise _apigw_error("BadRequestException",
                                   f"Invalid patch path '{path}' specified for op '{op.get('op')}'", 400)
            value = op.get("value")
            if path == "/apiKeyRequired":
                if str(value).lower() not in ("true", "false"):
                    raise _apigw_error("BadRequestException", f"Invalid value for /apiKeyRequired: {value}", 400)
                value = str(value).lower() == "true"
            setattr(method, fields[path], value)
        return 200, {}, json.dumps(method.to_json())

    APIGatewayResponse.update_method = update_method


@patch("apigateway", cite="https://docs.aws.amazon.com/apigateway/latest/api/API_CreateUsagePlanKey.html")
def patch_apigateway_usage_plan_keys():
    """CreateUsagePlanKey on an unknown plan -> NotFoundException "Invalid Usage Plan ID
    specified"; a key the plan already has -> ConflictException (409); DeleteUsagePlanKey of
    a key the plan does not have -> NotFoundException; DeleteApiKey also takes the key out of
    every usage plan (the plan cannot keep a key that no longer exists).

    AWS: https://docs.aws.amazon.com/apigateway/latest/api/API_CreateUsagePlanKey.html and
    .../API_DeleteUsagePlanKey.html (Errors: NotFoundException, ConflictException), and
    "Usage plans and API keys for REST APIs" in the API Gateway developer guide. moto stored a
    key for a plan that did not exist, added the same key twice and answered HTTP 500
    (KeyError) for a delete of a key that is not in the plan.
    """
    from moto.apigateway.models import APIGatewayBackend

    original_create = APIGatewayBackend.create_usage_plan_key
    original_delete = APIGatewayBackend.delete_usage_plan_key
    original_delete_key = APIGatewayBackend.delete_api_key

    def create_usage_plan_key(self, usage_plan_id, payload):
        if usage_plan_id not in self.usage_plans:
            raise _apigw_error("NotFoundException", "Invalid Usage Plan ID specified", 404)
        if payload.get("keyId") in self.usage_plan_keys.get(usage_plan_id, {}):
            raise _apigw_error("ConflictException",
                               f"Usage Plan {usage_plan_id} already has API Key {payload.get('keyId')}", 409)
        return original_create(self, usage_plan_id, payload)

    def delete_usage_plan_key(self, usage_plan_id, key_id):
        if key_id not in self.usage_plan_keys.get(usage_plan_id, {}):
            raise _apigw_error("NotFoundException", "Invalid Usage Plan Key identifier specified", 404)
        return original_delete(self, usage_plan_id, key_id)

    def delete_api_key(self, api_key_id):
        original_delete_key(self, api_key_id)
        for keys in self.usage_plan_keys.values():
            keys.pop(api_key_id, None)

    APIGatewayBackend.create_usage_plan_key = create_usage_plan_key
    APIGatewayBackend.delete_usage_plan_key = delete_usage_plan_key
    APIGatewayBackend.delete_api_key = delete_api_key

"""Tests of the emulator's API Gateway patches (scripts/emulation/patches/apigateway.py) for API
keys, usage plan keys, UpdateMethod and the account's CloudWatch role, against a real emulator
process on a loopback port, with boto3 (which moto brings). Realism is off here (its own tests
are in test_emulator_realism.py).

Run: python3 -m unittest discover -s scripts -p 'test_emulator_*.py' -v
"""

import json
import unittest
import urllib.request

try:
    import moto.server  # noqa: F401  (the emulator needs it; boto3 comes with moto)
except ImportError as missing:  # pragma: no cover - CI installs moto
    raise unittest.SkipTest(f'moto/boto3 not found ({missing}): pip install "moto[server]"')

from emulation import testing  # noqa: E402

TRUST = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "apigateway.amazonaws.com"}, "Action": "sts:AssumeRole"}]})
DOCUMENTED = ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:DescribeLogGroups", "logs:DescribeLogStreams",
              "logs:PutLogEvents", "logs:GetLogEvents", "logs:FilterLogEvents"]
REFUSED = ("The role ARN does not have required permissions configured. Please grant trust permission for "
           "API Gateway and add the required role policy.")


def policy(actions):
    return json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": actions, "Resource": "arn:aws:logs:*:123456789012:log-group:*"}]})


class EmulatorApiGatewayTest(testing.EmulatorTestCase):
    def setUp(self):
        request = urllib.request.Request(self.url + "/moto-api/reset", data=b"", method="POST")
        urllib.request.build_opener(urllib.request.ProxyHandler({})).open(request, timeout=30).close()
        self.iam, self.apigw = self.client("iam"), self.client("apigateway")

    def set_role(self, arn):
        return self.apigw.update_account(patchOperations=[{"op": "replace", "path": "/cloudwatchRoleArn", "value": arn}])

    # UpdateAccount: the documented permissions -------------------------------------

    def test_a_role_with_only_the_trust_is_refused(self):
        arn = self.iam.create_role(RoleName="trust-only", AssumeRolePolicyDocument=TRUST)["Role"]["Arn"]
        error = self.assertError("BadRequestException", self.set_role, arn)
        self.assertEqual(REFUSED, error.response["Error"]["Message"])

    def test_a_role_narrower_than_the_documented_policy_is_refused(self):
        arn = self.iam.create_role(RoleName="narrow", AssumeRolePolicyDocument=TRUST)["Role"]["Arn"]
        # What tapctl's role carried before: no GetLogEvents, no FilterLogEvents.
        self.iam.put_role_policy(RoleName="narrow", PolicyName="p", PolicyDocument=policy(DOCUMENTED[:5]))
        error = self.assertError("BadRequestException", self.set_role, arn)
        self.assertEqual(REFUSED, error.response["Error"]["Message"])
        self.assertIsNone(self.apigw.get_account().get("cloudwatchRoleArn"))

    def test_a_role_that_api_gateway_cannot_assume_is_refused(self):
        lambda_trust = TRUST.replace("apigateway.amazonaws.com", "lambda.amazonaws.com")
        arn = self.iam.create_role(RoleName="lambda", AssumeRolePolicyDocument=lambda_trust)["Role"]["Arn"]
        self.iam.put_role_policy(RoleName="lambda", PolicyName="p", PolicyDocument=policy(DOCUMENTED))
        self.assertError("BadRequestException", self.set_role, arn)

    def test_the_documented_actions_inline_are_accepted(self):
        arn = self.iam.create_role(RoleName="inline", AssumeRolePolicyDocument=TRUST)["Role"]["Arn"]
        self.iam.put_role_policy(RoleName="inline", PolicyName="p", PolicyDocument=policy(DOCUMENTED))
        self.set_role(arn)
        self.assertEqual(arn, self.apigw.get_account()["cloudwatchRoleArn"])

    def test_the_documented_actions_in_an_attached_managed_policy_are_accepted(self):
        arn = self.iam.create_role(RoleName="managed", AssumeRolePolicyDocument=TRUST)["Role"]["Arn"]
        managed = self.iam.create_policy(PolicyName="push", PolicyDocument=policy(DOCUMENTED))["Policy"]["Arn"]
        self.iam.attach_role_policy(RoleName="managed", PolicyArn=managed)
        self.set_role(arn)
        self.assertEqual(arn, self.apigw.get_account()["cloudwatchRoleArn"])

    # UpdateMethod, API keys and usage plan keys ------------------------------------

    def api_with_method(self):
        api = self.apigw.create_rest_api(name="a")["id"]
        root = self.apigw.get_resources(restApiId=api)["items"][0]["id"]
        self.apigw.put_method(restApiId=api, resourceId=root, httpMethod="GET", authorizationType="NONE",
                              apiKeyRequired=True)
        return api, root

    def test_update_method_switches_the_api_key_requirement(self):
        api, root = self.api_with_method()
        self.assertTrue(self.apigw.get_method(restApiId=api, resourceId=root, httpMethod="GET")["apiKeyRequired"])
        answer = self.apigw.update_method(restApiId=api, resourceId=root, httpMethod="GET",
                                          patchOperations=[{"op": "replace", "path": "/apiKeyRequired", "value": "false"}])
        self.assertFalse(answer["apiKeyRequired"])
        embedded = self.apigw.get_resources(restApiId=api, embed=["methods"])["items"][0]["resourceMethods"]["GET"]
        self.assertFalse(embedded["apiKeyRequired"])
        self.assertError("NotFoundException", self.apigw.update_method, restApiId=api, resourceId=root,
                         httpMethod="POST", patchOperations=[{"op": "replace", "path": "/apiKeyRequired", "value": "true"}])
        self.assertError("BadRequestException", self.apigw.update_method, restApiId=api, resourceId=root,
                         httpMethod="GET", patchOperations=[{"op": "replace", "path": "/nope", "value": "x"}])

    def test_usage_plan_keys_follow_aws(self):
        plan = self.apigw.create_usage_plan(name="p")["id"]
        key = self.apigw.create_api_key(name="k", enabled=True)["id"]
        self.assertNotIn("value", self.apigw.get_api_key(apiKey=key))
        self.assertNotIn("value", self.apigw.get_api_keys(nameQuery="k")["items"][0])
        self.assertError("NotFoundException", self.apigw.create_usage_plan_key, usagePlanId="nope", keyId=key,
                         keyType="API_KEY")
        self.apigw.create_usage_plan_key(usagePlanId=plan, keyId=key, keyType="API_KEY")
        self.assertError("ConflictException", self.apigw.create_usage_plan_key, usagePlanId=plan, keyId=key,
                         keyType="API_KEY")
        self.assertEqual([plan], [p["id"] for p in self.apigw.get_usage_plans(keyId=key)["items"]])
        self.apigw.delete_usage_plan_key(usagePlanId=plan, keyId=key)
        self.assertError("NotFoundException", self.apigw.delete_usage_plan_key, usagePlanId=plan, keyId=key)
        self.apigw.create_usage_plan_key(usagePlanId=plan, keyId=key, keyType="API_KEY")
        self.apigw.delete_api_key(apiKey=key)
        self.assertEqual([], self.apigw.get_usage_plan_keys(usagePlanId=plan)["items"])


if __name__ == "__main__":
    unittest.main()

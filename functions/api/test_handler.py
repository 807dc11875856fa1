"""Unit tests of the items API. No AWS, no network: the DynamoDB and Lambda clients are mocks, and
boto3.client itself is patched to fail if anything tries to build a real client."""

import base64
import contextlib
import io
import json
import os
import pathlib
import sys
import types
import unittest
from decimal import Decimal
from unittest import mock

from botocore.exceptions import ClientError

# In Lambda the shared library (functions/_shared) is at the root of the zip, beside handler.py;
# here it is put on the path explicitly, so that these tests find the very jsonlog that ships however
# they are run (scripts/test, an IDE, python3 -m unittest in this folder).
SHARED = pathlib.Path(__file__).resolve().parent.parent / "_shared"
sys.path.insert(0, str(SHARED))

import handler  # noqa: E402 (after the path line)
import jsonlog  # noqa: E402

ENV = {
    "TABLE_NAME": "tap-test-items",
    "WORKER_FUNCTION_NAME": "tap-test-worker",
    "ALLOWED_ORIGINS": "https://app.example.com, https://admin.example.com/,*",
    "TAP_ENV": "test",
    "AWS_LAMBDA_FUNCTION_NAME": "tap-test-api",
    "LOG_LEVEL": "INFO",
}
ALLOWED = "https://app.example.com"
CONTEXT = types.SimpleNamespace(aws_request_id="lambda-req-1")


def event(method, path, body=None, headers=None, query=None, **extra):
    e = {
        "httpMethod": method,
        "path": path,
        "resource": "/{proxy+}",
        "pathParameters": {"proxy": path.lstrip("/")},
        "queryStringParameters": query,
        "headers": {"Origin": ALLOWED} if headers is None else headers,
        "body": body if body is None or isinstance(body, str) else json.dumps(body),
        "isBase64Encoded": False,
        "requestContext": {"requestId": "apigw-req-1"},
    }
    e.update(extra)
    return e


def conditional_failure(operation):
    return ClientError({"Error": {"Code": "ConditionalCheckFailedException", "Message": "The conditional request failed"}},
                       operation)


def stored(item_id="abc", data=None, **server):
    attrs = {
        "pk": {"S": "ITEM#" + item_id}, "sk": {"S": "ITEM"}, "id": {"S": item_id},
        "data": {"M": {k: v for k, v in (data or {"name": {"S": "widget"}, "qty": {"N": "3"}}).items()}},
        "status": {"S": "pending"}, "createdAt": {"S": "2025-01-01T00:00:00.000Z"},
        "updatedAt": {"S": "2025-01-01T00:00:00.000Z"},
    }
    attrs.update({k: {"S": v} for k, v in server.items()})
    return attrs


class ApiTestCase(unittest.TestCase):
    def setUp(self):
        patcher = mock.patch.dict(os.environ, ENV)
        patcher.start()
        self.addCleanup(patcher.stop)
        no_aws = mock.patch("boto3.client", side_effect=AssertionError("tests must not create AWS clients"))
        no_aws.start()
        self.addCleanup(no_aws.stop)
        self.ddb = mock.MagicMock(name="dynamodb")
        self.lam = mock.MagicMock(name="lambda")
        self._saved = (handler._dynamodb, handler._lambda)
        handler._dynamodb, handler._lambda = self.ddb, self.lam
        self.addCleanup(self._restore)
        self.out = io.StringIO()

    def _restore(self):
        handler._dynamodb, handler._lambda = self._saved

    def call(self, e):
        with contextlib.redirect_stdout(self.out):
            response = handler.lambda_handler(e, CONTEXT)
        self.assertIsInstance(response["body"], str)
        return response

    def body(self, response):
        return json.loads(response["body"])

    def logs(self):
        return [json.loads(line) for line in self.out.getvalue().splitlines()]


class ListItems(ApiTestCase):
    def test_scans_with_a_bound_and_shows_items_flat(self):
        self.ddb.scan.return_value = {"Items": [stored("a"), stored("b", processedAt="2025-01-02T00:00:00.000Z")]}
        r = self.call(event("GET", "/items"))
        self.assertEqual(r["statusCode"], 200)
        kwargs = self.ddb.scan.call_args.kwargs
        self.assertEqual(kwargs["TableName"], "tap-test-items")
        self.assertEqual(kwargs["Limit"], 25)
        self.assertNotIn("ExclusiveStartKey", kwargs)
        items = self.body(r)["items"]
        self.assertEqual([i["id"] for i in items], ["a", "b"])
        self.assertEqual(items[0]["name"], "widget")
        self.assertEqual(items[0]["qty"], 3)
        self.assertEqual(items[1]["processedAt"], "2025-01-02T00:00:00.000Z")
        self.assertNotIn("pk", items[0])
        self.assertNotIn("nextToken", self.body(r))

    def test_pages_with_limit_and_next_token(self):
        self.ddb.scan.return_value = {"Items": [stored("a")], "LastEvaluatedKey": {"pk": {"S": "ITEM#a"}, "sk": {"S": "ITEM"}}}
        first = self.call(event("GET", "/items", query={"limit": "1"}))
        self.assertEqual(self.ddb.scan.call_args.kwargs["Limit"], 1)
        token = self.body(first)["nextToken"]

        self.ddb.scan.return_value = {"Items": []}
        second = self.call(event("GET", "/items", query={"limit": "1", "nextToken": token}))
        self.assertEqual(second["statusCode"], 200)
        self.assertEqual(self.ddb.scan.call_args.kwargs["ExclusiveStartKey"],
                         {"pk": {"S": "ITEM#a"}, "sk": {"S": "ITEM"}})

    def test_limit_out_of_range_or_not_a_number_is_400(self):
        for limit in ("0", "101", "ten", "-1"):
            r = self.call(event("GET", "/items", query={"limit": limit}))
            self.assertEqual(r["statusCode"], 400, limit)
            self.assertIn("limit", self.body(r)["message"])
        self.ddb.scan.assert_not_called()

    def test_a_forged_next_token_is_400(self):
        forged = base64.urlsafe_b64encode(json.dumps({"other": "x"}).encode()).decode()
        for token in ("not-base64!!", forged):
            r = self.call(event("GET", "/items", query={"nextToken": token}))
            self.assertEqual(r["statusCode"], 400, token)
        self.ddb.scan.assert_not_called()

    def test_key_attribute_names_come_from_the_environment(self):
        os.environ.update({"PARTITION_KEY": "PK", "SORT_KEY": "SK"})
        self.ddb.get_item.return_value = {"Item": stored("a")}
        self.call(event("GET", "/items/a"))
        self.assertEqual(self.ddb.get_item.call_args.kwargs["Key"], {"PK": {"S": "ITEM#a"}, "SK": {"S": "ITEM"}})


class GetItem(ApiTestCase):
    def test_found(self):
        self.ddb.get_item.return_value = {"Item": stored("abc")}
        r = self.call(event("GET", "/items/abc"))
        self.assertEqual(r["statusCode"], 200)
        self.assertEqual(self.ddb.get_item.call_args.kwargs,
                         {"TableName": "tap-test-items", "Key": {"pk": {"S": "ITEM#abc"}, "sk": {"S": "ITEM"}}})
        self.assertEqual(self.body(r)["id"], "abc")
        self.assertEqual(r["headers"]["Content-Type"], "application/json")

    def test_missing_is_404(self):
        self.ddb.get_item.return_value = {}
        r = self.call(event("GET", "/items/nope"))
        self.assertEqual(r["statusCode"], 404)
        self.assertIn("nope", self.body(r)["message"])

    def test_an_id_that_cannot_exist_is_404_without_a_lookup(self):
        r = self.call(event("GET", "/items/" + "x" * 65))
        self.assertEqual(r["statusCode"], 404)
        self.ddb.get_item.assert_not_called()

    def test_trailing_slash_and_proxy_parameter_route_the_same(self):
        self.ddb.get_item.return_value = {"Item": stored("abc")}
        self.assertEqual(self.call(event("GET", "/items/abc/"))["statusCode"], 200)
        e = event("GET", "/items/abc")
        del e["path"]
        self.assertEqual(self.call(e)["statusCode"], 200)
        self.assertEqual(self.ddb.get_item.call_count, 2)


class CreateItem(ApiTestCase):
    def test_stores_the_item_then_invokes_the_worker_asynchronously(self):
        calls = mock.MagicMock()
        calls.attach_mock(self.ddb.put_item, "put_item")
        calls.attach_mock(self.lam.invoke, "invoke")
        r = self.call(event("POST", "/items", body={"name": "widget", "price": 9.99, "id": "mine", "status": "x"}))

        self.assertEqual(r["statusCode"], 201)
        created = self.body(r)
        item_id = created["id"]
        self.assertNotEqual(item_id, "mine")                   # server-owned fields are not taken from the body
        self.assertEqual(created["status"], "pending")
        self.assertEqual(created["name"], "widget")
        self.assertEqual(created["price"], 9.99)
        self.assertEqual([c[0] for c in calls.mock_calls], ["put_item", "invoke"])

        put = self.ddb.put_item.call_args.kwargs
        self.assertEqual(put["TableName"], "tap-test-items")
        self.assertEqual(put["ConditionExpression"], "attribute_not_exists(#pk)")
        self.assertEqual(put["Item"]["pk"], {"S": "ITEM#" + item_id})
        self.assertEqual(put["Item"]["sk"], {"S": "ITEM"})
        self.assertEqual(put["Item"]["data"], {"M": {"name": {"S": "widget"}, "price": {"N": "9.99"}}})

        invoke = self.lam.invoke.call_args.kwargs
        self.assertEqual(invoke["FunctionName"], "tap-test-worker")
        self.assertEqual(invoke["InvocationType"], "Event")
        payload = json.loads(invoke["Payload"])
        self.assertEqual(payload, {"action": "item-created", "pk": "ITEM#" + item_id, "sk": "ITEM",
                                   "id": item_id, "requestId": "apigw-req-1"})

    def test_base64_body_is_decoded(self):
        body = base64.b64encode(json.dumps({"name": "b64"}).encode()).decode()
        r = self.call(event("POST", "/items", body=body, isBase64Encoded=True))
        self.assertEqual(r["statusCode"], 201)
        self.assertEqual(self.body(r)["name"], "b64")

    def test_bad_bodies_are_400_and_nothing_is_written_or_invoked(self):
        cases = {
            "{not json": "not valid JSON",
            "[1, 2]": "JSON object",
            "": "required",
            '{"x": NaN}': "not valid JSON",
            '{"x": 1.0000000000000000000000000000000000000001}': "cannot be stored",
        }
        for body, expected in cases.items():
            r = self.call(event("POST", "/items", body=body))
            self.assertEqual(r["statusCode"], 400, body)
            self.assertIn(expected, self.body(r)["message"], body)
        r = self.call(event("POST", "/items"))
        self.assertEqual(r["statusCode"], 400)
        self.ddb.put_item.assert_not_called()
        self.lam.invoke.assert_not_called()

    def test_an_oversized_body_is_413(self):
        r = self.call(event("POST", "/items", body={"blob": "x" * (handler.MAX_BODY_BYTES + 1)}))
        self.assertEqual(r["statusCode"], 413)
        self.ddb.put_item.assert_not_called()

    def test_a_failed_invoke_still_answers_201_and_logs_the_pending_item(self):
        self.lam.invoke.side_effect = ClientError({"Error": {"Code": "TooManyRequestsException", "Message": "Rate"}}, "Invoke")
        r = self.call(event("POST", "/items", body={"name": "w"}))
        self.assertEqual(r["statusCode"], 201)
        errors = [l for l in self.logs() if l["level"] == "ERROR"]
        self.assertEqual(len(errors), 1)
        self.assertEqual(errors[0]["itemId"], self.body(r)["id"])
        self.assertIn("TooManyRequestsException", errors[0]["exception"])

    def test_a_failed_write_is_a_generic_500_and_the_worker_is_not_invoked(self):
        self.ddb.put_item.side_effect = RuntimeError("connect to 10.1.2.3 failed: secret internals")
        r = self.call(event("POST", "/items", body={"name": "w"}))
        self.assertEqual(r["statusCode"], 500)
        self.assertEqual(self.body(r), {"message": "internal error"})
        self.assertNotIn("secret", r["body"])
        self.lam.invoke.assert_not_called()
        error = next(l for l in self.logs() if l["level"] == "ERROR")
        self.assertIn("secret internals", error["exception"])     # logged, not returned


class ReplaceItem(ApiTestCase):
    def test_replaces_the_data_of_an_existing_item(self):
        self.ddb.update_item.return_value = {"Attributes": stored("abc", data={"name": {"S": "new"}})}
        r = self.call(event("PUT", "/items/abc", body={"name": "new", "createdAt": "ignored"}))
        self.assertEqual(r["statusCode"], 200)
        self.assertEqual(self.body(r)["name"], "new")
        update = self.ddb.update_item.call_args.kwargs
        self.assertEqual(update["Key"], {"pk": {"S": "ITEM#abc"}, "sk": {"S": "ITEM"}})
        self.assertEqual(update["ConditionExpression"], "attribute_exists(#pk)")
        self.assertEqual(update["ExpressionAttributeValues"][":data"], {"M": {"name": {"S": "new"}}})
        self.assertEqual(update["ReturnValues"], "ALL_NEW")
        self.lam.invoke.assert_not_called()

    def test_missing_item_is_404(self):
        self.ddb.update_item.side_effect = conditional_failure("UpdateItem")
        r = self.call(event("PUT", "/items/abc", body={"name": "new"}))
        self.assertEqual(r["statusCode"], 404)

    def test_bad_json_is_400(self):
        r = self.call(event("PUT", "/items/abc", body='{"name":'))
        self.assertEqual(r["statusCode"], 400)
        self.assertIn("not valid JSON", self.body(r)["message"])
        self.ddb.update_item.assert_not_called()


class DeleteItem(ApiTestCase):
    def test_deletes_with_204_and_no_body(self):
        r = self.call(event("DELETE", "/items/abc"))
        self.assertEqual(r["statusCode"], 204)
        self.assertEqual(r["body"], "")
        self.assertEqual(self.ddb.delete_item.call_args.kwargs["Key"], {"pk": {"S": "ITEM#abc"}, "sk": {"S": "ITEM"}})
        self.assertEqual(self.ddb.delete_item.call_args.kwargs["ConditionExpression"], "attribute_exists(#pk)")

    def test_missing_item_is_404(self):
        self.ddb.delete_item.side_effect = conditional_failure("DeleteItem")
        self.assertEqual(self.call(event("DELETE", "/items/abc"))["statusCode"], 404)


class Routing(ApiTestCase):
    def test_wrong_method_is_405_with_allow(self):
        for method, path, allow in (("DELETE", "/items", "GET,POST,OPTIONS"), ("PATCH", "/items/abc", "GET,PUT,DELETE,OPTIONS"),
                                    ("POST", "/items/abc", "GET,PUT,DELETE,OPTIONS")):
            r = self.call(event(method, path))
            self.assertEqual(r["statusCode"], 405, (method, path))
            self.assertEqual(r["headers"]["Allow"], allow)
        self.ddb.assert_not_called()
        self.assertEqual(self.ddb.method_calls, [])

    def test_unknown_path_is_404(self):
        for path in ("/", "/things", "/items/abc/extra"):
            r = self.call(event("GET", path))
            self.assertEqual(r["statusCode"], 404, path)
            self.assertIn("message", self.body(r))

    def test_missing_configuration_is_a_generic_500(self):
        del os.environ["TABLE_NAME"]
        r = self.call(event("GET", "/items"))
        self.assertEqual(r["statusCode"], 500)
        self.assertEqual(self.body(r), {"message": "internal error"})
        self.assertIn("TABLE_NAME", next(l for l in self.logs() if l["level"] == "ERROR")["exception"])

    def test_any_unexpected_error_is_a_generic_500(self):
        self.ddb.get_item.side_effect = KeyError("internal")
        r = self.call(event("GET", "/items/abc"))
        self.assertEqual(r["statusCode"], 500)
        self.assertEqual(self.body(r), {"message": "internal error"})


class Cors(ApiTestCase):
    def test_an_allowed_origin_is_echoed_with_vary(self):
        self.ddb.scan.return_value = {"Items": []}
        for origin in ("https://app.example.com", "https://admin.example.com"):
            r = self.call(event("GET", "/items", headers={"origin": origin}))     # header names are case-insensitive
            self.assertEqual(r["headers"]["Access-Control-Allow-Origin"], origin)
            self.assertEqual(r["headers"]["Vary"], "Origin")

    def test_a_disallowed_origin_is_not_echoed(self):
        self.ddb.scan.return_value = {"Items": []}
        for headers in ({"Origin": "https://evil.example.com"}, {"Origin": "https://app.example.com.evil.com"},
                        {"Origin": "null"}, {"Origin": "*"}, {}):
            r = self.call(event("GET", "/items", headers=headers))
            self.assertEqual(r["statusCode"], 200)
            self.assertNotIn("Access-Control-Allow-Origin", r["headers"], headers)
            self.assertEqual(r["headers"]["Vary"], "Origin")

    def test_never_a_wildcard_even_when_configured(self):
        os.environ["ALLOWED_ORIGINS"] = "*"
        self.ddb.scan.return_value = {"Items": []}
        for origin in ("https://anything.example", "*"):
            r = self.call(event("GET", "/items", headers={"Origin": origin}))
            self.assertNotIn("Access-Control-Allow-Origin", r["headers"])
            self.assertNotIn("*", r["headers"].values())

    def test_error_responses_carry_cors_headers_too(self):
        for e in (event("GET", "/nowhere"), event("POST", "/items", body="{"), event("DELETE", "/items")):
            r = self.call(e)
            self.assertEqual(r["headers"]["Access-Control-Allow-Origin"], ALLOWED, e["path"])
        self.ddb.get_item.side_effect = RuntimeError("boom")
        self.assertEqual(self.call(event("GET", "/items/a"))["headers"]["Access-Control-Allow-Origin"], ALLOWED)

    def test_preflight(self):
        r = self.call(event("OPTIONS", "/items/abc"))
        self.assertEqual(r["statusCode"], 204)
        self.assertEqual(r["headers"]["Access-Control-Allow-Origin"], ALLOWED)
        self.assertEqual(r["headers"]["Access-Control-Allow-Methods"], "GET,PUT,DELETE,OPTIONS")
        self.assertIn("Content-Type", r["headers"]["Access-Control-Allow-Headers"])
        denied = self.call(event("OPTIONS", "/items", headers={"Origin": "https://evil.example.com"}))
        self.assertNotIn("Access-Control-Allow-Methods", denied["headers"])
        self.assertNotIn("Access-Control-Allow-Origin", denied["headers"])
        self.assertEqual(self.ddb.method_calls, [])


class Logging(ApiTestCase):
    def test_one_json_object_per_line_with_the_common_fields(self):
        self.ddb.get_item.return_value = {"Item": stored("abc")}
        self.ddb.put_item.side_effect = RuntimeError("multi\nline\nfailure")
        self.call(event("GET", "/items/abc"))
        self.call(event("POST", "/items", body={"name": "w"}))
        lines = self.out.getvalue().splitlines()
        self.assertGreaterEqual(len(lines), 3)
        for line in lines:
            entry = json.loads(line)                       # each line alone is one JSON object
            self.assertIsInstance(entry, dict)
            self.assertIn(entry["level"], ("INFO", "ERROR"))
            self.assertTrue(entry["message"])
            self.assertEqual(entry["requestId"], "lambda-req-1")
            self.assertEqual(entry["env"], "test")
            self.assertEqual(entry["function"], "tap-test-api")
            self.assertRegex(entry["timestamp"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
        request_log = json.loads(lines[0])
        self.assertEqual((request_log["method"], request_log["status"], request_log["apiRequestId"]), ("GET", 200, "apigw-req-1"))
        self.assertIn("multi\nline\nfailure", json.loads(lines[1])["exception"])

    def test_log_level_comes_from_the_environment(self):
        os.environ["LOG_LEVEL"] = "warning"
        logger = jsonlog.get_logger("tap.api.level-test")
        with contextlib.redirect_stdout(self.out):
            logger.info("hidden")
            logger.warning("shown", extra={"detail": Decimal("1.5")})
        entries = self.logs()
        self.assertEqual([e["message"] for e in entries], ["shown"])
        self.assertEqual(entries[0]["level"], "WARN")                  # Lambda's name, so its level filter understands it
        self.assertEqual(entries[0]["detail"], "1.5")
        os.environ["LOG_LEVEL"] = "nonsense"
        self.assertEqual(jsonlog.get_logger("tap.api.level-test").level, 20)

    def test_extra_fields_cannot_overwrite_the_common_ones(self):
        jsonlog.bind(CONTEXT)
        with contextlib.redirect_stdout(self.out):
            handler.log.info("x", extra={"env": "spoofed", "level": "spoofed"})
        entry = self.logs()[0]
        self.assertEqual((entry["env"], entry["level"]), ("test", "INFO"))
        self.assertEqual((entry["extra_env"], entry["extra_level"]), ("spoofed", "spoofed"))


class SharedLoggingModule(unittest.TestCase):
    def test_jsonlog_is_the_shared_library_and_no_function_has_a_copy(self):
        # The Bundler ships functions/_shared/jsonlog.py in every zip (BundlerTest checks the zips)
        # and refuses a function's own jsonlog.py, so the one tested here is the one every function runs.
        self.assertEqual(pathlib.Path(jsonlog.__file__).resolve(), SHARED / "jsonlog.py")
        self.assertIs(handler.jsonlog, jsonlog)
        for function in sorted(p for p in SHARED.parent.iterdir() if p.is_dir() and p != SHARED):
            self.assertFalse((function / "jsonlog.py").exists(), f"{function.name} has a jsonlog.py of its own")


if __name__ == "__main__":
    unittest.main()

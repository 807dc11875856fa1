"""Unit tests of the worker. No AWS, no network: the DynamoDB client is a mock, and boto3.client
itself is patched to fail if anything tries to build a real client."""

import contextlib
import io
import json
import os
import pathlib
import sys
import types
import unittest
from unittest import mock

from botocore.exceptions import ClientError

# In Lambda the shared library (functions/_shared) is at the root of the zip, beside handler.py;
# here it is put on the path explicitly, so that these tests find the very jsonlog that ships however
# they are run (scripts/test, an IDE, python3 -m unittest in this folder).
SHARED = pathlib.Path(__file__).resolve().parent.parent / "_shared"
sys.path.insert(0, str(SHARED))

import handler  # noqa: E402 (after the path line)

ENV = {
    "TABLE_NAME": "tap-test-items",
    "TAP_ENV": "test",
    "AWS_LAMBDA_FUNCTION_NAME": "tap-test-worker",
}
CONTEXT = types.SimpleNamespace(aws_request_id="lambda-req-9")
GOOD = {"action": "item-created", "pk": "ITEM#abc", "sk": "ITEM", "id": "abc", "requestId": "apigw-req-1"}


class WorkerTestCase(unittest.TestCase):
    def setUp(self):
        patcher = mock.patch.dict(os.environ, ENV)
        patcher.start()
        self.addCleanup(patcher.stop)
        for name in ("PARTITION_KEY", "SORT_KEY"):
            os.environ.pop(name, None)
        no_aws = mock.patch("boto3.client", side_effect=AssertionError("tests must not create AWS clients"))
        no_aws.start()
        self.addCleanup(no_aws.stop)
        self.ddb = mock.MagicMock(name="dynamodb")
        saved = handler._dynamodb
        handler._dynamodb = self.ddb
        self.addCleanup(setattr, handler, "_dynamodb", saved)
        self.out = io.StringIO()

    def call(self, event):
        with contextlib.redirect_stdout(self.out):
            return handler.lambda_handler(event, CONTEXT)

    def logs(self):
        return [json.loads(line) for line in self.out.getvalue().splitlines()]


class ItemCreated(WorkerTestCase):
    def test_marks_the_item_processed_with_one_conditional_update(self):
        result = self.call(dict(GOOD))
        self.assertEqual(result, {"status": "processed", "pk": "ITEM#abc", "sk": "ITEM"})
        self.ddb.update_item.assert_called_once()
        update = self.ddb.update_item.call_args.kwargs
        self.assertEqual(update["TableName"], "tap-test-items")
        self.assertEqual(update["Key"], {"pk": {"S": "ITEM#abc"}, "sk": {"S": "ITEM"}})
        self.assertEqual(update["ConditionExpression"], "attribute_exists(#pk)")
        self.assertEqual(update["ExpressionAttributeNames"]["#pk"], "pk")
        self.assertEqual(update["ExpressionAttributeValues"][":processed"], {"S": "processed"})
        self.assertRegex(update["ExpressionAttributeValues"][":now"]["S"], r"Z$")
        self.assertEqual([m[0] for m in self.ddb.method_calls], ["update_item"])     # nothing else

    def test_key_attribute_names_come_from_the_environment(self):
        os.environ.update({"PARTITION_KEY": "PK", "SORT_KEY": "SK"})
        self.call(dict(GOOD))
        update = self.ddb.update_item.call_args.kwargs
        self.assertEqual(update["Key"], {"PK": {"S": "ITEM#abc"}, "SK": {"S": "ITEM"}})
        self.assertEqual(update["ExpressionAttributeNames"]["#pk"], "PK")

    def test_an_item_deleted_before_processing_is_skipped_not_retried(self):
        self.ddb.update_item.side_effect = ClientError(
            {"Error": {"Code": "ConditionalCheckFailedException", "Message": "The conditional request failed"}}, "UpdateItem")
        result = self.call(dict(GOOD))
        self.assertEqual(result["status"], "skipped")
        self.assertEqual([l["level"] for l in self.logs()], ["WARN"])


class Failures(WorkerTestCase):
    def test_malformed_events_raise_so_they_end_in_the_dlq(self):
        cases = [
            None, "item-created", ["item-created"], {}, {"action": "item-deleted", "pk": "p", "sk": "s"},
            {"action": "item-created", "sk": "ITEM"}, {"action": "item-created", "pk": "", "sk": "ITEM"},
            {"action": "item-created", "pk": "ITEM#a", "sk": 5}, {"action": "item-created", "pk": "x" * 1025, "sk": "ITEM"},
        ]
        for event in cases:
            with self.subTest(event=repr(event)[:60]):
                with self.assertRaises(handler.MalformedEvent):
                    self.call(event)
        self.ddb.update_item.assert_not_called()
        errors = self.logs()
        self.assertEqual(len(errors), len(cases))
        self.assertTrue(all(e["level"] == "ERROR" and e["reason"] for e in errors))

    def test_dynamodb_errors_raise_so_lambda_retries(self):
        self.ddb.update_item.side_effect = ClientError(
            {"Error": {"Code": "ProvisionedThroughputExceededException", "Message": "slow down"}}, "UpdateItem")
        with self.assertRaises(ClientError):
            self.call(dict(GOOD))
        self.assertIn("ProvisionedThroughputExceededException", self.logs()[-1]["exception"])

    def test_missing_table_name_raises(self):
        del os.environ["TABLE_NAME"]
        with self.assertRaisesRegex(RuntimeError, "TABLE_NAME"):
            self.call(dict(GOOD))
        self.ddb.update_item.assert_not_called()


class Logging(WorkerTestCase):
    def test_one_json_object_per_line_with_the_common_fields(self):
        self.call(dict(GOOD))
        with self.assertRaises(handler.MalformedEvent):
            self.call({"action": "nope"})
        lines = self.out.getvalue().splitlines()
        self.assertEqual(len(lines), 2)
        entries = [json.loads(line) for line in lines]
        for entry in entries:
            self.assertIsInstance(entry, dict)
            self.assertTrue(entry["message"])
            self.assertEqual(entry["requestId"], "lambda-req-9")
            self.assertEqual(entry["env"], "test")
            self.assertEqual(entry["function"], "tap-test-worker")
            self.assertRegex(entry["timestamp"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
        self.assertEqual([e["level"] for e in entries], ["INFO", "ERROR"])
        self.assertEqual(entries[0]["sourceRequestId"], "apigw-req-1")
        self.assertEqual(entries[0]["pk"], "ITEM#abc")

    def test_logs_through_the_shared_jsonlog(self):
        self.assertEqual(pathlib.Path(handler.jsonlog.__file__).resolve(), SHARED / "jsonlog.py")


if __name__ == "__main__":
    unittest.main()

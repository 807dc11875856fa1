"""Tests of the emulator's SNS and CloudWatch patches (scripts/emulation/patches/), in process with
moto's mock_aws and boto3 (which moto brings).

Run: python3 -m unittest discover -s scripts -p 'test_emulator_*.py' -v
"""

import os
import sys
import unittest
import urllib.error
import urllib.request

try:
    import boto3
    from botocore.exceptions import ClientError
    from moto import mock_aws
except ImportError as missing:  # pragma: no cover - CI installs moto
    raise unittest.SkipTest(f'moto/boto3 not found ({missing}): pip install "moto[server]"')

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from emulation.patches import cloudwatch, sns  # noqa: E402
from emulation import testing  # noqa: E402

REGION = "us-east-1"
ALARM = dict(MetricName="Errors", Namespace="AWS/Lambda", Statistic="Sum", Period=300, EvaluationPeriods=1,
             Threshold=1, ComparisonOperator="GreaterThanOrEqualToThreshold")


class SnsEmailSubscriptionsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        sns.patch_sns_email_subscriptions_wait_for_confirmation()

    def setUp(self):
        self.mock = mock_aws()
        self.mock.start()
        self.sns = boto3.client("sns", region_name=REGION)
        self.topic = self.sns.create_topic(Name="tap-test-alarms")["TopicArn"]

    def tearDown(self):
        self.mock.stop()

    def test_an_email_subscription_is_pending_and_its_arn_comes_only_when_asked(self):
        answer = self.sns.subscribe(TopicArn=self.topic, Protocol="email", Endpoint="a@example.com")
        self.assertEqual("pending confirmation", answer["SubscriptionArn"])
        arn = self.sns.subscribe(TopicArn=self.topic, Protocol="email", Endpoint="a@example.com",
                                 ReturnSubscriptionArn=True)["SubscriptionArn"]
        self.assertTrue(arn.startswith(self.topic + ":"))
        listed = self.sns.list_subscriptions_by_topic(TopicArn=self.topic)["Subscriptions"]
        self.assertEqual([("PendingConfirmation", "email", "a@example.com")],
                         [(s["SubscriptionArn"], s["Protocol"], s["Endpoint"]) for s in listed])
        self.assertEqual("PendingConfirmation", self.sns.list_subscriptions()["Subscriptions"][0]["SubscriptionArn"])
        self.assertEqual("true", self.sns.get_subscription_attributes(SubscriptionArn=arn)["Attributes"]["PendingConfirmation"])

    def test_a_pending_subscription_cannot_be_unsubscribed(self):
        arn = self.sns.subscribe(TopicArn=self.topic, Protocol="email", Endpoint="a@example.com",
                                 ReturnSubscriptionArn=True)["SubscriptionArn"]
        with self.assertRaises(ClientError) as refused:
            self.sns.unsubscribe(SubscriptionArn=arn)
        self.assertEqual("InvalidParameter", refused.exception.response["Error"]["Code"])
        self.assertIn("pending confirmation", refused.exception.response["Error"]["Message"])
        self.assertEqual(1, len(self.sns.list_subscriptions_by_topic(TopicArn=self.topic)["Subscriptions"]))

    def test_other_protocols_are_untouched(self):
        boto3.client("sqs", region_name=REGION).create_queue(QueueName="q")
        queue_arn = "arn:aws:sqs:%s:123456789012:q" % REGION
        arn = self.sns.subscribe(TopicArn=self.topic, Protocol="sqs", Endpoint=queue_arn)["SubscriptionArn"]
        self.assertEqual(arn, self.sns.list_subscriptions_by_topic(TopicArn=self.topic)["Subscriptions"][0]["SubscriptionArn"])
        self.sns.unsubscribe(SubscriptionArn=arn)
        self.assertEqual([], self.sns.list_subscriptions_by_topic(TopicArn=self.topic)["Subscriptions"])


class CloudWatchAlarmTagsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cloudwatch.patch_cloudwatch_put_metric_alarm_keeps_tags_of_an_existing_alarm()

    def test_put_metric_alarm_tags_only_a_new_alarm(self):
        with mock_aws():
            cloudwatch = boto3.client("cloudwatch", region_name=REGION)
            cloudwatch.put_metric_alarm(AlarmName="a", Tags=[{"Key": "k", "Value": "first"}], **ALARM)
            cloudwatch.put_metric_alarm(AlarmName="a", Tags=[{"Key": "k", "Value": "second"}], **dict(ALARM, Threshold=2))
            arn = cloudwatch.describe_alarms(AlarmNames=["a"])["MetricAlarms"][0]["AlarmArn"]
            self.assertEqual(2.0, cloudwatch.describe_alarms(AlarmNames=["a"])["MetricAlarms"][0]["Threshold"])
            self.assertEqual([{"Key": "k", "Value": "first"}], cloudwatch.list_tags_for_resource(ResourceARN=arn)["Tags"])


class CloudWatchRpcV2CborTest(testing.EmulatorTestCase):
    """CloudWatch in Smithy RPC v2 CBOR (what the Java SDK speaks), against a real emulator process."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        import botocore.session
        from botocore.parsers import RpcV2CBORParser
        from botocore.serialize import RpcV2CBORSerializer
        cls.model = botocore.session.get_session().get_service_model("cloudwatch")
        cls.serializer = RpcV2CBORSerializer()
        cls.parser = RpcV2CBORParser()

    def call(self, operation, params):
        """(status, headers, decoded CBOR body) of one CBOR request, as botocore would send it."""
        request = self.serializer.serialize_to_request(params, self.model.operation_model(operation))
        headers = dict(request["headers"])
        headers["Authorization"] = ("AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/monitoring/aws4_request, "
                                    "SignedHeaders=host, Signature=0")
        http = urllib.request.Request(self.url + request["url_path"], data=request["body"], headers=headers, method="POST")
        try:
            with urllib.request.urlopen(http) as answer:
                status, answer_headers, body = answer.status, answer.headers, answer.read()
        except urllib.error.HTTPError as error:
            status, answer_headers, body = error.code, error.headers, error.read()
        decoded = self.parser.parse_data_item(self.parser.get_peekable_stream_from_bytes(body)) if body else {}
        return status, answer_headers, decoded

    def test_put_describe_and_an_error_in_cbor(self):
        status, headers, _ = self.call("PutMetricAlarm", dict(AlarmName="tap-cbor-errors", **dict(ALARM, Threshold=1.0)))
        self.assertEqual(200, status)
        self.assertEqual("rpc-v2-cbor", headers["smithy-protocol"])
        self.assertEqual("application/cbor", headers["Content-Type"])
        status, _, body = self.call("DescribeAlarms", {"AlarmNamePrefix": "tap-cbor-"})
        self.assertEqual(200, status)
        alarm = body["MetricAlarms"][0]
        self.assertEqual(("tap-cbor-errors", 1.0, "Sum"), (alarm["AlarmName"], alarm["Threshold"], alarm["Statistic"]))
        status, _, body = self.call("GetDashboard", {"DashboardName": "nope"})
        self.assertEqual(404, status)
        self.assertEqual("ResourceNotFound", body["__type"])
        self.assertIn("does not exist", body["message"])


if __name__ == "__main__":
    unittest.main()

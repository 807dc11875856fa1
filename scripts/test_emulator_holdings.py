"""Tests of the emulator's patches behind what a plan says a destructive change destroys
(scripts/emulation/patches/): S3's storage metrics in CloudWatch, CloudWatch dimensions in any
order, DynamoDB's TableSizeBytes and point-in-time recovery window. In process, with moto's
mock_aws and boto3.

Run: python3 -m unittest discover -s scripts -p 'test_emulator_*.py' -v
"""

import datetime
import os
import sys
import unittest

try:
    import boto3
    from moto import mock_aws
except ImportError as missing:  # pragma: no cover - CI installs moto
    raise unittest.SkipTest(f'moto/boto3 not found ({missing}): pip install "moto[server]"')

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from emulation.patches import cloudwatch, dynamodb, s3  # noqa: E402

REGION = "us-east-1"


def storage_query(query_id, metric, storage, bucket, bucket_first=True):
    dimensions = [{"Name": "BucketName", "Value": bucket}, {"Name": "StorageType", "Value": storage}]
    return {"Id": query_id, "MetricStat": {
        "Metric": {"Namespace": "AWS/S3", "MetricName": metric,
                   "Dimensions": dimensions if bucket_first else list(reversed(dimensions))},
        "Period": 86400, "Stat": "Average"}}


class S3StorageMetricsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        s3.patch_s3_storage_metrics_count_what_aws_counts()
        cloudwatch.patch_cloudwatch_dimensions_match_in_any_order()

    def setUp(self):
        self.mock = mock_aws()
        self.mock.start()
        self.s3 = boto3.client("s3", region_name=REGION)
        self.cloudwatch = boto3.client("cloudwatch", region_name=REGION)

    def tearDown(self):
        self.mock.stop()

    def metrics(self, bucket, bucket_first=True):
        now = datetime.datetime.now(datetime.timezone.utc)
        start = now.replace(hour=0, minute=0, second=0, microsecond=0) - datetime.timedelta(days=3)
        answer = self.cloudwatch.get_metric_data(StartTime=start, EndTime=now, MetricDataQueries=[
            storage_query("objects", "NumberOfObjects", "AllStorageTypes", bucket, bucket_first),
            storage_query("bytes", "BucketSizeBytes", "StandardStorage", bucket, bucket_first)])
        return {r["Id"]: (r["Values"], r["Timestamps"]) for r in answer["MetricDataResults"]}

    def test_every_version_and_delete_marker_counts_and_bytes_are_the_data(self):
        self.s3.create_bucket(Bucket="tap-test-metrics")
        self.s3.put_bucket_versioning(Bucket="tap-test-metrics", VersioningConfiguration={"Status": "Enabled"})
        self.s3.put_object(Bucket="tap-test-metrics", Key="a", Body=b"12345")
        self.s3.put_object(Bucket="tap-test-metrics", Key="a", Body=b"1234567890")
        self.s3.delete_object(Bucket="tap-test-metrics", Key="a")  # a delete marker
        found = self.metrics("tap-test-metrics")
        self.assertEqual([3.0], found["objects"][0])
        self.assertEqual([15.0], found["bytes"][0])
        midnight = found["objects"][1][0].astimezone(datetime.timezone.utc)
        self.assertEqual((0, 0, 0), (midnight.hour, midnight.minute, midnight.second))

    def test_the_order_of_the_dimensions_does_not_matter(self):
        self.s3.create_bucket(Bucket="tap-test-metrics")
        self.s3.put_object(Bucket="tap-test-metrics", Key="a", Body=b"12345")
        self.assertEqual(self.metrics("tap-test-metrics", True), self.metrics("tap-test-metrics", False))
        self.assertEqual([1.0], self.metrics("tap-test-metrics", False)["objects"][0])

    def test_a_bucket_of_another_region_is_not_in_this_regions_metrics(self):
        boto3.client("s3", region_name="eu-west-1").create_bucket(
            Bucket="tap-test-eu", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
        self.assertEqual(([], []), self.metrics("tap-test-eu")["objects"])


class DynamoDbHoldingsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        dynamodb.patch_dynamodb_table_size_is_the_size_of_its_items()
        dynamodb.patch_dynamodb_latest_restorable_time_follows_the_clock()

    def setUp(self):
        self.mock = mock_aws()
        self.mock.start()
        self.dynamodb = boto3.client("dynamodb", region_name=REGION)
        self.dynamodb.create_table(TableName="t", BillingMode="PAY_PER_REQUEST",
                                   KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                                   AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}])

    def tearDown(self):
        self.mock.stop()

    def test_table_size_is_the_size_of_its_items(self):
        self.dynamodb.put_item(TableName="t", Item={"pk": {"S": "a"}, "body": {"S": "xyz"}})
        table = self.dynamodb.describe_table(TableName="t")["Table"]
        self.assertEqual(1, table["ItemCount"])
        self.assertEqual(len("pk") + len("a") + len("body") + len("xyz"), table["TableSizeBytes"])

    def test_the_latest_restorable_time_is_never_before_the_earliest(self):
        self.dynamodb.update_continuous_backups(
            TableName="t", PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True})
        pitr = self.dynamodb.describe_continuous_backups(TableName="t")[
            "ContinuousBackupsDescription"]["PointInTimeRecoveryDescription"]
        self.assertGreaterEqual(pitr["LatestRestorableDateTime"], pitr["EarliestRestorableDateTime"])
        self.assertLessEqual(pitr["LatestRestorableDateTime"], datetime.datetime.now(datetime.timezone.utc))


if __name__ == "__main__":
    unittest.main()

"""The emulator's patches of moto's CloudWatch, one per gap where moto differs from AWS.

Checked against plain moto 5.2.1, matches AWS (no patch):
  - CloudWatch: PutMetricAlarm / DescribeAlarms (AlarmNamePrefix, AlarmNames, Dimensions,
    AlarmActions, TreatMissingData, Threshold as a double); TagResource / ListTagsForResource on
    the alarm ARN; DeleteAlarms.
"""

from ..registry import patch


@patch("cloudwatch", cite="https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html")
def patch_cloudwatch_put_metric_alarm_keeps_tags_of_an_existing_alarm():
    """PutMetricAlarm on an alarm that exists leaves its tags alone.

    AWS: https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html
    (Tags: "If you are using this operation to update an existing alarm, any tags you specify in
    this parameter are ignored. To change the tags of an existing alarm, use TagResource or
    UntagResource."). moto applied them on every put.
    """
    from moto.cloudwatch.models import CloudWatchBackend

    original = CloudWatchBackend.put_metric_alarm

    def put_metric_alarm(self, name, *args, **kwargs):
        if name in self.alarms:
            kwargs["tags"] = None
        return original(self, name, *args, **kwargs)

    CloudWatchBackend.put_metric_alarm = put_metric_alarm


@patch("cloudwatch", cite="https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_concepts.html#Dimension")
def patch_cloudwatch_dimensions_match_in_any_order():
    """GetMetricData / GetMetricStatistics find a metric whatever order its dimensions are given in.

    AWS: https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_concepts.html#Dimension
    (a metric is identified by its namespace, name and the set of its dimensions, name/value
    pairs). moto compares sorted dimension lists, but its Dimension.__lt__ compared a value with
    the other's name, so the sort kept the caller's order and a query listing BucketName before
    StorageType found nothing of S3's storage metrics.
    """
    from moto.cloudwatch.models import Dimension

    def less_than(self, other):
        return (self.name or "", self.value or "") < (other.name or "", other.value or "")

    Dimension.__lt__ = less_than

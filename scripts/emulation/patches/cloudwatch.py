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

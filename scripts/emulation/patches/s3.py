"""The emulator's patches of moto's S3, one per gap where moto differs from AWS.

Checked against plain moto 5.2.1, matches AWS (no patch):
  - S3: CreateBucket of a bucket you own: 200 in us-east-1 (legacy), BucketAlreadyOwnedByYou
    (409) elsewhere; Put/Get of encryption (aws:kms, KMSMasterKeyID, BucketKeyEnabled),
    versioning, public access block, policy, tagging, and their not-found codes
    (ServerSideEncryptionConfigurationNotFoundError, NoSuchPublicAccessBlockConfiguration,
    NoSuchBucketPolicy, NoSuchTagSet); DeleteBucket of a non-empty bucket -> BucketNotEmpty.

Known differences left as they are (harmless for tapctl, or AWS's answer is not documented):
  - S3 ignores policy Conditions for object calls: with a TLS-only Deny policy every object
    call is refused (HTTP 403), which is what AWS does for plain-HTTP requests anyway.
"""

import fnmatch
import json

from ..registry import patch
from .shared import as_list


@patch("s3", cite="https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketPolicy.html")
def patch_s3_bucket_policy_is_checked():
    """PutBucketPolicy refuses a document that is not JSON, has no statements, or names a
    resource outside the bucket or a non-S3 action (MalformedPolicy, HTTP 400).

    AWS: https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketPolicy.html and
    https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html (MalformedPolicy);
    AWS's messages: "Policies must be valid JSON and the first byte must be '{'", "Missing
    required field Statement", "Policy has invalid resource", "Policy has invalid action".
    moto stored anything, and then failed every PutObject with HTTP 500 on a non-JSON policy.
    """
    from moto.s3.exceptions import S3ClientError
    from moto.s3.models import S3Backend

    original = S3Backend.put_bucket_policy

    def malformed(message):
        return S3ClientError("MalformedPolicy", message)

    def put_bucket_policy(self, bucket_name, policy):
        self.get_bucket(bucket_name)  # NoSuchBucket first
        text = policy.decode("utf-8") if isinstance(policy, bytes) else policy
        try:
            doc = json.loads(text)
        except ValueError:
            doc = None
        if not isinstance(doc, dict) or not text.lstrip().startswith("{"):
            raise malformed("Policies must be valid JSON and the first byte must be '{'")
        statements = as_list(doc.get("Statement"))
        if not statements:
            raise malformed("Missing required field Statement")
        bucket_arn = f"arn:aws:s3:::{bucket_name}"
        for st in statements:
            if not isinstance(st, dict):
                raise malformed("Policies must be valid JSON and the first byte must be '{'")
            for resource in as_list(st.get("Resource")) + as_list(st.get("NotResource")):
                if not isinstance(resource, str) or not (
                        resource.startswith(bucket_arn + "/")
                        or fnmatch.fnmatchcase(bucket_arn, resource)
                        or fnmatch.fnmatchcase(bucket_arn + "/key", resource)):
                    raise malformed("Policy has invalid resource")
            for action in as_list(st.get("Action")) + as_list(st.get("NotAction")):
                if not isinstance(action, str) or not (action == "*" or action.lower().startswith("s3:")):
                    raise malformed("Policy has invalid action")
        return original(self, bucket_name, policy)

    S3Backend.put_bucket_policy = put_bucket_policy


@patch("s3", cite="https://docs.aws.amazon.com/AmazonS3/latest/userguide/metrics-dimensions.html")
def patch_s3_storage_metrics_count_what_aws_counts():
    """The daily storage metrics (AWS/S3 NumberOfObjects, BucketSizeBytes) count what AWS counts,
    for the buckets of the region asked.

    AWS: https://docs.aws.amazon.com/AmazonS3/latest/userguide/metrics-dimensions.html
    (NumberOfObjects, StorageType AllStorageTypes: "all objects in the bucket, including current
    and noncurrent objects, delete markers, and the total number of parts for all incomplete
    multipart uploads"; BucketSizeBytes, StorageType StandardStorage: bytes of STANDARD data,
    current and noncurrent versions and incomplete upload parts; both "reported once per day",
    in the bucket's Region). moto published them for every bucket of the partition, counting
    current keys only and sizing them as Python objects (sys.getsizeof). AWS publishes once a
    day; the emulator, like moto, publishes at once, dated midnight UTC of today.
    """
    from moto.cloudwatch.models import MetricDatum
    from moto.core.utils import utcnow
    from moto.s3.models import FakeDeleteMarker, S3Backend, s3_backends
    from moto.utilities.utils import get_partition

    def get_cloudwatch_metrics(cls, account_id, region):
        today = utcnow().replace(hour=0, minute=0, second=0, microsecond=0)
        metrics = []
        for name, bucket in list(s3_backends[account_id][get_partition(region)].buckets.items()):
            if bucket.region_name != region:
                continue
            versions = [v for _, listed in bucket.keys.iterlists() for v in listed]
            parts = [p for upload in list(bucket.multiparts.values()) for p in list(upload.parts.values())]
            objects = len(versions) + len(parts)
            standard = sum(v.size for v in versions + parts
                           if not isinstance(v, FakeDeleteMarker) and (v.storage_class or "STANDARD") == "STANDARD")
            for metric, value, storage, unit in (("BucketSizeBytes", standard, "StandardStorage", "Bytes"),
                                                 ("NumberOfObjects", objects, "AllStorageTypes", "Count")):
                metrics.append(MetricDatum(
                    namespace="AWS/S3", name=metric, value=value,
                    dimensions=[{"Name": "StorageType", "Value": storage}, {"Name": "BucketName", "Value": name}],
                    timestamp=today, unit=unit))
        return metrics

    S3Backend.get_cloudwatch_metrics = classmethod(get_cloudwatch_metrics)

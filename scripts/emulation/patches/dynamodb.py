"""The emulator's patches of moto's DynamoDB, one per gap where moto differs from AWS.

Checked against plain moto 5.2.1, matches AWS (no patch):
  - DynamoDB: CreateTable PAY_PER_REQUEST, DeletionProtectionEnabled, Tags; DescribeTable
    BillingModeSummary, DeletionProtectionEnabled; Update/DescribeContinuousBackups;
    UpdateTable DeletionProtectionEnabled; tags; unknown table -> ResourceNotFoundException
    (TableNotFoundException for the backup APIs); the SDK waiter TableExists.

Known differences left as they are (harmless for tapctl, or AWS's answer is not documented):
  - DynamoDB DeleteTable answers TableStatus ACTIVE (AWS: DELETING); the table is gone at once.
"""

import threading

from ..registry import patch
from .shared import kms_aws_managed_key, kms_key_or_none


@patch("dynamodb", cite="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_CreateTable.html")
def patch_dynamodb_create_table_is_atomic():
    """CreateTable of a name that exists fails with ResourceInUseException (DynamoDB API
    Reference, CreateTable), however close together two requests come. moto checks the name and
    then stores the table, and its server answers requests on threads: two runs racing to create
    the lock table could both succeed, each writing its lock item into its own copy, and both
    would hold the lock. One lock makes the check and the store one step, as on AWS."""
    from moto.dynamodb.models import DynamoDBBackend

    original = DynamoDBBackend.create_table
    guard = threading.Lock()

    def create_table(self, *args, **kwargs):
        with guard:
            return original(self, *args, **kwargs)

    DynamoDBBackend.create_table = create_table


def _dynamodb_sse(account_id, region, sse):
    """The SSE settings a table keeps for an SSESpecification, None for the AWS owned key.

    AWS: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_SSESpecification.html
    (Enabled false or absent: AWS owned key; true: KMS, with KMSMasterKeyId "key ID, ARN,
    alias name, or alias ARN", else the AWS managed key alias/aws/dynamodb) and
    .../API_SSEDescription.html (KMSMasterKeyArn: "The KMS key ARN").
    """
    from moto.dynamodb.exceptions import MockValidationException

    if not sse or not sse.get("Enabled"):
        return None
    key_id = sse.get("KMSMasterKeyId")
    if key_id:
        key = kms_key_or_none(account_id, region, key_id)
        if key is None or key.key_state != "Enabled":
            # The code is AWS's (API_CreateTable / API_UpdateTable validation); the wording is ours.
            raise MockValidationException(
                f"KMSMasterKeyId {key_id} does not name an enabled KMS key in {region}.")
    else:
        key = kms_aws_managed_key(account_id, region, "dynamodb")
    return {"Enabled": True, "SSEType": "KMS", "KMSMasterKeyId": key.arn}


@patch("dynamodb", cite="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_SSEDescription.html")
def patch_dynamodb_sse_key_is_an_arn():
    """CreateTable: SSEDescription.KMSMasterKeyArn is the key ARN; an unknown or disabled key
    is refused (see _dynamodb_sse). moto returned the key id or alias as given as
    "KMSMasterKeyArn", and the ARN of a key that does not exist.
    """
    from moto.dynamodb.models import DynamoDBBackend

    original = DynamoDBBackend.create_table

    def create_table(self, name, **params):
        if params.get("sse_specification") is not None:
            params["sse_specification"] = _dynamodb_sse(
                self.account_id, self.region_name, params["sse_specification"])
        return original(self, name, **params)

    DynamoDBBackend.create_table = create_table


@patch("dynamodb", cite="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateTable.html")
def patch_dynamodb_update_table_sse():
    """UpdateTable applies SSESpecification (moto ignored it: the old key stayed).

    AWS: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateTable.html
    (SSESpecification: "The new server-side encryption settings for the specified table";
    switching to another KMS key, to the AWS managed key or back to the AWS owned key with
    Enabled false). The change is at once ENABLED here (AWS shows UPDATING for a while).
    """
    from moto.dynamodb.responses import DynamoHandler

    original = DynamoHandler.update_table

    def update_table(self):
        sse = self.body.get("SSESpecification")
        if sse is not None:
            table = self.dynamodb_backend.get_table(self.body["TableName"])
            table.sse_specification = _dynamodb_sse(self.current_account, self.region, sse)
        return original(self)

    DynamoHandler.update_table = update_table


@patch("dynamodb",
       cite="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/WorkingWithTables.Basics.html#WorkingWithTables.Basics.DeletionProtection")
def patch_dynamodb_deletion_protection_message():
    """DeleteTable on a table with deletion protection: AWS's ValidationException message.

    AWS: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/WorkingWithTables.Basics.html#WorkingWithTables.Basics.DeletionProtection
    (a protected table cannot be deleted); AWS answers ValidationException "Resource cannot be
    deleted as it is currently protected against deletion. Disable deletion protection
    first." moto had the right code but its own wording ("1 validation error detected: Table
    'x' can't be deleted while DeletionProtectionEnabled is set to True").
    """
    import moto.dynamodb.exceptions as ddb_exceptions
    import moto.dynamodb.models as ddb_models

    class DeletionProtectedException(ddb_exceptions.MockValidationException):
        def __init__(self, table_name):
            super().__init__("Resource cannot be deleted as it is currently protected against "
                             "deletion. Disable deletion protection first.")

    ddb_models.DeletionProtectedException = DeletionProtectedException


@patch("dynamodb", cite="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Tag.html")
def patch_dynamodb_tag_resource_overwrites_by_key():
    """TagResource on a key the table already has replaces its value; TagResource /
    UntagResource on a table that does not exist -> ResourceNotFoundException.

    AWS: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Tag.html ("Each
    DynamoDB table can only have up to one tag with the same key. If you try to add an existing
    tag (same key), the existing tag value will be updated to the new value.") and
    .../API_TagResource.html (Errors: ResourceNotFoundException). moto appended a second
    entry with the same key, so ListTagsOfResource answered both values, and its paging
    (NextToken = the last key of a page, resumed after the first entry with that key) looped
    for ever once a table had more than ten entries; a missing table was tagged silently.
    """
    from moto.dynamodb.exceptions import ResourceNotFoundException
    from moto.dynamodb.models import DynamoDBBackend

    def table_for(self, table_arn):
        for table in self.tables.values():
            if table.table_arn == table_arn:
                return table
        raise ResourceNotFoundException()

    def tag_resource(self, table_arn, tags):
        table = table_for(self, table_arn)
        merged = {tag["Key"]: tag["Value"] for tag in table.tags}
        merged.update({tag["Key"]: tag["Value"] for tag in tags})
        table.tags = [{"Key": key, "Value": value} for key, value in merged.items()]

    def untag_resource(self, table_arn, tag_keys):
        table = table_for(self, table_arn)
        table.tags = [tag for tag in table.tags if tag["Key"] not in tag_keys]

    DynamoDBBackend.tag_resource = tag_resource
    DynamoDBBackend.untag_resource = untag_resource


@patch("dynamodb", cite="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TableDescription.html")
def patch_dynamodb_table_size_is_the_size_of_its_items():
    """DescribeTable's TableSizeBytes is the size of the table's items (moto answered 0 always).

    AWS: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TableDescription.html
    (TableSizeBytes: "The total size of the specified table, in bytes. DynamoDB updates this value
    approximately every six hours."; ItemCount likewise) and, for an item's size, .../developerguide/
    CapacityUnitCalculations.html (attribute names plus values), which moto's Item.size() follows.
    AWS lags by up to six hours; the emulator, like moto's ItemCount, answers at once.
    """
    from moto.dynamodb.models.table import Table

    original = Table.describe

    def describe(self, *args, **kwargs):
        results = original(self, *args, **kwargs)
        for description in results.values():
            if isinstance(description, dict) and "TableSizeBytes" in description:
                description["TableSizeBytes"] = sum(item.size() for item in self.all_items())
        return results

    Table.describe = describe


@patch("dynamodb", cite="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_PointInTimeRecoveryDescription.html")
def patch_dynamodb_latest_restorable_time_follows_the_clock():
    """DescribeContinuousBackups: LatestRestorableDateTime moves with the clock, about five minutes
    behind it (moto kept the time recovery was turned on).

    AWS: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_PointInTimeRecoveryDescription.html
    (LatestRestorableDateTime: "typically 5 minutes before the current time"), never before
    EarliestRestorableDateTime.
    """
    from moto.core.utils import unix_time
    from moto.dynamodb.models import DynamoDBBackend

    original = DynamoDBBackend.describe_continuous_backups

    def describe_continuous_backups(self, table_name):
        answer = original(self, table_name)
        pitr = answer.get("PointInTimeRecoveryDescription", {})
        if pitr.get("PointInTimeRecoveryStatus") == "ENABLED" and "EarliestRestorableDateTime" in pitr:
            answer = dict(answer)
            answer["PointInTimeRecoveryDescription"] = dict(
                pitr, LatestRestorableDateTime=max(pitr["EarliestRestorableDateTime"], unix_time() - 300))
        return answer

    DynamoDBBackend.describe_continuous_backups = describe_continuous_backups

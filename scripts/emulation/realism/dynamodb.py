"""Realism: a DynamoDB table is CREATING for a while after CreateTable."""

import time

from .core import Behaviour, json_error


def _dynamodb_table(value):
    value = value or ""
    return value.split(":table/", 1)[1].split("/", 1)[0] if ":table/" in value else value


class DynamoDbTableCreating(Behaviour):
    """TableStatus "CREATING" for `dynamodb_creating` seconds after CreateTable: DescribeTable
    shows it (counter dynamodb.creating), and so does the CreateTable answer. UpdateTable,
    UpdateContinuousBackups and DeleteTable meanwhile -> HTTP 400 ResourceInUseException
    "Attempt to change a resource which is still in use: Table is being created: NAME"
    (counter dynamodb.resource_in_use). The SDK waiter TableExists polls DescribeTable until
    ACTIVE.

    AWS: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_CreateTable.html
    ("CreateTable is an asynchronous operation. Upon receiving a CreateTable request, DynamoDB
    immediately returns a response with a TableStatus of CREATING. After the table is created,
    DynamoDB sets the TableStatus to ACTIVE") and
    https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html
    (ResourceInUseException: "You tried to re-create an existing table, or delete a table
    currently in the CREATING state"); the message is the one DynamoDB answers.
    """

    def __init__(self, realism):
        super().__init__(realism)
        self.creating = {}  # (account, region, table) -> time of CreateTable

    def before(self, call):
        if call.service != "dynamodb" or call.action not in ("UpdateTable", "UpdateContinuousBackups", "DeleteTable"):
            return None
        table = _dynamodb_table(call.json.get("TableName"))
        if self.within(self.creating.get((call.account, call.region, table)), "dynamodb_creating"):
            self.count("dynamodb.resource_in_use")
            return json_error("com.amazonaws.dynamodb.v20120810#ResourceInUseException",
                              f"Attempt to change a resource which is still in use: Table is being created: {table}")
        return None

    def after(self, call, reply):
        if call.service != "dynamodb" or not reply.ok:
            return
        key = (call.account, call.region, _dynamodb_table(call.json.get("TableName")))
        if call.action == "CreateTable":
            self.creating[key] = time.monotonic()
            field = "TableDescription"
        elif call.action == "DeleteTable":
            self.creating.pop(key, None)
            return
        elif call.action == "DescribeTable":
            field = "Table"
        else:
            return
        if not self.within(self.creating.get(key), "dynamodb_creating"):
            return
        answer = reply.json()
        if isinstance(answer, dict) and isinstance(answer.get(field), dict):
            answer[field]["TableStatus"] = "CREATING"
            reply.set_json(answer)
            if call.action == "DescribeTable":
                self.count("dynamodb.creating")

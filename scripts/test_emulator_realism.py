"""Tests of the emulator's realism mode (scripts/emulation/realism/), against a real
scripts/emulator.py process on a loopback port, with boto3 (which moto brings).

Run: python3 -m unittest discover -s scripts -p 'test_emulator_*.py' -v

Each test resets the emulator (POST /moto-api/reset, which also puts realism back to its launch
default, off) and switches realism on with short windows, then checks that the behaviour fires
with AWS's error code, stops once its window has passed, and is counted.
"""

import io
import json
import time
import unittest
import urllib.error
import urllib.request
import zipfile

try:
    from botocore.exceptions import ClientError
    import moto.server  # noqa: F401  (the emulator needs it; boto3 comes with moto)
except ImportError as missing:  # pragma: no cover - CI installs moto
    raise unittest.SkipTest(f'moto/boto3 not found ({missing}): pip install "moto[server]"')

from emulation import testing  # noqa: E402

SHORT = {"iam_propagation": 1, "ec2_consistency": 1, "kms_consistency": 1, "lambda_pending": 1,
         "lambda_update": 1, "rds_creating": 1, "rds_modifying": 1, "rds_deleting": 1,
         "dynamodb_creating": 1, "ec2_pending": 1, "ec2_shutting_down": 1, "nat_pending": 1, "nat_deleting": 1,
         "sqs_queue_name_reuse": 2}
PAST = 1.2  # seconds: past a 1 s window
FAST_WAIT = {"Delay": 0.3, "MaxAttempts": 40}
LAMBDA_TRUST = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]})
APIGW_TRUST = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "apigateway.amazonaws.com"}, "Action": "sts:AssumeRole"}]})
EC2_TRUST = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]})
# The actions of AmazonAPIGatewayPushToCloudWatchLogs, which UpdateAccount requires of the role
# ("Set up CloudWatch logging for REST APIs in API Gateway").
APIGW_LOGS_POLICY = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:DescribeLogGroups",
                                   "logs:DescribeLogStreams", "logs:PutLogEvents", "logs:GetLogEvents",
                                   "logs:FilterLogEvents"], "Resource": "*"}]})
SQS_POLICY = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "*"}]})
AMI = "ami-12c6146b"  # one of the public AMIs moto knows


def _zip():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("index.py", "def handler(event, context):\n    return None\n")
    return buffer.getvalue()


class EmulatorRealismTest(testing.EmulatorTestCase):
    # Helpers -------------------------------------------------------------------------

    def http(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.url + path, data=data, method=method,
                                         headers={"Content-Type": "application/json"})
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        try:
            with opener.open(request, timeout=30) as response:
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"null")

    def realism(self, enabled=True, windows=None):
        status, answer = self.http("POST", "/_tapctl/realism",
                                   {"enabled": enabled, "windows": dict(SHORT, **(windows or {}))})
        self.assertEqual(200, status, answer)
        return answer

    def counts(self):
        return self.http("GET", "/_tapctl/realism")[1]["counts"]

    def setUp(self):
        status, _ = self.http("POST", "/moto-api/reset")
        self.assertEqual(200, status)

    def network(self):
        """A VPC with two subnets in two zones and a security group (created with realism off)."""
        ec2 = self.client("ec2")
        vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
        a = ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.1.0/24", AvailabilityZone="us-east-1a")["Subnet"]["SubnetId"]
        b = ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.2.0/24", AvailabilityZone="us-east-1b")["Subnet"]["SubnetId"]
        group = ec2.create_security_group(GroupName="g", Description="d", VpcId=vpc)["GroupId"]
        return vpc, a, b, group

    # Control interface ---------------------------------------------------------------

    def test_control_interface_defaults_set_and_reset(self):
        status, answer = self.http("GET", "/_tapctl/realism")
        self.assertEqual(200, status)
        self.assertFalse(answer["enabled"])
        self.assertEqual(5, answer["windows"]["iam_propagation"])
        self.assertEqual(60, answer["windows"]["sqs_queue_name_reuse"])
        self.assertEqual(14, len(answer["windows"]))
        self.assertEqual(0, answer["counts"]["ec2.not_found"])
        self.assertEqual(0, answer["counts"]["apigateway.too_many_requests.Total"])

        status, answer = self.http("POST", "/_tapctl/realism", {"enabled": True, "windows": {"iam_propagation": 2}})
        self.assertEqual(200, status)
        self.assertTrue(answer["enabled"])
        self.assertEqual(2, answer["windows"]["iam_propagation"])
        self.assertEqual(2, answer["windows"]["ec2_consistency"])  # the others keep their defaults

        status, answer = self.http("POST", "/_tapctl/realism", {"windows": {"no_such_window": 1}})
        self.assertEqual(400, status)
        self.assertIn("no_such_window", answer["message"])
        self.assertTrue(self.http("GET", "/_tapctl/realism")[1]["enabled"])  # a refused POST changes nothing

        ec2 = self.client("ec2")
        vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
        self.assertError("InvalidVpcID.NotFound", ec2.describe_vpcs, VpcIds=[vpc])
        self.assertEqual(1, self.counts()["ec2.not_found"])

        self.http("POST", "/moto-api/reset")
        answer = self.http("GET", "/_tapctl/realism")[1]
        self.assertFalse(answer["enabled"])
        self.assertEqual(5, answer["windows"]["iam_propagation"])
        self.assertEqual(0, answer["counts"]["ec2.not_found"])

    def test_setting_clears_counts_and_state(self):
        self.realism()
        ec2 = self.client("ec2")
        vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
        self.assertError("InvalidVpcID.NotFound", ec2.describe_vpcs, VpcIds=[vpc])
        answer = self.realism()
        self.assertEqual(0, answer["counts"]["ec2.not_found"])
        self.assertEqual(vpc, ec2.describe_vpcs(VpcIds=[vpc])["Vpcs"][0]["VpcId"])  # forgotten: visible

    def test_off_changes_nothing(self):
        iam, lam, rds, ddb, sqs = (self.client(s) for s in ("iam", "lambda", "rds", "dynamodb", "sqs"))
        role = iam.create_role(RoleName="r", AssumeRolePolicyDocument=LAMBDA_TRUST)["Role"]["Arn"]
        lam.create_function(FunctionName="f", Runtime="python3.12", Role=role, Handler="index.handler",
                            Code={"ZipFile": _zip()})
        config = lam.get_function(FunctionName="f")["Configuration"]
        self.assertEqual(("Active", "Successful"), (config["State"], config["LastUpdateStatus"]))
        lam.update_function_configuration(FunctionName="f", Timeout=5)
        lam.update_function_configuration(FunctionName="f", Timeout=6)
        ec2 = self.client("ec2")
        vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
        ec2.describe_vpcs(VpcIds=[vpc])
        ddb.create_table(TableName="t", AttributeDefinitions=[{"AttributeName": "k", "AttributeType": "S"}],
                         KeySchema=[{"AttributeName": "k", "KeyType": "HASH"}], BillingMode="PAY_PER_REQUEST")
        self.assertEqual("ACTIVE", ddb.describe_table(TableName="t")["Table"]["TableStatus"])
        url = sqs.create_queue(QueueName="q")["QueueUrl"]
        sqs.delete_queue(QueueUrl=url)
        sqs.create_queue(QueueName="q")
        apigw = self.client("apigateway")
        apigw.create_rest_api(name="a")
        apigw.create_rest_api(name="b")
        self.assertEqual(0, sum(self.counts().values()))

    # 1. IAM ---------------------------------------------------------------------------

    def test_iam_new_role_cannot_be_assumed_by_lambda_at_once(self):
        self.realism()
        iam, lam = self.client("iam"), self.client("lambda")
        role = iam.create_role(RoleName="r", AssumeRolePolicyDocument=LAMBDA_TRUST)["Role"]["Arn"]
        error = self.assertError("InvalidParameterValueException", lam.create_function, FunctionName="f",
                                 Runtime="python3.12", Role=role, Handler="index.handler", Code={"ZipFile": _zip()})
        self.assertEqual("The role defined for the function cannot be assumed by Lambda.",
                         error.response["Error"]["Message"])
        self.assertEqual(1, self.counts()["iam.lambda_role_not_assumable"])
        time.sleep(PAST)
        lam.create_function(FunctionName="f", Runtime="python3.12", Role=role, Handler="index.handler",
                            Code={"ZipFile": _zip()})

    def test_iam_new_policy_does_not_allow_the_dead_letter_queue_at_once(self):
        iam, lam, sqs = self.client("iam"), self.client("lambda"), self.client("sqs")
        role = iam.create_role(RoleName="r", AssumeRolePolicyDocument=LAMBDA_TRUST)["Role"]["Arn"]
        queue = sqs.get_queue_attributes(QueueUrl=sqs.create_queue(QueueName="dlq")["QueueUrl"],
                                         AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        self.realism()
        iam.put_role_policy(RoleName="r", PolicyName="dlq", PolicyDocument=SQS_POLICY)
        error = self.assertError("InvalidParameterValueException", lam.create_function, FunctionName="f",
                                 Runtime="python3.12", Role=role, Handler="index.handler", Code={"ZipFile": _zip()},
                                 DeadLetterConfig={"TargetArn": queue})
        self.assertIn("does not have permissions to call SendMessage on SQS", error.response["Error"]["Message"])
        lam.create_function(FunctionName="f", Runtime="python3.12", Role=role, Handler="index.handler",
                            Code={"ZipFile": _zip()})  # without a dead-letter queue it is fine
        self.assertEqual(1, self.counts()["iam.lambda_dlq_send_message"])
        time.sleep(PAST)
        lam.update_function_configuration(FunctionName="f", DeadLetterConfig={"TargetArn": queue})

    def test_iam_new_instance_profile_is_invalid_for_run_instances_at_once(self):
        iam, ec2 = self.client("iam"), self.client("ec2")
        iam.create_role(RoleName="r", AssumeRolePolicyDocument=EC2_TRUST)
        self.realism()
        arn = iam.create_instance_profile(InstanceProfileName="p")["InstanceProfile"]["Arn"]
        iam.add_role_to_instance_profile(InstanceProfileName="p", RoleName="r")
        error = self.assertError("InvalidParameterValue", ec2.run_instances, ImageId=AMI, MinCount=1, MaxCount=1,
                                 IamInstanceProfile={"Name": "p"})
        self.assertEqual("Value (p) for parameter iamInstanceProfile.name is invalid. Invalid IAM Instance Profile name",
                         error.response["Error"]["Message"])
        error = self.assertError("InvalidParameterValue", ec2.run_instances, ImageId=AMI, MinCount=1, MaxCount=1,
                                 IamInstanceProfile={"Arn": arn})
        self.assertIn("iamInstanceProfile.arn is invalid. Invalid IAM Instance Profile ARN",
                      error.response["Error"]["Message"])
        self.assertEqual(2, self.counts()["iam.ec2_instance_profile"])
        time.sleep(PAST)
        ec2.run_instances(ImageId=AMI, MinCount=1, MaxCount=1, IamInstanceProfile={"Name": "p"})

    def test_iam_new_role_is_refused_as_the_api_gateway_account_role_at_once(self):
        self.realism()
        iam, apigw = self.client("iam"), self.client("apigateway")
        role = iam.create_role(RoleName="r", AssumeRolePolicyDocument=APIGW_TRUST)["Role"]["Arn"]
        iam.put_role_policy(RoleName="r", PolicyName="logs", PolicyDocument=APIGW_LOGS_POLICY)
        error = self.assertError("BadRequestException", apigw.update_account,
                                 patchOperations=[{"op": "replace", "path": "/cloudwatchRoleArn", "value": role}])
        self.assertIn("does not have required permissions configured", error.response["Error"]["Message"])
        self.assertEqual(1, self.counts()["iam.apigateway_account_role"])

    def test_iam_role_is_accepted_as_the_api_gateway_account_role_after_the_window(self):
        # Its own test: UpdateAccount has a quota of 1 per 20 s, which the refused call above took.
        self.realism()
        iam, apigw = self.client("iam"), self.client("apigateway")
        role = iam.create_role(RoleName="r", AssumeRolePolicyDocument=APIGW_TRUST)["Role"]["Arn"]
        iam.put_role_policy(RoleName="r", PolicyName="logs", PolicyDocument=APIGW_LOGS_POLICY)
        time.sleep(PAST)
        apigw.update_account(patchOperations=[{"op": "replace", "path": "/cloudwatchRoleArn", "value": role}])
        self.assertEqual(0, self.counts()["iam.apigateway_account_role"])

    # 2. EC2 eventual consistency ------------------------------------------------------

    def test_ec2_new_ids_are_not_found_at_first(self):
        self.realism()
        ec2 = self.client("ec2")
        vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
        error = self.assertError("InvalidVpcID.NotFound", ec2.describe_vpcs, VpcIds=[vpc])
        self.assertEqual(f"The vpc ID '{vpc}' does not exist", error.response["Error"]["Message"])
        self.assertError("InvalidVpcID.NotFound", ec2.create_subnet, VpcId=vpc, CidrBlock="10.0.1.0/24")
        self.assertError("InvalidVpcID.NotFound", ec2.create_tags, Resources=[vpc], Tags=[{"Key": "k", "Value": "v"}])
        # Filters never hide anything (tag and id filters alike).
        self.assertEqual(1, len(ec2.describe_vpcs(Filters=[{"Name": "vpc-id", "Values": [vpc]}])["Vpcs"]))
        time.sleep(PAST)
        subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.1.0/24")["Subnet"]["SubnetId"]
        group = ec2.create_security_group(GroupName="g", Description="d", VpcId=vpc)["GroupId"]
        table = ec2.create_route_table(VpcId=vpc)["RouteTable"]["RouteTableId"]
        gateway = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
        self.assertError("InvalidSubnetID.NotFound", ec2.describe_subnets, SubnetIds=[subnet])
        error = self.assertError("InvalidGroup.NotFound", ec2.describe_security_groups, GroupIds=[group])
        self.assertEqual(f"The security group '{group}' does not exist", error.response["Error"]["Message"])
        self.assertError("InvalidRouteTableID.NotFound", ec2.associate_route_table, RouteTableId=table, SubnetId=vpc)
        error = self.assertError("InvalidInternetGatewayID.NotFound", ec2.attach_internet_gateway,
                                 InternetGatewayId=gateway, VpcId=vpc)
        self.assertEqual(f"The internetGateway ID '{gateway}' does not exist", error.response["Error"]["Message"])
        self.assertEqual(7, self.counts()["ec2.not_found"])
        time.sleep(PAST)
        ec2.describe_security_groups(GroupIds=[group])
        ec2.associate_route_table(RouteTableId=table, SubnetId=subnet)
        ec2.attach_internet_gateway(InternetGatewayId=gateway, VpcId=vpc)
        self.assertEqual(7, self.counts()["ec2.not_found"])

    # 3. KMS eventual consistency ------------------------------------------------------

    def test_kms_new_key_is_not_found_at_first(self):
        self.realism()
        kms = self.client("kms")
        key = kms.create_key()["KeyMetadata"]
        error = self.assertError("NotFoundException", kms.describe_key, KeyId=key["KeyId"])
        self.assertEqual(f"Key '{key['Arn']}' does not exist", error.response["Error"]["Message"])
        self.assertError("NotFoundException", kms.enable_key_rotation, KeyId=key["Arn"])
        self.assertError("NotFoundException", kms.create_alias, AliasName="alias/a", TargetKeyId=key["KeyId"])
        self.assertEqual(3, self.counts()["kms.not_found"])
        time.sleep(PAST)
        kms.describe_key(KeyId=key["KeyId"])
        kms.create_alias(AliasName="alias/a", TargetKeyId=key["KeyId"])

    # 4. Lambda states ----------------------------------------------------------------

    def test_lambda_pending_then_update_in_progress(self):
        iam, lam = self.client("iam"), self.client("lambda")
        role = iam.create_role(RoleName="r", AssumeRolePolicyDocument=LAMBDA_TRUST)["Role"]["Arn"]
        self.realism()
        created = lam.create_function(FunctionName="f", Runtime="python3.12", Role=role, Handler="index.handler",
                                      Code={"ZipFile": _zip()})
        self.assertEqual("Pending", created["State"])
        config = lam.get_function(FunctionName="f")["Configuration"]
        self.assertEqual(("Pending", "The function is being created.", "Creating"),
                         (config["State"], config["StateReason"], config["StateReasonCode"]))
        self.assertEqual("Pending", lam.get_function_configuration(FunctionName="f")["State"])
        error = self.assertError("ResourceConflictException", lam.update_function_configuration,
                                 FunctionName="f", Timeout=5)
        self.assertIn("The function is currently in the following state: Pending", error.response["Error"]["Message"])
        lam.get_waiter("function_active_v2").wait(FunctionName="f", WaiterConfig=FAST_WAIT)

        lam.update_function_configuration(FunctionName="f", Timeout=5)
        config = lam.get_function(FunctionName="f")["Configuration"]
        self.assertEqual(("Active", "InProgress"), (config["State"], config["LastUpdateStatus"]))
        error = self.assertError("ResourceConflictException", lam.update_function_code,
                                 FunctionName="f", ZipFile=_zip())
        self.assertEqual("The operation cannot be performed at this time. An update is in progress for resource: "
                         "arn:aws:lambda:us-east-1:123456789012:function:f", error.response["Error"]["Message"])
        lam.get_waiter("function_updated_v2").wait(FunctionName="f", WaiterConfig=FAST_WAIT)
        self.assertEqual("Successful", lam.get_function(FunctionName="f")["Configuration"]["LastUpdateStatus"])
        lam.update_function_code(FunctionName="f", ZipFile=_zip())
        counts = self.counts()
        self.assertGreaterEqual(counts["lambda.pending"], 2)
        self.assertGreaterEqual(counts["lambda.update_in_progress"], 1)
        self.assertEqual(2, counts["lambda.conflict"])

    # 5. RDS states -------------------------------------------------------------------

    def test_rds_creating_modifying_deleting(self):
        _, a, b, group = self.network()
        rds, ec2 = self.client("rds"), self.client("ec2")
        rds.create_db_subnet_group(DBSubnetGroupName="g", DBSubnetGroupDescription="d", SubnetIds=[a, b])
        self.realism()
        rds.create_db_instance(DBInstanceIdentifier="db1", DBInstanceClass="db.t3.micro", Engine="postgres",
                               MasterUsername="u", MasterUserPassword="password123", AllocatedStorage=20,
                               DBSubnetGroupName="g", VpcSecurityGroupIds=[group])
        instance = rds.describe_db_instances(DBInstanceIdentifier="db1")["DBInstances"][0]
        self.assertEqual("creating", instance["DBInstanceStatus"])
        self.assertNotIn("Endpoint", instance)
        error = self.assertError("InvalidDBInstanceState", rds.modify_db_instance, DBInstanceIdentifier="db1",
                                 DeletionProtection=False, ApplyImmediately=True)
        self.assertEqual("Instance db1 is not in available state.", error.response["Error"]["Message"])
        rds.get_waiter("db_instance_available").wait(DBInstanceIdentifier="db1", WaiterConfig=FAST_WAIT)
        self.assertIn("Endpoint", rds.describe_db_instances(DBInstanceIdentifier="db1")["DBInstances"][0])

        rds.modify_db_instance(DBInstanceIdentifier="db1", BackupRetentionPeriod=3, ApplyImmediately=True)
        self.assertEqual("modifying", rds.describe_db_instances()["DBInstances"][0]["DBInstanceStatus"])
        self.assertError("InvalidDBInstanceState", rds.delete_db_instance, DBInstanceIdentifier="db1",
                         FinalDBSnapshotIdentifier="final1")
        rds.get_waiter("db_instance_available").wait(DBInstanceIdentifier="db1", WaiterConfig=FAST_WAIT)

        rds.delete_db_instance(DBInstanceIdentifier="db1", FinalDBSnapshotIdentifier="final1")
        self.assertEqual("deleting", rds.describe_db_instances(DBInstanceIdentifier="db1")["DBInstances"][0]
                         ["DBInstanceStatus"])
        self.assertEqual(["db1"], [i["DBInstanceIdentifier"] for i in rds.describe_db_instances()["DBInstances"]])
        error = self.assertError("InvalidDBSubnetGroupStateFault", rds.delete_db_subnet_group, DBSubnetGroupName="g")
        self.assertEqual("Cannot delete the subnet group 'g' because at least one database instance: db1 is still "
                         "using it.", error.response["Error"]["Message"])
        error = self.assertError("DependencyViolation", ec2.delete_security_group, GroupId=group)
        self.assertEqual(f"resource {group} has a dependent object", error.response["Error"]["Message"])
        self.assertError("InvalidDBInstanceState", rds.delete_db_instance, DBInstanceIdentifier="db1",
                         SkipFinalSnapshot=True)
        self.assertEqual(1, len(rds.describe_db_snapshots(DBSnapshotIdentifier="final1")["DBSnapshots"]))
        rds.get_waiter("db_instance_deleted").wait(DBInstanceIdentifier="db1", WaiterConfig=FAST_WAIT)
        self.assertError("DBInstanceNotFound", rds.describe_db_instances, DBInstanceIdentifier="db1")
        rds.delete_db_subnet_group(DBSubnetGroupName="g")
        ec2.delete_security_group(GroupId=group)
        counts = self.counts()
        for name in ("rds.creating", "rds.modifying", "rds.deleting"):
            self.assertGreaterEqual(counts[name], 1, name)
        self.assertEqual(3, counts["rds.invalid_state"])
        self.assertEqual(1, counts["ec2.dependency_violation"])

    # 6. DynamoDB ---------------------------------------------------------------------

    def test_dynamodb_table_creating(self):
        self.realism()
        ddb = self.client("dynamodb")
        created = ddb.create_table(TableName="t", AttributeDefinitions=[{"AttributeName": "k", "AttributeType": "S"}],
                                   KeySchema=[{"AttributeName": "k", "KeyType": "HASH"}], BillingMode="PAY_PER_REQUEST")
        self.assertEqual("CREATING", created["TableDescription"]["TableStatus"])
        self.assertEqual("CREATING", ddb.describe_table(TableName="t")["Table"]["TableStatus"])
        error = self.assertError("ResourceInUseException", ddb.update_table, TableName="t",
                                 DeletionProtectionEnabled=True)
        self.assertEqual("Attempt to change a resource which is still in use: Table is being created: t",
                         error.response["Error"]["Message"])
        self.assertError("ResourceInUseException", ddb.update_continuous_backups, TableName="t",
                         PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True})
        self.assertError("ResourceInUseException", ddb.delete_table, TableName="t")
        ddb.get_waiter("table_exists").wait(TableName="t", WaiterConfig=FAST_WAIT)
        ddb.update_continuous_backups(TableName="t", PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True})
        counts = self.counts()
        self.assertGreaterEqual(counts["dynamodb.creating"], 1)
        self.assertEqual(3, counts["dynamodb.resource_in_use"])

    # 7. EC2 instances ----------------------------------------------------------------

    def test_ec2_instance_pending_then_shutting_down_holding_its_subnet_and_groups(self):
        _, subnet, _, group = self.network()
        self.realism()
        ec2 = self.client("ec2")
        instance = ec2.run_instances(ImageId=AMI, MinCount=1, MaxCount=1, SubnetId=subnet,
                                     SecurityGroupIds=[group])["Instances"][0]["InstanceId"]

        def state(**filters):
            found = ec2.describe_instances(**filters)["Reservations"]
            return [i["State"]["Name"] for r in found for i in r["Instances"]]

        self.assertEqual(["pending"], state(InstanceIds=[instance]))
        self.assertEqual(["pending"], state(Filters=[{"Name": "instance-state-name", "Values": ["pending"]}]))
        self.assertEqual([], state(Filters=[{"Name": "instance-state-name", "Values": ["running"]}]))
        ec2.get_waiter("instance_running").wait(InstanceIds=[instance], WaiterConfig=FAST_WAIT)
        error = self.assertError("DependencyViolation", ec2.delete_subnet, SubnetId=subnet)
        self.assertEqual(f"The subnet '{subnet}' has dependencies and cannot be deleted.",
                         error.response["Error"]["Message"])

        ec2.terminate_instances(InstanceIds=[instance])
        self.assertEqual(["shutting-down"], state(InstanceIds=[instance]))
        self.assertEqual(["shutting-down"], state(Filters=[{"Name": "instance-state-name",
                                                            "Values": ["pending", "running", "shutting-down"]}]))
        self.assertEqual([], state(Filters=[{"Name": "instance-state-name", "Values": ["terminated"]}]))
        self.assertError("DependencyViolation", ec2.delete_subnet, SubnetId=subnet)
        error = self.assertError("DependencyViolation", ec2.delete_security_group, GroupId=group)
        self.assertEqual(f"resource {group} has a dependent object", error.response["Error"]["Message"])
        ec2.get_waiter("instance_terminated").wait(InstanceIds=[instance], WaiterConfig=FAST_WAIT)
        ec2.delete_security_group(GroupId=group)
        ec2.delete_subnet(SubnetId=subnet)
        counts = self.counts()
        self.assertGreaterEqual(counts["ec2.pending"], 2)
        self.assertGreaterEqual(counts["ec2.shutting_down"], 2)
        self.assertEqual(3, counts["ec2.dependency_violation"])

    def test_nat_gateway_pending_then_deleting_holding_its_address_and_the_public_mapping(self):
        vpc, subnet, _, _ = self.network()
        ec2 = self.client("ec2")
        igw = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
        ec2.attach_internet_gateway(InternetGatewayId=igw, VpcId=vpc)
        allocation = ec2.allocate_address(Domain="vpc")["AllocationId"]
        self.realism()
        nat = ec2.create_nat_gateway(SubnetId=subnet, AllocationId=allocation)["NatGateway"]["NatGatewayId"]

        def state(**kwargs):
            return [n["State"] for n in ec2.describe_nat_gateways(**kwargs)["NatGateways"]]

        self.assertEqual(["pending"], state(NatGatewayIds=[nat]))
        self.assertEqual(["pending"], state(Filter=[{"Name": "state", "Values": ["pending"]}]))
        self.assertEqual([], state(Filter=[{"Name": "state", "Values": ["available"]}]))
        ec2.get_waiter("nat_gateway_available").wait(NatGatewayIds=[nat], WaiterConfig=FAST_WAIT)
        # Held while available too (the emulator's own EC2 patches, outside any window).
        self.assertError("InvalidIPAddress.InUse", ec2.release_address, AllocationId=allocation)

        ec2.delete_nat_gateway(NatGatewayId=nat)
        self.assertEqual(["deleting"], state(NatGatewayIds=[nat]))
        self.assertEqual(["deleting"], state(Filter=[{"Name": "state", "Values": ["deleting"]}]))
        self.assertEqual([], state(Filter=[{"Name": "state", "Values": ["pending", "available"]}]))
        self.assertError("InvalidIPAddress.InUse", ec2.release_address, AllocationId=allocation)
        error = self.assertError("DependencyViolation", ec2.detach_internet_gateway, InternetGatewayId=igw, VpcId=vpc)
        self.assertEqual(f"Network {vpc} has some mapped public address(es). Please unmap those public address(es)"
                         " before detaching the gateway.", error.response["Error"]["Message"])
        time.sleep(PAST)
        self.assertEqual(["deleted"], state(NatGatewayIds=[nat]))
        ec2.release_address(AllocationId=allocation)
        ec2.detach_internet_gateway(InternetGatewayId=igw, VpcId=vpc)
        counts = self.counts()
        self.assertGreaterEqual(counts["ec2.nat_pending"], 2)
        self.assertGreaterEqual(counts["ec2.nat_deleting"], 2)
        self.assertEqual(1, counts["ec2.address_in_use"])
        self.assertEqual(1, counts["ec2.mapped_public_address"])

    # 8. SQS --------------------------------------------------------------------------

    def test_sqs_deleted_queue_name_is_taken_for_a_while(self):
        self.realism()
        sqs = self.client("sqs")
        sqs.delete_queue(QueueUrl=sqs.create_queue(QueueName="q")["QueueUrl"])
        error = self.assertError("AWS.SimpleQueueService.QueueDeletedRecently", sqs.create_queue, QueueName="q")
        self.assertEqual(400, error.response["ResponseMetadata"]["HTTPStatusCode"])
        self.assertEqual("You must wait 60 seconds after deleting a queue before you can create another with the "
                         "same name.", error.response["Error"]["Message"])
        self.assertEqual("AWS.SimpleQueueService.QueueDeletedRecently;Sender",
                         error.response["ResponseMetadata"]["HTTPHeaders"]["x-amzn-query-error"])
        sqs.create_queue(QueueName="other")
        self.assertEqual(1, self.counts()["sqs.queue_deleted_recently"])
        time.sleep(2.2)
        sqs.create_queue(QueueName="q")

    # 9. API Gateway quotas -----------------------------------------------------------

    def test_apigateway_operation_quotas(self):
        self.realism()
        apigw = self.client("apigateway")
        api = apigw.create_rest_api(name="a")["id"]
        error = self.assertError("TooManyRequestsException", apigw.create_rest_api, name="b")
        self.assertEqual(429, error.response["ResponseMetadata"]["HTTPStatusCode"])
        self.assertEqual("Too Many Requests", error.response["Error"]["Message"])
        for _ in range(5):  # GetResources: 5 per 2 s
            apigw.get_resources(restApiId=api)
        self.assertError("TooManyRequestsException", apigw.get_resources, restApiId=api)
        time.sleep(0.5)  # one token back (2.5 a second)
        apigw.get_resources(restApiId=api)
        # A request let through takes its token even when it then fails.
        self.assertError("NotFoundException", apigw.delete_rest_api, restApiId="nope")
        self.assertError("TooManyRequestsException", apigw.delete_rest_api, restApiId=api)
        counts = self.counts()
        self.assertEqual(1, counts["apigateway.too_many_requests.CreateRestApi"])
        self.assertEqual(1, counts["apigateway.too_many_requests.GetResources"])
        self.assertEqual(1, counts["apigateway.too_many_requests.DeleteRestApi"])
        self.assertEqual(3, counts["apigateway.too_many_requests"])

    def test_apigateway_total_quota(self):
        self.realism()
        apigw = self.client("apigateway")
        refused = 0
        for _ in range(60):  # 10 a second with a burst of 40
            try:
                apigw.get_rest_apis()
            except ClientError as e:
                self.assertEqual("TooManyRequestsException", e.response["Error"]["Code"])
                refused += 1
        self.assertGreater(refused, 0)
        self.assertEqual(refused, self.counts()["apigateway.too_many_requests.Total"])
        time.sleep(0.3)
        apigw.get_rest_apis()


if __name__ == "__main__":
    unittest.main()

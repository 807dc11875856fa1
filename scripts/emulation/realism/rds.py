"""Realism: RDS instance states (creating, modifying, deleting) and what a deleting instance holds."""

import re
import time

from .core import Behaviour, ec2_error, rds_error, request_id


_RDS_BLOCK = re.compile(r"<DBInstance>.*?</DBInstance>", re.S)
_RDS_ID = re.compile(r"<DBInstanceIdentifier>([^<]*)</DBInstanceIdentifier>")
_RDS_STATUS = re.compile(r"<DBInstanceStatus>[^<]*</DBInstanceStatus>")
_RDS_ENDPOINT = re.compile(r"<Endpoint>.*?</Endpoint>", re.S)


def _rds_id(value):
    """An RDS instance identifier (given as an identifier or as its ARN), lower case like RDS."""
    value = value or ""
    if value.startswith("arn:") and ":db:" in value:
        value = value.split(":db:", 1)[1]
    return value.lower()


def _rds_filter_values(params, name):
    """The values of the DescribeDBInstances filter `name` (Filters.Filter.N.Values.Value.M),
    or None without such a filter."""
    values = None
    for key, value in params.items():
        match = re.fullmatch(r"Filters\.Filter\.(\d+)\.Name", key)
        if match and value == name:
            prefix = f"Filters.Filter.{match.group(1)}.Values.Value."
            values = (values or set()) | {v for k, v in params.items() if k.startswith(prefix)}
    return values


class RdsInstanceStates(Behaviour):
    """DBInstanceStatus "creating" for `rds_creating` seconds after CreateDBInstance (without
    an Endpoint yet), "modifying" for `rds_modifying` seconds after ModifyDBInstance,
    "deleting" for `rds_deleting` seconds after DeleteDBInstance, then gone (DBInstanceNotFound).
    DescribeDBInstances shows it (counters rds.creating, rds.modifying, rds.deleting, per
    describe that shows the state). ModifyDBInstance / DeleteDBInstance while not available ->
    HTTP 400 InvalidDBInstanceState "Instance X is not in available state." (rds.invalid_state).

    A deleting instance is still described and still holds its name, its DB subnet group and
    its VPC security groups: DeleteDBSubnetGroup -> InvalidDBSubnetGroupStateFault "Cannot
    delete the subnet group 'X' because at least one database instance: Y is still using it."
    and CreateDBInstance of the same identifier -> DBInstanceAlreadyExists (both counted as
    rds.deleting); EC2 DeleteSecurityGroup of one of its groups -> DependencyViolation
    "resource sg-x has a dependent object" (ec2.dependency_violation). moto deletes the
    instance at once, so DeleteDBInstance is passed to moto as it comes (the emulator's final
    snapshot and automated backup patches run as usual, and the final snapshot exists at once)
    and realism keeps the deleted instance's description (moto's DeleteDBInstance answer) to
    show until the window closes. It is shown to DescribeDBInstances by identifier or ARN, or
    without an identifier on the first page (no Marker) unless a filter other than
    db-instance-id is given. The SDK waiters DBInstanceAvailable / DBInstanceDeleted poll it.

    AWS: https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/accessing-monitoring.html#Overview.DBInstance.Status
    (creating: "The DB instance is being created. The DB instance is inaccessible while it is
    being created."; modifying; deleting: "The DB instance is being deleted."),
    https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_ModifyDBInstance.html and
    .../API_DeleteDBInstance.html (Errors: InvalidDBInstanceState), .../API_DeleteDBSubnetGroup.html
    (InvalidDBSubnetGroupStateFault), .../API_CreateDBInstance.html (DBInstanceAlreadyExists),
    https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DeleteSecurityGroup.html
    (DependencyViolation while a network interface of the instance uses the group).
    """

    def __init__(self, realism):
        super().__init__(realism)
        self.creating = {}   # (account, region, id) -> time
        self.modifying = {}  # (account, region, id) -> time
        self.deleting = {}   # (account, region, id) -> dict(time, block, subnet_group, groups, identifier)

    def _status(self, key):
        if self.within(self.creating.get(key), "rds_creating"):
            return "creating"
        if self.within(self.modifying.get(key), "rds_modifying"):
            return "modifying"
        if key in self.deleting and self.within(self.deleting[key]["time"], "rds_deleting"):
            return "deleting"
        return None

    def _ghosts(self, call):
        self.deleting = {k: g for k, g in self.deleting.items() if self.within(g["time"], "rds_deleting")}
        return {k: g for k, g in self.deleting.items() if k[:2] == (call.account, call.region)}

    def before(self, call):
        if call.service == "ec2" and call.action == "DeleteSecurityGroup":
            group = call.params.get("GroupId")
            for ghost in self._ghosts(call).values():
                if group and group in ghost["groups"]:
                    self.count("ec2.dependency_violation")
                    return ec2_error("DependencyViolation", f"resource {group} has a dependent object")
            return None
        if call.service != "rds":
            return None
        given = call.params.get("DBInstanceIdentifier") or ""
        key = (call.account, call.region, _rds_id(given))
        if call.action in ("ModifyDBInstance", "DeleteDBInstance") and given and self._status(key):
            self.count("rds.invalid_state")
            return rds_error("InvalidDBInstanceState", f"Instance {given} is not in available state.")
        if call.action == "CreateDBInstance" and given and key in self._ghosts(call):
            self.count("rds.deleting")
            return rds_error("DBInstanceAlreadyExists", "DB instance already exists")
        if call.action == "DeleteDBSubnetGroup":
            name = call.params.get("DBSubnetGroupName")
            for ghost in self._ghosts(call).values():
                if name and ghost["subnet_group"] == name:
                    self.count("rds.deleting")
                    return rds_error("InvalidDBSubnetGroupStateFault",
                                     f"Cannot delete the subnet group '{name}' because at least one database "
                                     f"instance: {ghost['identifier']} is still using it.")
        return None

    def after(self, call, reply):
        if call.service != "rds":
            return
        now = time.monotonic()
        given = call.params.get("DBInstanceIdentifier") or ""
        key = (call.account, call.region, _rds_id(given))
        if reply.ok and call.action == "CreateDBInstance":
            self.creating[key] = now
            self.modifying.pop(key, None)
            reply.body = self._rewrite(call, reply.text(), count=False).encode()
        elif reply.ok and call.action == "ModifyDBInstance" and not call.params.get("NewDBInstanceIdentifier"):
            self.modifying[key] = now
        elif reply.ok and call.action == "DeleteDBInstance":
            self.creating.pop(key, None)
            self.modifying.pop(key, None)
            block = _RDS_BLOCK.search(reply.text())
            if block:
                text = _RDS_STATUS.sub("<DBInstanceStatus>deleting</DBInstanceStatus>", block.group(0))
                group = re.search(r"<DBSubnetGroup>.*?<DBSubnetGroupName>([^<]+)</DBSubnetGroupName>", text, re.S)
                ident = _RDS_ID.search(text)
                self.deleting[key] = {
                    "time": now, "block": text,
                    "subnet_group": group.group(1) if group else None,
                    "groups": set(re.findall(r"<VpcSecurityGroupId>([^<]+)</VpcSecurityGroupId>", text)),
                    "identifier": ident.group(1) if ident else given,
                }
        elif call.action == "DescribeDBInstances":
            self._describe(call, reply)

    def _rewrite(self, call, text, count=True):
        shown = set()

        def block(match):
            ident = _RDS_ID.search(match.group(0))
            status = self._status((call.account, call.region, _rds_id(ident.group(1)))) if ident else None
            if status not in ("creating", "modifying"):
                return match.group(0)
            shown.add(status)
            result = _RDS_STATUS.sub(f"<DBInstanceStatus>{status}</DBInstanceStatus>", match.group(0))
            return _RDS_ENDPOINT.sub("", result) if status == "creating" else result

        text = _RDS_BLOCK.sub(block, text)
        if count:
            for status in shown:
                self.count(f"rds.{status}")
        return text

    def _describe(self, call, reply):
        given = call.params.get("DBInstanceIdentifier")
        ghosts = self._ghosts(call)
        if given:
            ghosts = {k: g for k, g in ghosts.items() if k[2] == _rds_id(given)}
        elif call.params.get("Marker"):
            ghosts = {}
        else:
            wanted = _rds_filter_values(call.params, "db-instance-id")
            others = any(re.fullmatch(r"Filters\.Filter\.\d+\.Name", k) and v != "db-instance-id"
                         for k, v in call.params.items())
            if others:
                ghosts = {}
            elif wanted is not None:
                wanted = {_rds_id(v) for v in wanted}
                ghosts = {k: g for k, g in ghosts.items() if k[2] in wanted}
        blocks = "".join(g["block"] for g in ghosts.values())
        if reply.ok:
            text = self._rewrite(call, reply.text())
            if blocks:
                if "<DBInstances/>" in text:
                    text = text.replace("<DBInstances/>", f"<DBInstances>{blocks}</DBInstances>", 1)
                else:
                    text = text.replace("</DBInstances>", f"{blocks}</DBInstances>", 1)
            reply.body = text.encode()
        elif blocks and "DBInstanceNotFound" in reply.text():
            reply.status = 200
            reply.headers = [("Content-Type", "text/xml")]
            reply.body = ('<DescribeDBInstancesResponse xmlns="http://rds.amazonaws.com/doc/2014-10-31/">'
                          f"<DescribeDBInstancesResult><DBInstances>{blocks}</DBInstances></DescribeDBInstancesResult>"
                          f"<ResponseMetadata><RequestId>{request_id()}</RequestId></ResponseMetadata>"
                          "</DescribeDBInstancesResponse>").encode()
        else:
            return
        if blocks:
            self.count("rds.deleting")

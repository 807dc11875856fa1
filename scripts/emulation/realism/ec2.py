"""Realism: EC2 eventual consistency of new ids, and instance and NAT gateway states."""

import re
import time
import xml.etree.ElementTree as ET

from .core import Behaviour, ec2_error


# CreateX -> the element of its answer that holds the new id.
EC2_CREATED_ID = {"CreateVpc": "vpcId", "CreateSubnet": "subnetId", "CreateSecurityGroup": "groupId",
                  "CreateRouteTable": "routeTableId", "CreateInternetGateway": "internetGatewayId"}
# id prefix -> (error code, message) EC2 answers for an id it does not know (yet).
EC2_NOT_FOUND = {
    "vpc-": ("InvalidVpcID.NotFound", "The vpc ID '{}' does not exist"),
    "subnet-": ("InvalidSubnetID.NotFound", "The subnet ID '{}' does not exist"),
    "sg-": ("InvalidGroup.NotFound", "The security group '{}' does not exist"),
    "rtb-": ("InvalidRouteTableID.NotFound", "The routeTable ID '{}' does not exist"),
    "igw-": ("InvalidInternetGatewayID.NotFound", "The internetGateway ID '{}' does not exist"),
}
# Parameters whose value is never an id reference, even when it looks like one.
_EC2_NOT_A_REFERENCE = re.compile(
    r"^(Action|Version|DryRun|ClientToken|Description|GroupDescription|GroupName)$"
    r"|^Filter\.|^TagSpecification\.|(^|\.)Tag\.\d+\.(Key|Value)$")


class Ec2EventualConsistency(Behaviour):
    """For `ec2_consistency` seconds after CreateVpc / CreateSubnet / CreateSecurityGroup /
    CreateRouteTable / CreateInternetGateway, an EC2 request that names the new id in a
    parameter (VpcId, SubnetId, GroupId, GroupId.N, RouteTableId, InternetGatewayId,
    ResourceId.N, VpcId.N, SubnetId.N, IpPermissions.N.Groups.M.GroupId, GatewayId, ...) ->
    HTTP 400 InvalidVpcID.NotFound "The vpc ID 'vpc-x' does not exist" (InvalidSubnetID.NotFound,
    InvalidGroup.NotFound "The security group 'sg-x' does not exist",
    InvalidRouteTableID.NotFound "The routeTable ID 'rtb-x' does not exist",
    InvalidInternetGatewayID.NotFound "The internetGateway ID 'igw-x' does not exist")
    (counter ec2.not_found).

    AWS: https://docs.aws.amazon.com/ec2/latest/devguide/eventual-consistency.html ("if you run
    a command to modify or describe the resource that you just created, its ID might not have
    propagated throughout the system, and you will get an error responding that the resource
    does not exist"; e.g. InvalidGroup.NotFound after CreateSecurityGroup). Codes and messages:
    https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html.

    Filters never hide anything: an id given only as a Filter.N.Value.M (vpc-id, tag:..., any
    filter name) is not refused and the object stays in the answer. AWS answers a filter that
    matches nothing with an empty list, never NotFound, so a reader by filter must cope with
    a missing object anyway, and this keeps tag-filtered reads exactly as moto answers them.
    Tag keys/values, descriptions and group names are not id references either.
    """

    def __init__(self, realism):
        super().__init__(realism)
        self.created = {}  # id -> time of its Create call

    def after(self, call, reply):
        if call.service == "ec2" and reply.ok and call.action in EC2_CREATED_ID:
            tag = EC2_CREATED_ID[call.action]
            match = re.search(rf"<{tag}>([^<]+)</{tag}>", reply.text())
            if match:
                self.created[match.group(1)] = time.monotonic()

    def before(self, call):
        if call.service != "ec2" or not self.created:
            return None
        self.created = {i: t for i, t in self.created.items() if self.within(t, "ec2_consistency")}
        for key, value in call.params.items():
            if value in self.created and not _EC2_NOT_A_REFERENCE.search(key):
                for prefix, (code, message) in EC2_NOT_FOUND.items():
                    if value.startswith(prefix):
                        self.count("ec2.not_found")
                        return ec2_error(code, message.format(value))
        return None


def _rewrite_ec2_xml(reply, rewrite):
    """Rewrite an EC2 answer in place: rewrite(root, q) changes the parsed answer (q names a tag
    in the answer's namespace) and returns what it showed, which this returns; None, and the
    reply as it was, when the body is not XML or cannot be written back."""
    try:
        root = ET.fromstring(reply.body)
    except ET.ParseError:
        return None
    ns = root.tag[1:].split("}", 1)[0] if root.tag.startswith("{") else ""

    def q(tag):
        return f"{{{ns}}}{tag}" if ns else tag

    shown = rewrite(root, q)
    try:
        text = ET.tostring(root, encoding="unicode", default_namespace=ns or None)
    except ValueError:
        return None
    reply.body = ('<?xml version="1.0" encoding="utf-8"?>\n' + text).encode()
    return shown


def _widen_state_filter(call, filter_name, scratch_key, moto_state):
    """A describe filtered on a state realism shows (pending, deleting...) is asked of moto with
    the state moto really holds as well; the states asked for are kept in call.scratch[scratch_key]
    so that the answer can be filtered back to them."""
    form = dict(call.form)
    for key, value in call.params.items():
        match = re.fullmatch(r"Filter\.(\d+)\.Name", key)
        if not match or value != filter_name:
            continue
        prefix = f"Filter.{match.group(1)}.Value."
        values = {v for k, v in call.params.items() if k.startswith(prefix)}
        call.scratch.setdefault(scratch_key, set()).update(values)
        extra = {moto_state[v] for v in values if v in moto_state} - values
        n = max([int(k[len(prefix):]) for k in call.params if k.startswith(prefix)
                 and k[len(prefix):].isdigit()] or [0])
        for i, state in enumerate(sorted(extra), start=n + 1):
            form[f"{prefix}{i}"] = state
    if form != call.form:
        call.set_form(form)


# moto's state for each state realism shows, and the codes EC2 gives each state.
_EC2_MOTO_STATE = {"pending": "running", "shutting-down": "terminated"}
_EC2_STATE_CODE = {"pending": 0, "running": 16, "shutting-down": 32, "terminated": 48}


class Ec2InstanceStates(Behaviour):
    """An instance is "pending" for `ec2_pending` seconds after RunInstances, then running
    (counter ec2.pending per DescribeInstances that shows it); after TerminateInstances it is
    "shutting-down" for `ec2_shutting_down` seconds, then terminated (ec2.shutting_down). An
    instance filter instance-state-name sees the shown state (the request moto gets also asks
    for moto's own state, and the answer keeps only what was asked for). While an instance is
    not terminated (pending, running, stopped, shutting-down ...) it holds its subnet and
    security groups: DeleteSubnet -> HTTP 400 DependencyViolation "The subnet 'subnet-x' has
    dependencies and cannot be deleted.", DeleteSecurityGroup -> DependencyViolation "resource
    sg-x has a dependent object" (counter ec2.dependency_violation). The SDK waiters
    InstanceRunning / InstanceTerminated poll DescribeInstances.

    AWS: https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ec2-instance-lifecycle.html
    (pending: "The instance is preparing to enter the running state"; shutting-down: "The
    instance is preparing to be terminated"; codes 0 pending, 16 running, 32 shutting-down,
    48 terminated per https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_InstanceState.html),
    https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DeleteSubnet.html ("You must
    terminate all running instances in the subnet before you can delete the subnet") and
    .../API_DeleteSecurityGroup.html ("If you attempt to delete a security group that is
    associated with an instance ... the operation fails with DependencyViolation").
    DescribeInstanceStatus is not rewritten.
    """

    def __init__(self, realism):
        super().__init__(realism)
        self.launched = {}    # instance id -> time of RunInstances
        self.terminated = {}  # instance id -> time of TerminateInstances

    def _shown_state(self, instance_id, moto_state):
        if moto_state == "running" and self.within(self.launched.get(instance_id), "ec2_pending"):
            return "pending"
        if moto_state == "terminated" and self.within(self.terminated.get(instance_id), "ec2_shutting_down"):
            return "shutting-down"
        return moto_state

    def before(self, call):
        if call.service != "ec2":
            return None
        if call.action == "DescribeInstances":
            _widen_state_filter(call, "instance-state-name", "instance_states", _EC2_MOTO_STATE)
        elif call.action == "DeleteSubnet":
            subnet = call.params.get("SubnetId")
            if subnet and any(inst.subnet_id == subnet for inst in self._holding(call)):
                self.count("ec2.dependency_violation")
                return ec2_error("DependencyViolation",
                                 f"The subnet '{subnet}' has dependencies and cannot be deleted.")
        elif call.action == "DeleteSecurityGroup":
            group = call.params.get("GroupId") or self._group_id(call, call.params.get("GroupName"))
            if group and any(group in [g.id for g in (inst.security_groups or [])] for inst in self._holding(call)):
                self.count("ec2.dependency_violation")
                return ec2_error("DependencyViolation", f"resource {group} has a dependent object")
        return None

    def _backend(self, call):
        from moto.ec2.models import ec2_backends

        return ec2_backends[call.account][call.region]

    def _holding(self, call):
        """The instances that still hold their subnet and groups: not terminated, as shown."""
        try:
            reservations = list(self._backend(call).reservations.values())
        except Exception:
            return []
        return [inst for r in reservations for inst in list(r.instances)
                if self._shown_state(inst.id, inst.state) != "terminated"]

    def _group_id(self, call, name):
        if not name:
            return None
        try:
            group = self._backend(call).get_security_group_by_name_or_id(name)
        except Exception:
            return None
        return group.id if group is not None else None

    def after(self, call, reply):
        if call.service != "ec2" or not reply.ok:
            return
        now = time.monotonic()
        if call.action == "RunInstances":
            for instance_id in re.findall(r"<instanceId>(i-[^<]+)</instanceId>", reply.text()):
                self.launched[instance_id] = now
        elif call.action == "TerminateInstances":
            for key, value in call.params.items():
                if re.fullmatch(r"InstanceId\.\d+", key):
                    self.terminated[value] = now
                    self.launched.pop(value, None)
        elif call.action == "DescribeInstances":
            self._describe(call, reply)

    def _describe(self, call, reply):
        wanted = call.scratch.get("instance_states")
        young = any(self.within(t, "ec2_pending") for t in self.launched.values()) or \
            any(self.within(t, "ec2_shutting_down") for t in self.terminated.values())
        if not young and wanted is None:
            return
        for state in _rewrite_ec2_xml(reply, lambda root, q: self._show(root, q, wanted)) or ():
            self.count("ec2.pending" if state == "pending" else "ec2.shutting_down")

    def _show(self, root, q, wanted):
        """The shown state of each instance of a DescribeInstances answer; those not wanted dropped."""
        shown = set()
        reservation_set = root.find(q("reservationSet"))
        for reservation in list(reservation_set) if reservation_set is not None else []:
            instances = reservation.find(q("instancesSet"))
            for instance in list(instances) if instances is not None else []:
                state = instance.find(q("instanceState"))
                name = state.find(q("name")) if state is not None else None
                if name is None:
                    continue
                new = self._shown_state(instance.findtext(q("instanceId")), name.text)
                if wanted is not None and new not in wanted:
                    instances.remove(instance)
                    continue
                if new != name.text:
                    name.text = new
                    state.find(q("code")).text = str(_EC2_STATE_CODE[new])
                    shown.add(new)
            if instances is not None and len(instances) == 0:
                reservation_set.remove(reservation)
        return shown


# moto's state for each NAT gateway state realism shows.
_NAT_MOTO_STATE = {"pending": "available", "deleting": "deleted"}


class NatGatewayStates(Behaviour):
    """A NAT gateway is "pending" for `nat_pending` seconds after CreateNatGateway, then
    available (counter ec2.nat_pending per DescribeNatGateways that shows it); after
    DeleteNatGateway it is "deleting" for `nat_deleting` seconds, then deleted
    (ec2.nat_deleting). While it is deleting it still holds its Elastic IP and the VPC's public
    mapping: ReleaseAddress of its allocation -> InvalidIPAddress.InUse (ec2.address_in_use),
    DetachInternetGateway of its VPC -> DependencyViolation "Network vpc-x has some mapped
    public address(es). Please unmap those public address(es) before detaching the gateway."
    (ec2.mapped_public_address). A state filter sees the shown state. The SDK waiters
    NatGatewayAvailable / NatGatewayDeleted poll DescribeNatGateways.

    AWS: https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-basics.html (pending: "The
    NAT gateway is being created"; deleting: "The NAT gateway is being terminated"),
    https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ReleaseAddress.html
    (InvalidIPAddress.InUse) and .../API_DetachInternetGateway.html. Before and after the
    windows, the emulator's own EC2 patches answer the same refusals for a gateway moto holds.
    """

    def __init__(self, realism):
        super().__init__(realism)
        self.created = {}   # nat id -> time of CreateNatGateway
        self.deleted = {}   # nat id -> (time of DeleteNatGateway, vpc id, allocation ids)

    def _deleting(self):
        return {nat: held for nat, held in self.deleted.items() if self.within(held[0], "nat_deleting")}

    def _shown_state(self, nat_id, moto_state):
        if moto_state == "available" and self.within(self.created.get(nat_id), "nat_pending"):
            return "pending"
        if moto_state == "deleted" and nat_id in self._deleting():
            return "deleting"
        return moto_state

    def before(self, call):
        if call.service != "ec2":
            return None
        if call.action == "ReleaseAddress":
            allocation = call.params.get("AllocationId")
            if allocation and any(allocation in held[2] for held in self._deleting().values()):
                self.count("ec2.address_in_use")
                return ec2_error("InvalidIPAddress.InUse", f"Address {allocation} is in use.")
        elif call.action == "DetachInternetGateway":
            vpc = call.params.get("VpcId")
            if vpc and any(held[1] == vpc for held in self._deleting().values()):
                self.count("ec2.mapped_public_address")
                return ec2_error("DependencyViolation", f"Network {vpc} has some mapped public address(es). "
                                 "Please unmap those public address(es) before detaching the gateway.")
        elif call.action == "DeleteNatGateway":
            call.scratch["nat"] = self._holdings(call, call.params.get("NatGatewayId"))
        elif call.action == "DescribeNatGateways":
            _widen_state_filter(call, "state", "nat_states", _NAT_MOTO_STATE)
        return None

    def _holdings(self, call, nat_id):
        try:
            from moto.ec2.models import ec2_backends

            nat = ec2_backends[call.account][call.region].nat_gateways.get(nat_id)
        except Exception:
            return None
        if nat is None:
            return None
        return nat.vpc_id, {a.get("allocationId") for a in nat.address_set or [] if a.get("allocationId")}

    def after(self, call, reply):
        if call.service != "ec2" or not reply.ok:
            return
        now = time.monotonic()
        if call.action == "CreateNatGateway":
            for nat_id in re.findall(r"<natGatewayId>(nat-[^<]+)</natGatewayId>", reply.text()):
                self.created[nat_id] = now
        elif call.action == "DeleteNatGateway":
            nat_id = call.params.get("NatGatewayId")
            held = call.scratch.get("nat")
            if nat_id and held is not None and nat_id not in self.deleted:
                self.deleted[nat_id] = (now, held[0], held[1])
                self.created.pop(nat_id, None)
        elif call.action == "DescribeNatGateways":
            self._describe(call, reply)

    def _describe(self, call, reply):
        wanted = call.scratch.get("nat_states")
        if not self.created and not self._deleting() and wanted is None:
            return
        for state in _rewrite_ec2_xml(reply, lambda root, q: self._show(root, q, wanted)) or ():
            self.count("ec2.nat_pending" if state == "pending" else "ec2.nat_deleting")

    def _show(self, root, q, wanted):
        """The shown state of each NAT gateway of a DescribeNatGateways answer; those not wanted dropped."""
        shown = set()
        gateways = root.find(q("natGatewaySet"))
        for item in list(gateways) if gateways is not None else []:
            state = item.find(q("state"))
            if state is None:
                continue
            new = self._shown_state(item.findtext(q("natGatewayId")), state.text)
            if wanted is not None and new not in wanted:
                gateways.remove(item)
                continue
            if new != state.text:
                state.text = new
                shown.add(new)
        return shown

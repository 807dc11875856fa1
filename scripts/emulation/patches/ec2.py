"""The emulator's patches of moto's EC2, one per gap where moto differs from AWS.

Checked against plain moto 5.2.1, matches AWS (no patch):
  - EC2 flow logs: CreateFlowLogs (VPC, ALL, cloud-watch-logs, LogGroupName,
    DeliverLogsPermissionArn, TagSpecifications vpc-flow-log); DescribeFlowLogs returns
    LogGroupName, DeliverLogsPermissionArn, TrafficType, LogDestinationType, Tags, and filters
    by resource-id and tag:KEY; same config twice -> FlowLogAlreadyExists; missing role ->
    InvalidParameter; DeleteFlowLogs on an unknown id -> InvalidFlowLogId.NotFound.
  - EC2 VPC: Describe{Vpcs,Subnets,InternetGateways,RouteTables,SecurityGroups} with tag:KEY
    and tag-key filters, Tags in every response; ModifyVpcAttribute enableDnsHostnames +
    DescribeVpcAttribute; AuthorizeSecurityGroupIngress with UserIdGroupPairs (duplicate ->
    InvalidPermission.Duplicate); RevokeSecurityGroupIngress of an absent rule ->
    InvalidPermission.NotFound; *.NotFound codes for unknown vpc/subnet/igw/rtb/sg ids.
  - EC2 zones: DescribeAvailabilityZones answers ZoneName, ZoneId, ZoneType availability-zone,
    State available and RegionName for the request's region, with the zones AWS has there
    (ap-northeast-1: a, c, d; ca-central-1: a, b, d; us-west-1: a, b; us-east-1: a to f), and
    honours the zone-type, state, zone-name and zone-id filters; CreateSubnet of a zone that
    does not exist -> InvalidParameterValue "Value (...) for parameter availabilityZone is invalid".
  - EC2 instances: MetadataOptions HttpTokens required (also ModifyInstanceMetadataOptions),
    encrypted gp3 root volume with KmsKeyId (DescribeVolumes Encrypted/KmsKeyId, volume
    TagSpecifications), IamInstanceProfile.Arn, no public IP with AssociatePublicIpAddress false
    or MapPublicIpOnLaunch false, TerminateInstances (DeleteOnTermination volumes deleted) and
    the InstanceTerminated waiter; unknown instance -> InvalidInstanceID.NotFound.

Known differences left as they are (harmless for tapctl, or AWS's answer is not documented):
  - EC2: a KmsKeyId that does not exist is accepted in BlockDeviceMappings (AWS launches, then
    the instance goes to terminated); DeleteSecurityGroup of a group an instance still uses
    succeeds (AWS: DependencyViolation; realism mode refuses it, and DeleteSubnet of the
    instance's subnet); the network interface RunInstances creates stays behind ("in-use")
    after TerminateInstances unless NetworkInterfaces[].DeleteOnTermination was true, and
    DeleteSubnet does not check for interfaces either.
  - EC2 zones: a zone name means the same zone id in every account (AWS maps names to zones per
    account); there are no Local or Wavelength Zones, and every zone is always "available".
"""

import json

from ..registry import patch


@patch("ec2", cite="https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_RevokeSecurityGroupIngress.html")
def patch_ec2_rule_identity_ignores_description():
    """A security group rule that references a group is identified without its Description.

    AWS: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_RevokeSecurityGroupIngress.html
    "If the security group rule has a description, you do not need to specify the
    description to revoke the rule." moto compared the whole UserIdGroupPair including
    Description: revoking {GroupId} alone failed with InvalidPermission.NotFound, and
    authorizing the same pair with another description added a second rule instead of
    InvalidPermission.Duplicate. (CIDR rules were already matched without description.)
    """
    from moto.ec2.models.security_groups import SecurityGroupRule

    def pair(group):
        return {k: v for k, v in (group or {}).items() if k not in ("Description", "OwnerId")}

    def __eq__(self, other):
        if not isinstance(other, SecurityGroupRule):
            return NotImplemented
        if self.ip_protocol != other.ip_protocol:
            return False
        for key in ("CidrIp", "CidrIpv6"):
            if key in self.ip_range and self.ip_range.get(key) != other.ip_range.get(key):
                return False
        if pair(self.source_group) != pair(other.source_group):
            return False
        if self.prefix_list_id != other.prefix_list_id:
            return False
        if self.ip_protocol != "-1":
            if self.from_port != other.from_port or self.to_port != other.to_port:
                return False
        return True

    SecurityGroupRule.__eq__ = __eq__


@patch("ec2", cite="https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DeleteSecurityGroup.html")
def patch_ec2_referenced_group_cannot_be_deleted():
    """DeleteSecurityGroup fails while another group's rule references the group.

    AWS: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DeleteSecurityGroup.html
    (a group referenced by another security group -> DependencyViolation, message
    "resource sg-... has a dependent object"). moto deleted it, leaving a dangling rule.
    """
    from moto.ec2.exceptions import DependencyViolationError
    from moto.ec2.models.security_groups import SecurityGroupBackend

    original = SecurityGroupBackend.delete_security_group

    def delete_security_group(self, name=None, group_id=None):
        target = self.get_security_group_by_name_or_id(group_id or name) if (group_id or name) else None
        if target is not None:
            for groups in list(self.groups.values()):
                for group in list(groups.values()):
                    if group.id == target.id:
                        continue
                    for rule in list(group.ingress_rules) + list(group.egress_rules):
                        if (rule.source_group or {}).get("GroupId") == target.id:
                            raise DependencyViolationError(
                                f"resource {target.id} has a dependent object")
        return original(self, name=name, group_id=group_id)

    SecurityGroupBackend.delete_security_group = delete_security_group


@patch("ec2",
       cite="https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/using-systems-manager-parameter-to-find-AMI.html")
def patch_ec2_run_instances_resolves_ssm_image_id():
    """RunInstances resolves ImageId "resolve:ssm:NAME[:VERSION|:LABEL]" through Parameter Store.

    AWS: https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/using-systems-manager-parameter-to-find-AMI.html
    ("resolve:ssm:parameter-name", "...:version-number", "...:label"; the instance's ImageId
    is the AMI ID the parameter holds at launch). moto kept the literal string as the
    instance's ImageId. Resolved through moto's own SSM backend, which ships the public
    /aws/service/ami-amazon-linux-latest/* parameters, and their values are AMIs moto knows
    (e.g. .../al2023-ami-kernel-default-x86_64). A parameter that does not exist ->
    InvalidParameterValue (the code AWS uses for a bad ImageId; the wording is ours).
    """
    from moto.ec2.exceptions import EC2ClientError
    from moto.ec2.responses.instances import InstanceResponse
    from moto.ssm.models import ssm_backends

    original = InstanceResponse.run_instances

    def run_instances(self):
        image_id = self._get_param("ImageId") or ""
        if image_id.startswith("resolve:ssm:"):
            name = image_id[len("resolve:ssm:"):]
            try:
                parameter = ssm_backends[self.current_account][self.region].get_parameter(name)
            except Exception:  # moto raises ParameterVersionNotFound / ParameterVersionLabelLimitExceeded ...
                parameter = None
            if parameter is None:
                raise EC2ClientError(
                    "InvalidParameterValue",
                    f"Invalid value '{image_id}' for image-id: the Systems Manager parameter does not exist.")
            self.params["ImageId"] = parameter.value
        return original(self)

    InstanceResponse.run_instances = run_instances


@patch("ec2", cite="https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html")
def patch_ec2_unknown_image_id_refused():
    """RunInstances with an AMI that does not exist -> InvalidAMIID.NotFound.

    AWS: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html
    (InvalidAMIID.NotFound: "The specified AMI doesn't exist"). moto launched any ImageId
    unless MOTO_ENABLE_AMI_VALIDATION is set; this turns that check on. moto knows the public
    Amazon Linux / Ubuntu / Windows AMIs (DescribeImages Owners=amazon) and the ones created
    with CreateImage / RegisterImage.
    """
    from moto import settings

    settings.ENABLE_AMI_VALIDATION = True


@patch("ec2", cite="https://docs.aws.amazon.com/ec2/latest/devguide/ec2-api-idempotency.html")
def patch_ec2_run_instances_client_token_is_idempotent():
    """RunInstances repeated with the same ClientToken returns the first call's reservation
    instead of launching again; the same token with other parameters -> IdempotentParameterMismatch.

    AWS: https://docs.aws.amazon.com/ec2/latest/devguide/ec2-api-idempotency.html ("If you
    repeat the request with the same client token and the same parameters, the API returns
    the same response"; "If you repeat a request with the same client token, but change one
    or more of the parameters ... Amazon EC2 returns an IdempotentParameterMismatch error").
    moto launched a new instance every time. (The SDKs fill ClientToken with a fresh UUID
    when the caller leaves it out, so only an explicit token is ever repeated.)
    """
    from moto.core.responses import ActionResult
    from moto.ec2.exceptions import EC2ClientError
    from moto.ec2.responses.instances import InstanceResponse

    original = InstanceResponse.run_instances
    seen = {}  # (account, region, token) -> (request fingerprint, reservation id)

    def fingerprint(params):
        return json.dumps({k: v for k, v in params.items() if k not in ("ClientToken", "DryRun")},
                          sort_keys=True, default=str)

    def run_instances(self):
        token = self._get_param("ClientToken")
        if not token or self._get_param("DryRun"):
            return original(self)
        key = (self.current_account, self.region, token)
        request = fingerprint(self.params)
        if key in seen:
            previous_request, reservation_id = seen[key]
            reservation = self.ec2_backend.reservations.get(reservation_id)
            if reservation is not None:
                if previous_request != request:
                    raise EC2ClientError("IdempotentParameterMismatch",
                                    "Arguments on this idempotent request are inconsistent with "
                                    "arguments used in previous request(s).")
                return ActionResult(reservation)
        result = original(self)
        seen[key] = (request, result.result.id)
        return result

    InstanceResponse.run_instances = run_instances


@patch("ec2", cite="https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_RunInstances.html")
def patch_ec2_unknown_instance_profile_is_an_invalid_parameter():
    """RunInstances naming an instance profile that does not exist -> InvalidParameterValue
    "Value (NAME) for parameter iamInstanceProfile.name is invalid. Invalid IAM Instance
    Profile name" (".arn" / "ARN" for IamInstanceProfile.Arn).

    AWS: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_RunInstances.html
    (IamInstanceProfile) and https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_general.html#troubleshoot_general_eventual-consistency
    (a just-created instance profile can be refused like this for a few seconds, so callers
    retry on exactly this error). moto answered IAM's NoSuchEntity (HTTP 404).
    """
    from moto.ec2.exceptions import EC2ClientError
    from moto.ec2.responses.instances import InstanceResponse
    from moto.iam.models import iam_backends

    original = InstanceResponse.run_instances

    def run_instances(self):
        iam = iam_backends[self.current_account][self.partition]
        name = self._get_param("IamInstanceProfile.Name")
        arn = self._get_param("IamInstanceProfile.Arn")
        if name and name not in iam.instance_profiles:
            raise EC2ClientError(
                "InvalidParameterValue",
                f"Value ({name}) for parameter iamInstanceProfile.name is invalid. "
                "Invalid IAM Instance Profile name")
        if arn and not any(p.arn == arn for p in iam.instance_profiles.values()):
            raise EC2ClientError(
                "InvalidParameterValue",
                f"Value ({arn}) for parameter iamInstanceProfile.arn is invalid. "
                "Invalid IAM Instance Profile ARN")
        return original(self)

    InstanceResponse.run_instances = run_instances


@patch("ec2", cite="https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_Instance.html")
def patch_ec2_instance_security_groups_are_the_primary_interface_groups():
    """An instance's SecurityGroups are the groups of its primary network interface: groups
    given as NetworkInterfaces[0].Groups show in DescribeInstances, and ModifyInstanceAttribute
    Groups replaces them on that interface.

    AWS: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_Instance.html
    (SecurityGroups), .../API_InstanceNetworkInterfaceSpecification.html (Groups: "The IDs of
    the security groups for the network interface") and .../API_ModifyInstanceAttribute.html
    (Groups: "Replaces the security groups of the instance with the specified security
    groups"; they are the primary interface's). moto kept a separate per-instance list: a
    RunInstances with groups on the interface described SecurityGroups [], and a later
    ModifyInstanceAttribute left the interface's own groups in place besides the new ones.
    """
    from moto.ec2.models.instances import Instance

    def primary_nic(instance):
        return (instance.__dict__.get("nics") or {}).get(0)

    def get_security_groups(self):
        nic = primary_nic(self)
        if nic is None:
            return self.__dict__.get("_tapctl_security_groups", [])
        unique = []
        for group in nic._group_set:
            if group not in unique:
                unique.append(group)
        return unique

    def set_security_groups(self, groups):
        self.__dict__["_tapctl_security_groups"] = list(groups or [])
        nic = primary_nic(self)
        if nic is not None:
            nic._group_set = list(groups or [])

    Instance.security_groups = property(get_security_groups, set_security_groups)


@patch("ec2", cite="https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_IamInstanceProfile.html")
def patch_ec2_instance_profile_follows_the_association():
    """DescribeInstances IamInstanceProfile is the instance profile of the current association
    ({Arn, Id} with the profile's own id), also after ReplaceIamInstanceProfileAssociation.

    AWS: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_IamInstanceProfile.html
    ("Arn: The Amazon Resource Name (ARN) of the instance profile. Id: The ID of the instance
    profile") and .../API_ReplaceIamInstanceProfileAssociation.html ("Replaces an IAM instance
    profile for the specified running instance"). moto kept describing the old profile after a
    replace, and answered the association id (iip-assoc-...) as the profile's Id.
    """
    from moto.ec2.models.iam_instance_profile import (IamInstanceProfileAssociation,
                                                      IamInstanceProfileAssociationBackend)

    original_init = IamInstanceProfileAssociation.__init__
    original_replace = IamInstanceProfileAssociationBackend.replace_iam_instance_profile_association

    def describe_profile(association):
        profile = association.iam_instance_profile
        association.instance.iam_instance_profile = {"Arn": profile.arn, "Id": profile.id}

    def __init__(self, *args, **kwargs):
        original_init(self, *args, **kwargs)
        describe_profile(self)

    def replace_iam_instance_profile_association(self, *args, **kwargs):
        association = original_replace(self, *args, **kwargs)
        describe_profile(association)
        return association

    IamInstanceProfileAssociation.__init__ = __init__
    IamInstanceProfileAssociationBackend.replace_iam_instance_profile_association = \
        replace_iam_instance_profile_association


@patch("ec2", cite="https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeAvailabilityZones.html")
def patch_ec2_availability_zones_opt_in_status():
    """DescribeAvailabilityZones answers each zone's OptInStatus and honours the opt-in-status filter.

    AWS: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeAvailabilityZones.html
    (Filters: "opt-in-status - The opt-in status (opted-in | not-opted-in | opt-in-not-required)")
    and https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_AvailabilityZone.html
    (OptInStatus: "For Availability Zones, this parameter always has the value of
    opt-in-not-required"). moto's zones had no OptInStatus, and the filter was ignored: asking
    for opted-in zones only returned every zone of the region. moto lists Availability Zones
    only (no Local or Wavelength Zones), so every zone is opt-in-not-required.
    """
    from moto.ec2.models.availability_zones_and_regions import RegionsAndZonesBackend, Zone

    Zone.opt_in_status = "opt-in-not-required"
    original = RegionsAndZonesBackend.describe_availability_zones

    def describe_availability_zones(self, filters=None, zone_names=None, zone_ids=None):
        filters = dict(filters or {})
        opt_in = filters.pop("opt-in-status", None)
        zones = original(self, filters or None, zone_names=zone_names, zone_ids=zone_ids)
        if opt_in is not None:
            zones = [zone for zone in zones if zone.opt_in_status in opt_in]
        return zones

    RegionsAndZonesBackend.describe_availability_zones = describe_availability_zones


@patch("ec2", cite="https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSubnet.html")
def patch_ec2_create_subnet_zone_of_its_region():
    """CreateSubnet refuses a zone that is not one of the VPC's region, naming that region's zones.

    AWS: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSubnet.html
    (AvailabilityZone / AvailabilityZoneId: a zone of the Region the request goes to) and
    https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html
    (InvalidParameterValue); EC2 answers "Value (us-east-1a) for parameter availabilityZone is
    invalid. Subnets can currently only be created in the following availability zones:
    ap-northeast-1a, ap-northeast-1c, ap-northeast-1d." moto accepted a zone of any region
    (us-east-1a for a VPC in ap-northeast-1), and for an unknown zone listed the zones of every
    region, so a stack that put its subnets in the wrong region's zones passed.
    """
    from moto.ec2.exceptions import EC2ClientError, InvalidAvailabilityZoneError
    from moto.ec2.models.subnets import SubnetBackend

    original = SubnetBackend.create_subnet

    def create_subnet(self, vpc_id, cidr_block, ipv6_cidr_block=None, availability_zone=None,
                      availability_zone_id=None, *args, **kwargs):
        zones = self.describe_availability_zones()
        if availability_zone and availability_zone not in [zone.name for zone in zones]:
            raise InvalidAvailabilityZoneError(availability_zone, ", ".join(zone.name for zone in zones))
        if availability_zone_id and availability_zone_id not in [zone.zone_id for zone in zones]:
            raise EC2ClientError(  # the same refusal by zone id; this wording is ours
                "InvalidParameterValue",
                f"Value ({availability_zone_id}) for parameter availabilityZoneId is invalid. Subnets can currently "
                f"only be created in the following availability zones: {', '.join(zone.zone_id for zone in zones)}.")
        return original(self, vpc_id, cidr_block, ipv6_cidr_block, availability_zone, availability_zone_id,
                        *args, **kwargs)

    SubnetBackend.create_subnet = create_subnet


@patch("ec2", cite="https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeNatGateways.html")
def patch_ec2_nat_gateway_tag_filters():
    """DescribeNatGateways honours the tag:<key> and tag-key filters.

    AWS: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeNatGateways.html
    (Filter: nat-gateway-id, state, subnet-id, tag:<key>, tag-key, vpc-id). moto applied only
    the id, state, subnet and VPC filters and ignored the tag ones: a describe by ownership tags
    answered every NAT gateway of the region.
    """
    from moto.ec2.models.nat_gateways import NatGatewayBackend

    original = NatGatewayBackend.describe_nat_gateways

    def describe_nat_gateways(self, filters, nat_gateway_ids):
        found = original(self, filters, nat_gateway_ids)
        for name, values in (filters or {}).items():
            if name.startswith("tag:") or name == "tag-key":
                found = [nat for nat in found if nat.get_filter_value(name) in values]
        return found

    NatGatewayBackend.describe_nat_gateways = describe_nat_gateways


def _ec2_nat_gateways_holding(backend):
    """The NAT gateways that still hold their addresses: every one not yet deleted."""
    return [nat for nat in list(backend.nat_gateways.values()) if nat.state != "deleted"]


def _ec2_nat_allocation_ids(nat):
    return [a.get("allocationId") for a in nat.address_set or []]


@patch("ec2", cite="https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ReleaseAddress.html")
def patch_ec2_release_address_held_by_a_nat_gateway():
    """ReleaseAddress of an Elastic IP a NAT gateway still holds -> InvalidIPAddress.InUse.

    AWS: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ReleaseAddress.html
    ("[Nondefault VPC] You must disassociate the Elastic IP address before you can release it.
    Otherwise, Amazon EC2 returns an error (InvalidIPAddress.InUse)") and
    .../API_DeleteNatGateway.html ("Deleting a public NAT gateway disassociates its Elastic IP
    address, but does not release the address"). moto released an address its NAT gateway used.
    """
    from moto.ec2.exceptions import EC2ClientError
    from moto.ec2.models.elastic_ip_addresses import ElasticAddressBackend

    original = ElasticAddressBackend.release_address

    def release_address(self, address=None, allocation_id=None):
        if allocation_id:
            for nat in _ec2_nat_gateways_holding(self):
                if allocation_id in _ec2_nat_allocation_ids(nat):
                    raise EC2ClientError("InvalidIPAddress.InUse",
                                         f"Address {allocation_id} is in use by {nat.id}.")
        return original(self, address=address, allocation_id=allocation_id)

    ElasticAddressBackend.release_address = release_address


@patch("ec2", cite="https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DetachInternetGateway.html")
def patch_ec2_detach_internet_gateway_with_mapped_addresses():
    """DetachInternetGateway while a public NAT gateway of the VPC still maps its address ->
    DependencyViolation "Network vpc-... has some mapped public address(es). Please unmap
    those public address(es) before detaching the gateway."

    AWS: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DetachInternetGateway.html
    ("The VPC must not contain any running EC2 instances with Elastic IP addresses or public
    IPv4 addresses"); the wording is EC2's answer, which terraform-provider-aws's internet
    gateway detach retries on DependencyViolation. moto detached it.
    """
    from moto.ec2.exceptions import DependencyViolationError
    from moto.ec2.models.internet_gateways import InternetGatewayBackend

    original = InternetGatewayBackend.detach_internet_gateway

    def detach_internet_gateway(self, internet_gateway_id, vpc_id):
        if any(nat.vpc_id == vpc_id and getattr(nat, "connectivity_type", "public") != "private"
               for nat in _ec2_nat_gateways_holding(self)):
            raise DependencyViolationError(
                f"Network {vpc_id} has some mapped public address(es). Please unmap those public "
                "address(es) before detaching the gateway.")
        return original(self, internet_gateway_id, vpc_id)

    InternetGatewayBackend.detach_internet_gateway = detach_internet_gateway


@patch("ec2", cite="https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ModifyNetworkInterfaceAttribute.html")
def patch_ec2_modify_network_interface_attachment_delete_on_termination():
    """ModifyNetworkInterfaceAttribute Attachment.DeleteOnTermination changes the attachment's
    DeleteOnTermination.

    AWS: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ModifyNetworkInterfaceAttribute.html
    (Attachment: "Information about the interface attachment. If modifying the delete on
    termination attribute, you must specify the ID of the interface attachment"). moto ignored it.
    """
    from moto.ec2.responses.elastic_network_interfaces import ElasticNetworkInterfaces

    original = ElasticNetworkInterfaces.modify_network_interface_attribute

    def modify_network_interface_attribute(self):
        value = self._get_param("Attachment.DeleteOnTermination")
        if value is not None:
            eni = self.ec2_backend.get_network_interface(self._get_param("NetworkInterfaceId"))
            attachment = self._get_param("Attachment.AttachmentId")
            if attachment and attachment != eni.attachment_id:
                from moto.ec2.exceptions import EC2ClientError
                raise EC2ClientError("InvalidAttachmentID.NotFound",
                                     f"The attachment ID '{attachment}' does not exist")
            eni.delete_on_termination = str(value).lower() == "true"
        return original(self)

    ElasticNetworkInterfaces.modify_network_interface_attribute = modify_network_interface_attribute

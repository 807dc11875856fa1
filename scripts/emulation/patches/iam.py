"""The emulator's patches of moto's IAM, one per gap where moto differs from AWS.

Checked against plain moto 5.2.1, matches AWS (no patch):
  - IAM: GetRolePolicy PolicyDocument and GetRole AssumeRolePolicyDocument come back
    URL-encoded (RFC 3986, %20 for space) in the XML; ListRolePolicies,
    ListAttachedRolePolicies, TagRole/UntagRole/ListRoleTags; CreateRole twice ->
    EntityAlreadyExists (409); PutRolePolicy/CreatePolicy validate the document.
  - IAM: ListRoles with PathPrefix answers only the roles under it, without Tags (as AWS:
    "This operation does not return ... Tags").
  - IAM instance profiles: Create (twice -> EntityAlreadyExists), AddRoleToInstanceProfile (a
    second role -> LimitExceeded), GetInstanceProfile, Tag/UntagInstanceProfile,
    DeleteInstanceProfile / DeleteRole while a role is in it -> DeleteConflict; unknown ->
    NoSuchEntity "Instance profile NAME not found".

Known differences left as they are (harmless for tapctl, or AWS's answer is not documented):
  - IAM: GetInstanceProfile of an unknown name says "Instance profile NAME not found".
"""

from ..registry import patch


@patch("iam", cite="https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html")
def patch_iam_create_role_validates_trust_policy():
    """CreateRole validates AssumeRolePolicyDocument (MalformedPolicyDocument).

    AWS: https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html (Errors:
    MalformedPolicyDocument). moto accepted "{not json" on CreateRole although it validates
    the same document on UpdateAssumeRolePolicy; this reuses that validator.
    """
    from moto.iam.models import IAMBackend
    from moto.iam.policy_validation import IAMTrustPolicyDocumentValidator

    original = IAMBackend.create_role

    def create_role(self, role_name, assume_role_policy_document, *args, **kwargs):
        IAMTrustPolicyDocumentValidator(assume_role_policy_document).validate()
        return original(self, role_name, assume_role_policy_document, *args, **kwargs)

    IAMBackend.create_role = create_role


@patch("iam", cite="https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListInstanceProfileTags.html")
def patch_iam_list_instance_profile_tags():
    """ListInstanceProfileTags (moto: "not implemented", HTTP 500).

    AWS: https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListInstanceProfileTags.html
    (Tags, IsTruncated, Marker; an unknown profile -> NoSuchEntity). The tags are the ones
    CreateInstanceProfile / TagInstanceProfile / UntagInstanceProfile keep. No paging
    (MaxItems is ignored; an instance profile has at most 50 tags).
    """
    from moto.core.responses import ActionResult
    from moto.iam.responses import IamResponse

    def list_instance_profile_tags(self):
        profile = self.backend.get_instance_profile(self._get_param("InstanceProfileName"))
        return ActionResult({"Tags": list(profile.tags), "IsTruncated": False})

    IamResponse.list_instance_profile_tags = list_instance_profile_tags


@patch("iam", cite="https://docs.aws.amazon.com/IAM/latest/APIReference/API_RemoveRoleFromInstanceProfile.html")
def patch_iam_remove_role_not_in_instance_profile():
    """RemoveRoleFromInstanceProfile of a role the profile does not hold -> NoSuchEntity.

    AWS: https://docs.aws.amazon.com/IAM/latest/APIReference/API_RemoveRoleFromInstanceProfile.html
    (Errors: NoSuchEntity, "The request was rejected because it referenced a resource entity
    that does not exist"; the wording below is ours). moto answered HTTP 500 (ValueError).
    """
    from moto.iam.exceptions import NotFoundException
    from moto.iam.models import IAMBackend

    original = IAMBackend.remove_role_from_instance_profile

    def remove_role_from_instance_profile(self, profile_name, role_name):
        profile = self.get_instance_profile(profile_name)
        role = self.get_role(role_name)
        if role not in profile.roles:
            raise NotFoundException(
                f"Role {role_name} is not in instance profile {profile_name}.")
        return original(self, profile_name, role_name)

    IAMBackend.remove_role_from_instance_profile = remove_role_from_instance_profile


@patch("iam", cite="https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountAuthorizationDetails.html")
def patch_iam_account_authorization_details():
    """GetAccountAuthorizationDetails: trust policies URL-encoded, and MaxItems/Marker paging.

    AWS: https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountAuthorizationDetails.html
    ("Policies returned by this operation are URL-encoded compliant with RFC 3986"; MaxItems
    defaults to 100, and a truncated answer has IsTruncated true and the Marker of the next
    page). moto 5.2.1 encoded the roles' inline policies but returned their
    AssumeRolePolicyDocument as plain JSON, and answered every entity in one page whatever
    MaxItems said. Entities of all requested lists count toward one page, in the order users,
    groups, roles, policies; the Marker is the position of the next one.
    """
    from moto.core.responses import ActionResult
    from moto.core.serialize import url_encode
    from moto.iam.responses import IamResponse

    IamResponse.RESPONSE_KEY_PATH_TO_TRANSFORMER = dict(IamResponse.RESPONSE_KEY_PATH_TO_TRANSFORMER)
    IamResponse.RESPONSE_KEY_PATH_TO_TRANSFORMER[
        "GetAccountAuthorizationDetailsResponse.RoleDetailList.RoleDetail.AssumeRolePolicyDocument"] = url_encode

    def get_account_authorization_details(self):
        details = self.backend.get_account_authorization_details(self._get_param("Filter", []))
        marker = int(self._get_param("Marker", "0") or 0)
        max_items = int(self._get_param("MaxItems", 100) or 100)
        lists = [("UserDetailList", details["users"]), ("GroupDetailList", details["groups"]),
                 ("RoleDetailList", details["roles"]), ("Policies", details["managed_policies"])]
        entities = [(key, entity) for key, items in lists for entity in items]
        page = entities[marker:marker + max_items]
        result = {key: [entity for k, entity in page if k == key] for key, _ in lists}
        truncated = marker + max_items < len(entities)
        result["IsTruncated"] = truncated
        if truncated:
            result["Marker"] = str(marker + max_items)
        return ActionResult(result)

    IamResponse.get_account_authorization_details = get_account_authorization_details


@patch("iam", cite="https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListInstanceProfilesForRole.html")
def patch_iam_instance_profiles_for_unknown_role():
    """ListInstanceProfilesForRole of a role that does not exist -> NoSuchEntity.

    AWS: https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListInstanceProfilesForRole.html
    (Errors: NoSuchEntity, "The request was rejected because it referenced a resource entity
    that does not exist"). moto 5.2.1 answered an empty list. A role's delete asks it first
    (DeleteRole refuses a role an instance profile still holds), so a role gone meanwhile must
    read as gone, as on AWS.
    """
    from moto.iam.models import IAMBackend

    original = IAMBackend.get_instance_profiles_for_role

    def get_instance_profiles_for_role(self, role_name):
        self.get_role(role_name)  # raises NoSuchEntity for an unknown role
        return original(self, role_name)

    IAMBackend.get_instance_profiles_for_role = get_instance_profiles_for_role

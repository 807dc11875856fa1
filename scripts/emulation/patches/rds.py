"""The emulator's patches of moto's RDS, one per gap where moto differs from AWS.

Checked against plain moto 5.2.1, matches AWS (no patch):
  - RDS: DescribeDBInstances returns StorageEncrypted, DeletionProtection, MultiAZ,
    PubliclyAccessible, BackupRetentionPeriod, DBSubnetGroup, VpcSecurityGroups, TagList,
    MasterUsername as created; DeleteDBInstance of a protected instance ->
    InvalidParameterCombination "Cannot delete protected DB Instance, please disable deletion
    protection and try again."; ModifyDBInstance DeletionProtection; FinalDBSnapshotIdentifier
    -> manual snapshot in DescribeDBSnapshots (an existing snapshot id -> DBSnapshotAlreadyExists,
    instance kept); unknown ids -> DBInstanceNotFound, DBSnapshotNotFound,
    DBSubnetGroupNotFoundFault (404); the SDK waiters DBInstanceAvailable / DBInstanceDeleted;
    DescribeDBSnapshots with DBInstanceIdentifier (and SnapshotType manual) still finds the
    final snapshot once the instance is deleted, and an identifier nothing matches is an empty
    list, not an error (the page lists DBSnapshotNotFound as its only error).

Known differences left as they are (harmless for tapctl, or AWS's answer is not documented):
  - RDS instances are "available" at once and gone at once after DeleteDBInstance (realism
    mode shows creating / modifying / deleting).
"""

from ..registry import patch
from .shared import kms_aws_managed_key, kms_key_or_none


# Longest master password per engine family (API_CreateDBInstance, MasterUserPassword).
RDS_PASSWORD_MAX_LENGTH = {"postgres": 128, "mysql": 41, "mariadb": 41, "sqlserver": 128,
                           "oracle": 30, "db2": 255}


RDS_PASSWORD_FORBIDDEN = "/@\" "


def _rds_check_master_user_password(engine, password):
    from moto.rds.exceptions import InvalidParameterValue

    if not password:
        raise InvalidParameterValue(
            "The parameter MasterUserPassword must be provided and must not be blank.")
    if len(password) < 8:
        raise InvalidParameterValue("The parameter MasterUserPassword is not a valid password "
                                    "because it is shorter than 8 characters.")
    longest = RDS_PASSWORD_MAX_LENGTH.get((engine or "postgres").split("-")[0], 128)
    if len(password) > longest:
        raise InvalidParameterValue("The parameter MasterUserPassword is not a valid password "
                                    f"because it is longer than {longest} characters.")
    if any(not " " <= ch <= "~" or ch in RDS_PASSWORD_FORBIDDEN for ch in password):
        raise InvalidParameterValue(
            "The parameter MasterUserPassword is not a valid password. Only printable ASCII "
            "characters besides '/', '@', '\"', ' ' may be used.")


@patch("rds", cite="https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html")
def patch_rds_master_user_password_rules():
    """CreateDBInstance / ModifyDBInstance check MasterUserPassword like AWS.

    AWS: https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html
    and .../API_ModifyDBInstance.html (MasterUserPassword: any printable ASCII character except
    slash, double quote and at sign, and no space; RDS for PostgreSQL 8 to 128 characters,
    MySQL/MariaDB 41, Oracle 30, SQL Server 128, Db2 255). AWS answers InvalidParameterValue
    "The parameter MasterUserPassword is not a valid password. Only printable ASCII
    characters besides '/', '@', '\"', ' ' may be used." A non-Aurora instance without
    ManageMasterUserPassword needs one. moto accepted any password, or none, for instances.
    """
    from moto.rds.responses import RDSResponse

    original_create = RDSResponse.create_db_instance
    original_modify = RDSResponse.modify_db_instance

    def create_db_instance(self):
        params = self.params
        if not params.get("DBClusterIdentifier") and not params.get("ManageMasterUserPassword"):
            _rds_check_master_user_password(params.get("Engine"), params.get("MasterUserPassword"))
        return original_create(self)

    def modify_db_instance(self):
        params = self.params
        database = self.backend.databases.get((params.get("DBInstanceIdentifier") or "").lower())
        if database is not None and params.get("MasterUserPassword") is not None:
            _rds_check_master_user_password(database.engine, params.get("MasterUserPassword"))
        return original_modify(self)

    RDSResponse.create_db_instance = create_db_instance
    RDSResponse.modify_db_instance = modify_db_instance


@patch("rds", cite="https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html")
def patch_rds_storage_encryption_key():
    """CreateDBInstance with StorageEncrypted: KmsKeyId must name a usable key; the instance
    reports the key ARN; without KmsKeyId the AWS managed key aws/rds is used.

    AWS: https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html
    (KmsKeyId: "key ARN, key ID, alias ARN, or alias name"; "If you don't specify a value for
    the KmsKeyId parameter, then Amazon RDS uses your default KMS key"; Errors:
    KMSKeyNotAccessibleFault) and .../API_DBInstance.html (KmsKeyId: "the AWS KMS key
    identifier for the encrypted DB instance ... is the key ARN"). moto stored the string as
    given (a key id, an alias, the ARN of a key that does not exist) or "default_kms_key_id".
    """
    from moto.rds.exceptions import KMSKeyNotAccessibleFault
    from moto.rds.responses import RDSResponse

    original = RDSResponse.create_db_instance

    def create_db_instance(self):
        params = self.params
        if params.get("StorageEncrypted") and not params.get("DBClusterIdentifier"):
            key_id = params.get("KmsKeyId")
            if key_id:
                key = kms_key_or_none(self.current_account, self.region, key_id)
                if key is None or key.key_state != "Enabled":
                    raise KMSKeyNotAccessibleFault(key_id)
            else:
                key = kms_aws_managed_key(self.current_account, self.region, "rds")
            params["KmsKeyId"] = key.arn
        return original(self)

    RDSResponse.create_db_instance = create_db_instance


@patch("rds", cite="https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DeleteDBInstance.html")
def patch_rds_delete_needs_a_final_snapshot_decision():
    """DeleteDBInstance needs FinalDBSnapshotIdentifier unless SkipFinalSnapshot, not both.

    AWS: https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DeleteDBInstance.html
    (SkipFinalSnapshot defaults to false: "If you don't enable this parameter, you must
    specify the FinalDBSnapshotIdentifier parameter"; FinalDBSnapshotIdentifier: "Specifying
    this parameter and also skipping the creation of a final DB snapshot with the
    SkipFinalShapshot parameter results in an error"). AWS answers InvalidParameterCombination
    "FinalDBSnapshotIdentifier is required unless SkipFinalSnapshot is specified." moto
    deleted the instance without any snapshot. Read replicas and Aurora members are exempt.
    """
    from moto.rds.exceptions import InvalidParameterCombination
    from moto.rds.responses import RDSResponse

    original = RDSResponse.delete_db_instance

    def delete_db_instance(self):
        params = self.params
        database = self.backend.databases.get((params.get("DBInstanceIdentifier") or "").lower())
        standalone = (database is not None and not database.is_replica
                      and not getattr(database, "db_cluster_identifier", None))
        if standalone:
            final, skip = params.get("FinalDBSnapshotIdentifier"), params.get("SkipFinalSnapshot")
            if not final and not skip:
                raise InvalidParameterCombination(
                    "FinalDBSnapshotIdentifier is required unless SkipFinalSnapshot is specified.")
            if final and skip:
                raise InvalidParameterCombination(
                    "You cannot specify both FinalDBSnapshotIdentifier and SkipFinalSnapshot")
        return original(self)

    RDSResponse.delete_db_instance = delete_db_instance


def _rds_check_subnet_group_azs(subnets):
    from moto.rds.exceptions import RDSClientError

    zones = sorted({subnet.availability_zone for subnet in subnets})
    if len(zones) < 2:
        raise RDSClientError(
            "DBSubnetGroupDoesNotCoverEnoughAZs",
            "The DB subnet group doesn't meet Availability Zone (AZ) coverage requirement. "
            f"Current AZ coverage: {', '.join(zones)}. Add subnets to cover at least 2 AZs.")


@patch("rds", cite="https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBSubnetGroup.html")
def patch_rds_create_subnet_group_checks():
    """CreateDBSubnetGroup: an existing name -> DBSubnetGroupAlreadyExists; subnets in
    fewer than two Availability Zones -> DBSubnetGroupDoesNotCoverEnoughAZs.

    AWS: https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBSubnetGroup.html
    (Errors: DBSubnetGroupAlreadyExists, DBSubnetGroupDoesNotCoverEnoughAZs: "Subnets in the
    DB subnet group should cover at least two Availability Zones unless there is only one
    Availability Zone."). moto silently replaced an existing group and accepted one AZ.
    """
    from moto.rds.exceptions import RDSClientError
    from moto.rds.models import RDSBackend

    original = RDSBackend.create_subnet_group

    def create_subnet_group(self, subnet_name, description, subnets, tags):
        if subnet_name in self.subnet_groups:
            raise RDSClientError("DBSubnetGroupAlreadyExistsFault",
                                 f"The DB subnet group '{subnet_name}' already exists.")
        _rds_check_subnet_group_azs(subnets)
        return original(self, subnet_name, description, subnets, tags)

    RDSBackend.create_subnet_group = create_subnet_group


@patch("rds", cite="https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_ModifyDBSubnetGroup.html")
def patch_rds_modify_subnet_group_keeps_it():
    """ModifyDBSubnetGroup changes the group in place (moto dropped it: the group vanished
    from DescribeDBSubnetGroups after a successful modify; an unknown name was HTTP 500).

    AWS: https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_ModifyDBSubnetGroup.html
    (Errors: DBSubnetGroupNotFoundFault, DBSubnetGroupDoesNotCoverEnoughAZs).
    """
    from moto.rds.exceptions import DBSubnetGroupNotFoundError
    from moto.rds.models import RDSBackend

    def modify_db_subnet_group(self, subnet_name, description, subnets):
        group = self.subnet_groups.get(subnet_name)
        if group is None:
            raise DBSubnetGroupNotFoundError(subnet_name)
        _rds_check_subnet_group_azs(subnets)
        group.subnets = subnets
        if description is not None:
            group.description = description
        return group

    RDSBackend.modify_db_subnet_group = modify_db_subnet_group


@patch("rds", cite="https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DeleteDBSubnetGroup.html")
def patch_rds_subnet_group_in_use_cannot_be_deleted():
    """DeleteDBSubnetGroup fails while a DB instance uses the group.

    AWS: https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DeleteDBSubnetGroup.html
    ("The specified database subnet group must not be associated with any DB instances";
    Errors: InvalidDBSubnetGroupStateFault, message "Cannot delete the subnet group 'NAME'
    because at least one database instance: ID is still using it."). moto deleted it, so a
    destroy in the wrong order passed.
    """
    from moto.rds.exceptions import RDSClientError
    from moto.rds.models import RDSBackend

    original = RDSBackend.delete_subnet_group

    def delete_subnet_group(self, subnet_name):
        for database in list(self.databases.values()):
            group = getattr(database, "db_subnet_group", None)
            if group is not None and group.name == subnet_name:
                raise RDSClientError(
                    "InvalidDBSubnetGroupStateFault",
                    f"Cannot delete the subnet group '{subnet_name}' because at least one database "
                    f"instance: {database.db_instance_identifier} is still using it.")
        return original(self, subnet_name)

    RDSBackend.delete_subnet_group = delete_subnet_group


@patch("rds", cite="https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_ListTagsForResource.html")
def patch_rds_tags_need_the_resource():
    """ListTagsForResource / AddTagsToResource / RemoveTagsFromResource on the ARN of a DB
    instance, subnet group, snapshot or cluster that does not exist -> its NotFound fault.

    AWS: https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_ListTagsForResource.html
    (and API_AddTagsToResource / API_RemoveTagsFromResource; Errors: DBInstanceNotFound,
    DBSnapshotNotFound, DBClusterNotFoundFault, ...). moto answered an empty tag list and
    silently dropped new tags.
    """
    from moto.rds.exceptions import (DBClusterNotFoundError, DBInstanceNotFoundError,
                                     DBSnapshotNotFoundFault, DBSubnetGroupNotFoundError)
    from moto.rds.models import RDSBackend

    missing = {"db": DBInstanceNotFoundError, "subgrp": DBSubnetGroupNotFoundError,
               "snapshot": DBSnapshotNotFoundFault, "cluster": DBClusterNotFoundError}
    original = RDSBackend._get_resource_for_tagging

    def _get_resource_for_tagging(self, arn):
        resource = original(self, arn)
        parts = arn.split(":", 6)
        if resource is None and len(parts) == 7 and parts[5] in missing:
            raise missing[parts[5]](parts[6])
        return resource

    RDSBackend._get_resource_for_tagging = _get_resource_for_tagging


@patch("rds",
       cite="https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_WorkingWithAutomatedBackups.Retaining.html")
def patch_rds_retained_automated_backups_stay_apart():
    """Automated backups retained from a deleted instance never block a new instance of the
    same name, and deleting the new instance does not delete them.

    AWS: https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_WorkingWithAutomatedBackups.Retaining.html
    (with DeleteAutomatedBackups=false the automated backups are retained apart from any
    instance, keyed by the old instance's DbiResourceId, until they expire or
    DeleteDBInstanceAutomatedBackup removes them) and .../APIReference/API_DeleteDBInstance.html
    (DeleteAutomatedBackups "remove automated backups immediately after the DB instance is
    deleted": the backups of that instance only). moto names the automated snapshot taken at
    CreateDBInstance "rds:<id>-<yyyy-mm-dd-hh-mm>": re-creating an instance within the same
    minute as the retained backup failed with DBSnapshotAlreadyExists (and left the instance
    half created), and a later DeleteDBInstance deleted the retained backups of the earlier
    instance too. Here a colliding automated snapshot id gets a "-2", "-3"... suffix (manual
    snapshots, e.g. FinalDBSnapshotIdentifier, keep their ids), and DeleteDBInstance only
    deletes the automated snapshots of the instance being deleted.
    """
    from moto.rds.models import RDSBackend

    original_auto = RDSBackend.create_auto_snapshot
    original_delete = RDSBackend.delete_db_instance

    def create_auto_snapshot(self, db_instance_identifier, db_snapshot_identifier):
        snapshot_id, n = db_snapshot_identifier, 1
        while snapshot_id in self.database_snapshots:
            n += 1
            snapshot_id = f"{db_snapshot_identifier}-{n}"
        return original_auto(self, db_instance_identifier, snapshot_id)

    def automated(self, db_instance_identifier):
        return {sid: snap for sid, snap in self.database_snapshots.items()
                if snap.snapshot_type == "automated"
                and snap.database.db_instance_identifier == db_instance_identifier}

    def delete_db_instance(self, db_instance_identifier, *args, **kwargs):
        # Backups already retained from an earlier instance of this name are not this one's.
        retained = {sid: snap for sid, snap in automated(self, db_instance_identifier).items()
                    if getattr(snap, "tapctl_retained", False)}
        result = original_delete(self, db_instance_identifier, *args, **kwargs)
        for snap in automated(self, db_instance_identifier).values():
            snap.tapctl_retained = True  # kept (DeleteAutomatedBackups=false): retained now
        self.database_snapshots.update(retained)
        return result

    RDSBackend.create_auto_snapshot = create_auto_snapshot
    RDSBackend.delete_db_instance = delete_db_instance


def _rds_page(model, operation, key, entries, params):
    """One page of an RDS Describe* answer by MaxRecords and Marker, through moto's paginator
    (``model`` names ``operation``). A marker moto did not hand out for these parameters is
    refused as InvalidParameterValue: moto's InvalidToken is JSON, which an RDS client cannot read.
    """
    from moto.core.exceptions import InvalidToken
    from moto.rds.exceptions import InvalidParameterValue
    from moto.utilities.paginator import paginate

    def listing(**_):
        return entries

    listing.__name__ = operation  # the name paginate looks up in the model
    original = params.original_dict() if hasattr(params, "original_dict") else dict(params)
    try:
        page, marker = paginate(model)(listing)(**original)
    except InvalidToken:
        raise InvalidParameterValue("The marker is not valid for this request.")
    result = {key: page}
    if marker:
        result["Marker"] = marker
    return result


@patch("rds", cite="https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DescribeDBSnapshots.html")
def patch_rds_describe_db_snapshots_pages():
    """DescribeDBSnapshots pages by MaxRecords and Marker.

    AWS: https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DescribeDBSnapshots.html
    ("This API action supports pagination"; MaxRecords: when more records exist, "a pagination
    token called a marker is included in the response so that you can retrieve the remaining
    results", default 100; Marker: the response "includes only records beyond the marker, up
    to the value specified by MaxRecords"). moto 5.2.1 answered every snapshot in one page
    whatever MaxRecords said (it pages DescribeDBInstances, not this), so a caller that read
    only the first page was never caught. The marker is moto's own opaque paging token, valid
    only with the same other parameters; one that is not is refused as InvalidParameterValue
    (the page does not say what AWS answers, and moto's InvalidToken is JSON, which an RDS
    client cannot read). MaxRecords outside 20..100 (AWS's constraint) is not refused here.
    """
    from moto.core.responses import ActionResult
    from moto.rds.responses import RDSResponse

    model = {"DescribeDBSnapshots": {"input_token": "Marker", "limit_key": "MaxRecords", "limit_default": 100,
                                     "unique_attribute": "db_snapshot_identifier"}}
    original = RDSResponse.describe_db_snapshots

    def describe_db_snapshots(self):
        snapshots = original(self).result["DBSnapshots"]

        return ActionResult(_rds_page(model, "DescribeDBSnapshots", "DBSnapshots", snapshots, self.params))

    RDSResponse.describe_db_snapshots = describe_db_snapshots


# The RDS for PostgreSQL versions AWS offers in 2026, by major version, oldest first. AWS's notice
# of 2026 (RDS for PostgreSQL minor versions 14.14-14.17, 15.9-15.12, 16.5-16.8 and 17.1-17.4 reach
# the end of standard support on May 31, 2026; no new instances of them from May 1, 2026; instances
# are upgraded to 14.20, 15.15, 16.11, 17.7 or higher) retires the last of the minors released
# before May 2025; the earlier ones (16.1-16.4 with their peers 14.10-14.13 and 15.5-15.8) were
# retired before. See https://docs.aws.amazon.com/AmazonRDS/latest/PostgreSQLReleaseNotes/postgresql-release-calendar.html
# and .../PostgreSQLReleaseNotes/postgresql-versions.html. Majors 13 and older (RDS Extended
# Support) are not modelled.
RDS_POSTGRES_OFFERED = {
    "14": ["14.18", "14.19", "14.20"],
    "15": ["15.13", "15.14", "15.15"],
    "16": ["16.9", "16.10", "16.11"],
    "17": ["17.5", "17.6", "17.7"],
    "18": ["18.1"],
}


RDS_POSTGRES_RETIRED = ([f"14.{m}" for m in range(10, 18)] + [f"15.{m}" for m in range(5, 13)]
                        + [f"16.{m}" for m in range(1, 9)] + [f"17.{m}" for m in range(1, 5)])


def _rds_version_key(version):
    return [int(part) if part.isdigit() else 0 for part in version.split(".")]


def _rds_postgres_versions(include_retired):
    """Every postgres version RDS lists, oldest first, as (version, status)."""
    versions = [(v, "available") for minors in RDS_POSTGRES_OFFERED.values() for v in minors]
    if include_retired:
        versions += [(v, "deprecated") for v in RDS_POSTGRES_RETIRED]
    return sorted(versions, key=lambda item: _rds_version_key(item[0]))


def _rds_postgres_default(major=None):
    """The version RDS creates when given only a major version (its newest minor), or none at all
    (the newest version)."""
    if major is None:
        return _rds_postgres_versions(False)[-1][0]
    minors = RDS_POSTGRES_OFFERED.get(major)
    return minors[-1] if minors else None


@patch("rds", cite="https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DescribeDBEngineVersions.html")
def patch_rds_postgres_engine_versions():
    """DescribeDBEngineVersions answers the RDS for PostgreSQL versions AWS offers now;
    CreateDBInstance refuses a postgres version AWS does not offer, and creates the newest minor of
    a major-only version (reported as that minor).

    AWS: https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DescribeDBEngineVersions.html
    (Engine, EngineVersion, DBParameterGroupFamily, DefaultOnly "only the default version of the
    specified engine or the engine and major version combination", IncludeAll "also list the engine
    versions that aren't available" (retired ones, Status "deprecated" here), MaxRecords default
    100 and Marker "This API action supports pagination"); versions as in RDS_POSTGRES_OFFERED
    above (release calendar and versions pages cited there). An EngineVersion matches on whole
    leading parts, as AWS answers it: "16" lists every 16.x (terraform-provider-aws's acceptance
    tests of aws_rds_engine_version rely on it: version "15" with latest gives a 15.x, "8.0" an
    8.0.x). .../PostgreSQLReleaseNotes/postgresql-versions.html: a new instance may name a major
    version alone or with any available minor; with a major version alone RDS uses the latest
    release of that major, with no version an available one, usually the newest (the
    describe-db-engine-versions --default-only answer); .../APIReference/API_DBInstance.html
    (EngineVersion: the version the instance runs, so the minor RDS chose). A version RDS does not
    offer: HTTP 400 InvalidParameterCombination "Cannot find version 16.4 for postgres", as AWS
    answers CreateDBInstance of a retired minor.

    moto 5.2.1 answered DescribeDBEngineVersions with HTTP 500 (not implemented), created any
    version string given, kept a major-only "16" as EngineVersion "16" (parameter group
    "default.postgres", no such family), and without EngineVersion created postgres 9.3.3.
    Not modelled: other engines (an empty list), Filters, ListSupportedCharacterSets/Timezones,
    ValidUpgradeTarget; ModifyDBInstance to a retired version is not refused; a
    DBParameterGroupFamily that does not exist answers an empty list (the page only says it "must
    match an existing DB parameter group family").
    """
    from moto.core.responses import ActionResult
    from moto.rds.exceptions import InvalidParameterCombination
    from moto.rds.responses import RDSResponse

    model = {"DescribeDBEngineVersions": {"input_token": "Marker", "limit_key": "MaxRecords", "limit_default": 100,
                                          "unique_attribute": ["Engine", "EngineVersion"]}}

    def version_entry(version, status):
        major = version.split(".")[0]
        return {"Engine": "postgres", "EngineVersion": version, "DBParameterGroupFamily": f"postgres{major}",
                "DBEngineDescription": "PostgreSQL", "DBEngineVersionDescription": f"PostgreSQL {version}-R1",
                "MajorEngineVersion": major, "Status": status, "SupportsReadReplica": True,
                "SupportsLogExportsToCloudwatchLogs": True, "ExportableLogTypes": ["postgresql", "upgrade"]}

    def matches(version, wanted):
        return version == wanted or version.startswith(wanted + ".")

    def describe_db_engine_versions(self):
        params = self.params
        engine = params.get("Engine")
        wanted = params.get("EngineVersion")
        family = params.get("DBParameterGroupFamily")
        versions = [] if engine not in (None, "postgres") else _rds_postgres_versions(bool(params.get("IncludeAll")))
        entries = [version_entry(v, status) for v, status in versions
                   if (not wanted or matches(v, wanted))
                   and (not family or family == f"postgres{v.split('.')[0]}")]
        if params.get("DefaultOnly") and entries:
            default = _rds_postgres_default(wanted.split(".")[0] if wanted else None)
            entries = [e for e in entries if e["EngineVersion"] == default] or entries[-1:]

        return ActionResult(_rds_page(model, "DescribeDBEngineVersions", "DBEngineVersions", entries, params))

    original_create = RDSResponse.create_db_instance

    def create_db_instance(self):
        params = self.params
        if (params.get("Engine") or "").lower() == "postgres" and not params.get("DBClusterIdentifier"):
            version = params.get("EngineVersion")
            offered = {v for minors in RDS_POSTGRES_OFFERED.values() for v in minors}
            if not version:
                params["EngineVersion"] = _rds_postgres_default()
            elif version in RDS_POSTGRES_OFFERED:
                params["EngineVersion"] = _rds_postgres_default(version)
            elif version not in offered:
                raise InvalidParameterCombination(f"Cannot find version {version} for postgres")
        return original_create(self)

    RDSResponse.describe_db_engine_versions = describe_db_engine_versions
    RDSResponse.create_db_instance = create_db_instance

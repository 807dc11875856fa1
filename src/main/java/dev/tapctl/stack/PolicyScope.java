package dev.tapctl.stack;

/**
 * What a grant of the deployer's IAM policy may name as its resources: one environment's objects of
 * a kind, as narrowly as their ARNs allow ({@link PolicyResources} says which ARNs each is).
 */
public enum PolicyScope {
    /** Actions that authorize against no resource type ("*" in the Service Authorization Reference). */
    ANY,
    /**
     * EC2 objects of the region: their ids are made by EC2, so no ARN carries the environment; the
     * account is a wildcard because launches also name AMIs (no account) and AWS's endpoint services.
     */
    EC2_REGION,
    /** Key ids are made by KMS, so the key ARN cannot carry the environment: any key of the region. */
    KEYS,
    /** The environment's alias, and the keys it names. */
    KEY_ALIAS,
    /** The environment's log groups: its own path and its functions' groups. */
    LOG_GROUPS,
    /** DescribeLogGroups authorizes only against {@code log-group:*}. */
    ANY_LOG_GROUP,
    /** The environment's roles and the account-wide API Gateway logging role it may set. */
    ROLES,
    INSTANCE_PROFILES,
    QUEUES,
    SECRET,
    /** The database, its subnet group, its final snapshots and the default groups RDS creates it with. */
    DATABASE,
    TABLE,
    /** The table of every environment's lock (one item per environment). */
    LOCK_TABLE,
    BUCKET,
    FUNCTIONS,
    /** API Gateway's REST API, key, usage plan, account and tag paths of the region: their ids are made by API Gateway. */
    API_GATEWAY,
    /** The alarm topic and its subscriptions. */
    TOPIC,
    ALARMS,
    /** The public SSM parameters that name the AMIs ({@code resolve:ssm:/aws/service/...}). */
    PUBLIC_AMI_PARAMETERS
}

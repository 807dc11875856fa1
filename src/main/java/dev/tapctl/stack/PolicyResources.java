package dev.tapctl.stack;

import dev.tapctl.config.TapConfig;
import java.util.List;

/**
 * The ARNs each {@link PolicyScope} stands for in one environment, account and region: the names of
 * {@link Names}, so that what the deployer is granted is what the stack names.
 */
public final class PolicyResources {
    private final Names names;
    private final Arns arns;
    private final String account;
    private final String region;
    private final String lockTable;

    private PolicyResources(TapConfig config, String account, String lockTable) {
        this.names = new Names(config);
        this.arns = Arns.of(config.region(), account);
        this.account = account;
        this.region = config.region();
        this.lockTable = lockTable;
    }

    /** The resources of {@code config}'s environment in {@code account}; {@code lockTable}: the lock's table. */
    public static PolicyResources of(TapConfig config, String account, String lockTable) {
        return new PolicyResources(config, account, lockTable);
    }

    public List<String> arns(PolicyScope scope) {
        return switch (scope) {
            case ANY -> List.of("*");
            case EC2_REGION -> List.of(arns.inRegionAnyAccount("ec2", "*"));
            case KEYS -> List.of(arns.regional("kms", "key/*"));
            case KEY_ALIAS -> List.of(arns.regional("kms", names.keyAlias()), arns.regional("kms", "key/*"));
            case LOG_GROUPS ->
                List.of(arns.logGroup(names.anyEnvLogGroup()), arns.logGroup(names.anyFunctionLogGroup()));
            case ANY_LOG_GROUP -> List.of(arns.logGroup("*"));
            // A role's ARN holds its path: the environment's roles are under theirs; those made
            // before roles had paths, at "/", are named here so that their replacement can delete them.
            case ROLES ->
                List.of(
                        arns.global("iam", "role" + names.rolePath() + names.anyPrefixed()),
                        arns.global("iam", "role/" + names.anyPrefixed()),
                        arns.global("iam", "role/" + names.apiGatewayCloudWatchRole()));
            case INSTANCE_PROFILES -> List.of(arns.global("iam", "instance-profile/" + names.anyPrefixed()));
            case QUEUES -> List.of(arns.regional("sqs", names.anyPrefixed()));
            // Secrets Manager appends six random characters to a secret's name in its ARN.
            case SECRET -> List.of(arns.regional("secretsmanager", "secret:" + names.dbSecret() + "-??????"));
            case DATABASE ->
                List.of(
                        arns.regional("rds", "db:" + names.db()),
                        arns.regional("rds", "subgrp:" + names.dbSubnetGroup()),
                        arns.regional("rds", "snapshot:" + names.dbFinalSnapshotPrefix() + "-*"),
                        arns.regional("rds", "og:default:*"),
                        arns.regional("rds", "pg:default.*"));
            case TABLE -> List.of(arns.table(names.table()));
            case LOCK_TABLE -> List.of(arns.table(lockTable));
            case BUCKET -> List.of(arns.bucket(names.bucket(account, region)));
            case FUNCTIONS -> List.of(arns.function(names.anyPrefixed()));
            case API_GATEWAY ->
                List.of(
                        apiGateway("/account"),
                        apiGateway("/apikeys"),
                        apiGateway("/apikeys/*"),
                        apiGateway("/restapis"),
                        apiGateway("/restapis/*"),
                        apiGateway("/tags/*"),
                        apiGateway("/usageplans"),
                        apiGateway("/usageplans/*"));
            case TOPIC -> List.of(arns.topic(names.alarmTopic()), arns.topic(names.alarmTopic() + ":*"));
            case ALARMS -> List.of(arns.alarm(names.anyPrefixed()));
            case PUBLIC_AMI_PARAMETERS -> List.of(arns.inRegionOnly("ssm", "parameter/aws/service/*"));
        };
    }

    private String apiGateway(String path) {
        return arns.inRegionOnly("apigateway", path);
    }
}

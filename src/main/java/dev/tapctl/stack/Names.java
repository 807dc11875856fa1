package dev.tapctl.stack;

import dev.tapctl.config.TapConfig;
import dev.tapctl.stack.spec.IamRoleSpec;

/**
 * The AWS name of every resource of an environment, keyed by it: {@code <project>-<env>-...}
 * (the prefix), the key's alias and the log groups' paths. One place, so that what the stack
 * names, watches and grants is the same name.
 */
final class Names {
    private final TapConfig config;

    Names(TapConfig config) {
        this.config = config;
    }

    private String prefixed(String what) {
        return config.prefix() + "-" + what;
    }

    /** Log groups of this environment live under {@code /<project>/<env>/}. */
    private String envLogGroup(String what) {
        return "/" + config.project() + "/" + config.env() + "/" + what;
    }

    /** Every name of this environment ({@code <prefix>-*}): alarms, functions. */
    String anyPrefixed() {
        return prefixed("*");
    }

    String keyAlias() {
        return "alias/" + config.prefix();
    }

    /** Every log group of this environment's own path. */
    String anyEnvLogGroup() {
        return envLogGroup("*");
    }

    String vpc() {
        return prefixed("vpc");
    }

    String internetGateway() {
        return prefixed("igw");
    }

    /**
     * Subnet {@code index} (0-based) of {@code tier}. The letter is the subnet's index (a: the first
     * zone chosen), not its zone's own letter: names and Name tags stay what stacks made before zones
     * were looked up carry (no update for them), and an offline plan still knows them. Where the
     * zones are a, b, c... the two agree.
     */
    String subnet(String tier, int index) {
        return prefixed(tier + "-" + letter(index));
    }

    String publicRouteTable() {
        return prefixed("public-rt");
    }

    /** The one private route table of a stack with at most one NAT gateway. */
    String privateRouteTable() {
        return prefixed("private-rt");
    }

    /** The private route table of zone {@code index} (0-based), with one NAT gateway per zone. */
    String privateRouteTable(int index) {
        return prefixed("private-rt-" + letter(index));
    }

    /** NAT gateway {@code n} (1-based) and its Elastic IP share the name. */
    String natGateway(int n) {
        return prefixed("nat-" + n);
    }

    String appGroup() {
        return prefixed("app");
    }

    String dbGroup() {
        return prefixed("db");
    }

    String endpointsGroup() {
        return prefixed("endpoints");
    }

    String endpoint(String service) {
        return prefixed(service);
    }

    String flowLogGroup() {
        return envLogGroup("vpc-flow-logs");
    }

    String flowLogRole() {
        return prefixed("vpc-flow-logs");
    }

    String flowLog() {
        return prefixed("vpc-flow-log");
    }

    String dbSecret() {
        return config.project() + "/" + config.env() + "/rds/master";
    }

    String dbSubnetGroup() {
        return prefixed("db");
    }

    String db() {
        return prefixed("db");
    }

    /** Final snapshots are {@code <this>-<UTC timestamp>}. */
    String dbFinalSnapshotPrefix() {
        return db() + "-final";
    }

    String table() {
        return prefixed("items");
    }

    /** Bucket names are global: the account and region make this environment's one unique. */
    String bucket(String account, String region) {
        return prefixed(account + "-" + region);
    }

    /** The bucket's name before the account is known, as plans show it. */
    String bucketDisplay() {
        return bucket("<account>", config.region());
    }

    String function(String function) {
        return prefixed(function);
    }

    String functionDlq(String function) {
        return function(function) + "-dlq";
    }

    /** Lambda's own log group path for a function. */
    String functionLogGroup(String function) {
        return "/aws/lambda/" + function(function);
    }

    /** Every function log group of this environment. */
    String anyFunctionLogGroup() {
        return "/aws/lambda/" + anyPrefixed();
    }

    /** Where the environment's roles are (see IamRoleSpec). */
    String rolePath() {
        return IamRoleSpec.environmentPath(config.project(), config.env());
    }

    String functionRole(String function) {
        return function(function) + "-fn";
    }

    String api() {
        return prefixed("api");
    }

    /** The REST API's routes, a part of the API rather than an object with a name of its own. */
    String apiRoutes() {
        return api() + "/routes";
    }

    /** The REST API's customized gateway responses, a part of the API likewise. */
    String apiGatewayResponses() {
        return api() + "/gateway-responses";
    }

    String apiAccessLogGroup() {
        return envLogGroup("api-access");
    }

    /** The access log groups of every environment of the project (the account-wide role writes them all). */
    String anyEnvApiAccessLogGroup() {
        return "/" + config.project() + "/*/api-access";
    }

    /** Account-wide, shared by every environment of the project. */
    String apiGatewayCloudWatchRole() {
        return config.project() + "-apigateway-cloudwatch";
    }

    /** The region's API Gateway account setting. */
    String apiAccount() {
        return "apigateway-account-" + config.region();
    }

    String stage() {
        return api() + "/" + config.api().stageName();
    }

    String usagePlan() {
        return api() + "-plan";
    }

    String apiKey(String client) {
        return prefixed(client);
    }

    String usagePlanKey(String client) {
        return usagePlan() + "/" + apiKey(client);
    }

    String lambdaPermission(String function) {
        return function(function) + "/apigateway";
    }

    String computeRole() {
        return prefixed("app");
    }

    /** Instance {@code n} (1-based). */
    String instance(int n) {
        return prefixed("app-" + n);
    }

    String alarmTopic() {
        return prefixed("alarms");
    }

    String alarm(String what) {
        return prefixed(what);
    }

    private static char letter(int index) {
        return (char) ('a' + index);
    }
}

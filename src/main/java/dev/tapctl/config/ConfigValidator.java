package dev.tapctl.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Semantic rules on a parsed configuration; each problem carries its dotted key. */
final class ConfigValidator {
    /** CloudWatch Logs accepts only these retention periods (PutRetentionPolicy, retentionInDays). */
    static final Set<Integer> RETENTION_DAYS = Set.of(
            1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653);

    static final int MAX_AZ_COUNT = 6;
    private static final Pattern PROJECT = Pattern.compile("[a-z][a-z0-9]{1,11}");
    static final Pattern REGION = Pattern.compile("[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\\d");
    private static final Pattern CIDR = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");
    private static final Pattern ENGINE_VERSION = Pattern.compile("\\d{1,2}(\\.\\d{1,2})?");
    private static final Pattern INSTANCE_CLASS = Pattern.compile("db\\.[a-z0-9]+\\.[a-z0-9]+");
    private static final Pattern DB_USER = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,15}");
    private static final Pattern DB_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,62}");
    private static final Pattern FUNCTION_NAME = Pattern.compile("[a-z][a-z0-9-]{0,19}");
    private static final Pattern HANDLER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*\\.[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern ENV_VAR = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");
    private static final Pattern STAGE_NAME = Pattern.compile("[A-Za-z0-9_]{1,64}");
    private static final Pattern ORIGIN = Pattern.compile("https?://[a-z0-9.-]+(:\\d{1,5})?");
    private static final Pattern HEADER = Pattern.compile("[A-Za-z0-9-]+");
    private static final Pattern INSTANCE_TYPE = Pattern.compile("[a-z][a-z0-9-]*\\.[a-z0-9]+");
    private static final Pattern AMI = Pattern.compile("ami-[0-9a-f]{8,17}|resolve:ssm:/[A-Za-z0-9_./-]+");
    /** API key names (the key's name is {@code <prefix>-<client>}). */
    private static final Pattern API_CLIENT = Pattern.compile("[a-z][a-z0-9-]{0,31}");
    /** What SNS accepts as an email endpoint, loosely: one @, a dot in the domain, no spaces. */
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    private static final Set<String> RUNTIMES = Set.of("python3.12", "python3.13");
    private static final List<String> LOG_LEVELS = List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL");
    private static final List<String> HTTP_METHODS =
            List.of("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD");
    /** Item-level actions only: tapctl never grants table administration to a function. */
    static final Set<String> TABLE_ACTIONS = Set.of(
            "GetItem",
            "BatchGetItem",
            "Query",
            "Scan",
            "PutItem",
            "UpdateItem",
            "DeleteItem",
            "BatchWriteItem",
            "ConditionCheckItem");
    /** Set by tapctl on every function. */
    static final List<String> RESERVED_ENV = List.of(
            "TABLE_NAME",
            "PARTITION_KEY",
            "SORT_KEY",
            "TAP_ENV",
            "LOG_LEVEL",
            "ALLOWED_ORIGINS",
            "WORKER_FUNCTION_NAME");

    private static final Set<String> RESERVED_TAGS = Set.of("Project", "Environment", "ManagedBy", "Name");

    List<ConfigLoader.Problem> validate(TapConfig config) {
        List<ConfigLoader.Problem> problems = new ArrayList<>();
        matching(
                "project",
                PROJECT,
                config.project(),
                "must be 2-12 lowercase letters or digits, starting with a letter (it prefixes every resource name)",
                problems);
        matching("region", REGION, config.region(), "is not an AWS region name such as us-east-1", problems);
        validateCidr(config.network().cidr(), problems);
        int azCount = config.network().azCount();
        // RDS refuses a DB subnet group that covers fewer than two Availability Zones.
        if (azCount < 2 || azCount > MAX_AZ_COUNT) {
            problems.add(problem(
                    "network.azCount",
                    azCount + " is out of range (2 to " + MAX_AZ_COUNT
                            + "; the database needs two Availability Zones)"));
        }
        int nat = config.network().natGateways();
        if (nat != 0 && nat != 1 && nat != azCount) {
            problems.add(problem(
                    "network.natGateways",
                    nat + " must be 0 (no internet egress), 1 (one shared) or " + azCount
                            + " (one per zone, network.azCount)"));
        }
        int retention = config.logs().retentionDays();
        if (!RETENTION_DAYS.contains(retention)) {
            problems.add(problem(
                    "logs.retentionDays",
                    retention + " is not a retention CloudWatch Logs accepts (one of "
                            + RETENTION_DAYS.stream()
                                    .sorted()
                                    .map(String::valueOf)
                                    .reduce((a, b) -> a + ", " + b)
                                    .orElse("")
                            + ")"));
        }
        int window = config.kms().deletionWindowDays();
        if (window < 7 || window > 30) {
            problems.add(problem("kms.deletionWindowDays", window + " is out of range (7 to 30 days)"));
        }
        validateDatabase(config.database(), problems);
        validateTable(config.table(), problems);
        validateFunctions(config.functions(), problems);
        validateApi(config, problems);
        validateCompute(config.compute(), problems);
        validateAlarms(config.alarms(), problems);
        for (Map.Entry<String, String> tag : config.tags().entrySet()) {
            String key = tag.getKey();
            if (RESERVED_TAGS.contains(key)
                    || key.startsWith("tapctl:")
                    || key.toLowerCase().startsWith("aws:")) {
                problems.add(tagProblem(
                        key,
                        "is reserved (tapctl sets Project, Environment, ManagedBy, Name and tapctl:*; aws: is AWS's)"));
            } else if (key.isEmpty() || key.length() > 128) {
                problems.add(tagProblem(key, "tag keys must be 1 to 128 characters"));
            } else if (tag.getValue() == null || tag.getValue().length() > 256) {
                problems.add(tagProblem(key, "tag values must be 0 to 256 characters"));
            }
        }
        return problems;
    }

    private static void validateDatabase(TapConfig.DatabaseConfig db, List<ConfigLoader.Problem> problems) {
        matching(
                "database.engineVersion",
                ENGINE_VERSION,
                db.engineVersion(),
                "is not a PostgreSQL version such as 16 or 16.11",
                problems);
        matching(
                "database.instanceClass",
                INSTANCE_CLASS,
                db.instanceClass(),
                "is not an RDS instance class such as db.t4g.micro",
                problems);
        // RDS for PostgreSQL: 20 GiB to 64 TiB of gp3 storage.
        inRange("database.allocatedStorageGb", db.allocatedStorageGb(), 20, 65536, problems);
        // 0 would turn automated backups off; 35 is RDS's maximum.
        if (db.backupRetentionDays() < 1 || db.backupRetentionDays() > 35) {
            problems.add(problem(
                    "database.backupRetentionDays",
                    db.backupRetentionDays() + " is out of range (1 to 35; backups stay on)"));
        }
        if (!DB_USER.matcher(db.masterUsername()).matches()
                || db.masterUsername().equalsIgnoreCase("rdsadmin")) {
            problems.add(problem(
                    "database.masterUsername",
                    "\"" + db.masterUsername()
                            + "\" must be 1-16 letters, digits or '_', starting with a letter, and not rdsadmin"));
        }
        matching(
                "database.databaseName",
                DB_NAME,
                db.databaseName(),
                "must be 1-63 letters, digits or '_', starting with a letter",
                problems);
    }

    private static void validateTable(TapConfig.TableConfig table, List<ConfigLoader.Problem> problems) {
        validateKey("table.partitionKey", table.partitionKey(), problems);
        validateKey("table.sortKey", table.sortKey(), problems);
        if (table.partitionKey().name().equals(table.sortKey().name())) {
            problems.add(problem("table.sortKey.name", "must differ from the partition key's name"));
        }
        if (!table.billingMode().equals("PAY_PER_REQUEST")) {
            problems.add(problem(
                    "table.billingMode",
                    "\"" + table.billingMode() + "\" is not supported (PAY_PER_REQUEST: on-demand capacity)"));
        }
    }

    private static void validateKey(String path, TapConfig.KeyConfig key, List<ConfigLoader.Problem> problems) {
        if (key.name().isEmpty() || key.name().length() > 255) {
            problems.add(problem(path + ".name", "must be 1 to 255 characters"));
        }
        if (!Set.of("S", "N", "B").contains(key.type())) {
            problems.add(problem(path + ".type", "\"" + key.type() + "\" is not a key type (S, N or B)"));
        }
    }

    private static void validateFunctions(
            Map<String, TapConfig.FunctionConfig> functions, List<ConfigLoader.Problem> problems) {
        for (Map.Entry<String, TapConfig.FunctionConfig> entry : new java.util.TreeMap<>(functions).entrySet()) {
            String name = entry.getKey();
            TapConfig.FunctionConfig fn = entry.getValue();
            String at = "functions." + name;
            if (!FUNCTION_NAME.matcher(name).matches()) {
                problems.add(problem(
                        at, "\"" + name + "\" must be 1-20 lowercase letters, digits or '-', starting with a letter"));
                continue;
            }
            if (!RUNTIMES.contains(fn.runtime())) {
                problems.add(problem(
                        at + ".runtime",
                        "\"" + fn.runtime() + "\" is not supported ("
                                + String.join(", ", new java.util.TreeSet<>(RUNTIMES)) + ")"));
            }
            matching(at + ".handler", HANDLER, fn.handler(), "must be module.function", problems);
            // Lambda: 128 MB to 10,240 MB, 1 to 900 seconds.
            inRange(at + ".memoryMb", fn.memoryMb(), 128, 10240, problems);
            inRange(at + ".timeoutSeconds", fn.timeoutSeconds(), 1, 900, problems);
            if (!LOG_LEVELS.contains(fn.logLevel())) {
                problems.add(problem(at + ".logLevel", "\"" + fn.logLevel() + "\" is not one of " + LOG_LEVELS));
            }
            for (String action : fn.tableActions()) {
                if (!TABLE_ACTIONS.contains(action)) {
                    problems.add(problem(
                            at + ".tableActions",
                            "\"" + action + "\" is not a DynamoDB item action tapctl grants ("
                                    + String.join(", ", new java.util.TreeSet<>(TABLE_ACTIONS)) + ")"));
                }
            }
            for (String target : fn.invokes()) {
                if (!functions.containsKey(target) || target.equals(name)) {
                    problems.add(problem(
                            at + ".invokes", "\"" + target + "\" is not another function of this configuration"));
                }
            }
            for (String key : new java.util.TreeSet<>(fn.environment().keySet())) {
                if (!ENV_VAR.matcher(key).matches() || key.startsWith("AWS_") || RESERVED_ENV.contains(key)) {
                    problems.add(new ConfigLoader.Problem(
                            List.of("functions", name, "environment", key),
                            "is reserved or not a valid variable name (tapctl sets " + String.join(", ", RESERVED_ENV)
                                    + ")"));
                }
            }
        }
    }

    private static void validateApi(TapConfig config, List<ConfigLoader.Problem> problems) {
        TapConfig.ApiConfig api = config.api();
        if (!config.functions().containsKey(api.function())) {
            problems.add(problem("api.function", "\"" + api.function() + "\" is not a function of this configuration"));
        }
        matching("api.stageName", STAGE_NAME, api.stageName(), "must be 1-64 letters, digits or '_'", problems);
        if (api.cors().allowOrigins().isEmpty()) {
            problems.add(problem("api.cors.allowOrigins", "must name at least one origin"));
        }
        for (String origin : api.cors().allowOrigins()) {
            if (origin.equals("*")) {
                if (config.protectedEnv()) {
                    problems.add(problem(
                            "api.cors.allowOrigins",
                            "'*' is not allowed in a protected environment: name the origins"));
                }
            } else {
                matching(
                        "api.cors.allowOrigins",
                        ORIGIN,
                        origin,
                        "is not an origin such as https://app.example.com",
                        problems);
            }
        }
        for (String method : api.cors().allowMethods()) {
            if (!HTTP_METHODS.contains(method)) {
                problems.add(problem("api.cors.allowMethods", "\"" + method + "\" is not one of " + HTTP_METHODS));
            }
        }
        for (String header : api.cors().allowHeaders()) {
            matching("api.cors.allowHeaders", HEADER, header, "is not a header name", problems);
        }
        inRange("api.cors.maxAgeSeconds", api.cors().maxAgeSeconds(), 0, 86400, problems);
        if (api.throttling().rateLimit() <= 0 || api.throttling().rateLimit() > 10000) {
            problems.add(problem(
                    "api.throttling.rateLimit",
                    api.throttling().rateLimit() + " is out of range (above 0, at most 10000)"));
        }
        inRange("api.throttling.burstLimit", api.throttling().burstLimit(), 1, 5000, problems);
        if (api.quota().limit() < 1) {
            problems.add(problem("api.quota.limit", api.quota().limit() + " must be at least 1"));
        }
        if (!Set.of("DAY", "WEEK", "MONTH").contains(api.quota().period())) {
            problems.add(problem("api.quota.period", "\"" + api.quota().period() + "\" is not DAY, WEEK or MONTH"));
        }
        if (api.apiKeys().isEmpty()) {
            problems.add(
                    problem("api.apiKeys", "must name at least one client (every method but OPTIONS needs a key)"));
        }
        Set<String> clients = new java.util.HashSet<>();
        for (String client : api.apiKeys()) {
            if (!API_CLIENT.matcher(client).matches()) {
                problems.add(problem(
                        "api.apiKeys",
                        "\"" + client + "\" must be 1-32 lowercase letters, digits or '-', starting with a letter"));
            } else if (!clients.add(client)) {
                problems.add(problem("api.apiKeys", "\"" + client + "\" is named twice"));
            }
        }
    }

    private static void validateCompute(TapConfig.ComputeConfig compute, List<ConfigLoader.Problem> problems) {
        inRange("compute.instanceCount", compute.instanceCount(), 0, 10, problems);
        matching(
                "compute.instanceType",
                INSTANCE_TYPE,
                compute.instanceType(),
                "is not an EC2 instance type such as t3.micro",
                problems);
        matching(
                "compute.ami",
                AMI,
                compute.ami(),
                "is neither an AMI id (ami-...) nor resolve:ssm:/parameter",
                problems);
        inRange("compute.volumeSizeGb", compute.volumeSizeGb(), 8, 1024, problems);
    }

    private static void validateAlarms(TapConfig.AlarmsConfig alarms, List<ConfigLoader.Problem> problems) {
        Set<String> seen = new java.util.HashSet<>();
        for (String address : alarms.email()) {
            if (!EMAIL.matcher(address).matches()) {
                problems.add(problem("alarms.email", "\"" + address + "\" is not an email address"));
            } else if (!seen.add(address.toLowerCase(java.util.Locale.ROOT))) {
                problems.add(problem("alarms.email", "\"" + address + "\" is named twice"));
            }
        }
        // CloudWatch: a standard-resolution alarm's period is 60 s or a multiple of it, at most a day.
        int period = alarms.periodSeconds();
        if (period < 60 || period > 86400 || period % 60 != 0) {
            problems.add(problem("alarms.periodSeconds", period + " must be a multiple of 60 from 60 to 86400"));
        }
        TapConfig.AlarmThresholds t = alarms.thresholds();
        atLeast("alarms.thresholds.functionErrors", t.functionErrors(), 1, problems);
        atLeast("alarms.thresholds.functionThrottles", t.functionThrottles(), 1, problems);
        atLeast("alarms.thresholds.api5xxErrors", t.api5xxErrors(), 1, problems);
        atLeast("alarms.thresholds.dbFreeStorageMb", t.dbFreeStorageMb(), 1, problems);
        inRange("alarms.thresholds.dbCpuPercent", t.dbCpuPercent(), 1, 99, problems);
    }

    /** A problem at {@code path} unless {@code value} matches {@code pattern}: the value quoted, then {@code complaint}. */
    private static void matching(
            String path, Pattern pattern, String value, String complaint, List<ConfigLoader.Problem> problems) {
        if (!pattern.matcher(value).matches()) {
            problems.add(problem(path, "\"" + value + "\" " + complaint));
        }
    }

    private static void inRange(String path, int value, int min, int max, List<ConfigLoader.Problem> problems) {
        if (value < min || value > max) {
            problems.add(problem(path, value + " is out of range (" + min + " to " + max + ")"));
        }
    }

    private static void atLeast(String path, int value, int least, List<ConfigLoader.Problem> problems) {
        if (value < least) {
            problems.add(problem(path, value + " must be at least " + least));
        }
    }

    /** VPCs take a /16 to /24 block; tapctl splits it into 16 equal subnets. */
    private static void validateCidr(String cidr, List<ConfigLoader.Problem> problems) {
        var matcher = CIDR.matcher(cidr);
        if (!matcher.matches()) {
            problems.add(problem("network.cidr", "\"" + cidr + "\" is not an IPv4 CIDR block such as 10.0.0.0/16"));
            return;
        }
        long address = 0;
        for (int i = 1; i <= 4; i++) {
            String text = matcher.group(i);
            int octet = Integer.parseInt(text);
            if (text.length() > 1 && text.startsWith("0")) {
                problems.add(problem("network.cidr", "\"" + cidr + "\" has an octet with a leading zero"));
                return;
            }
            if (octet > 255) {
                problems.add(problem("network.cidr", "\"" + cidr + "\" has an octet above 255"));
                return;
            }
            address = (address << 8) | octet;
        }
        int prefix = Integer.parseInt(matcher.group(5));
        if (prefix < 16 || prefix > 24) {
            problems.add(
                    problem(
                            "network.cidr",
                            "\"" + cidr
                                    + "\" must have a prefix from /16 to /24 (AWS allows /16 to /28 and tapctl needs 16 subnets)"));
            return;
        }
        long hostMask = (1L << (32 - prefix)) - 1;
        if ((address & hostMask) != 0) {
            problems.add(problem(
                    "network.cidr",
                    "\"" + cidr + "\" has host bits set; did you mean "
                            + Cidrs.format(address & ~hostMask & 0xFFFFFFFFL, prefix) + "?"));
        }
    }

    private static ConfigLoader.Problem problem(String path, String message) {
        return new ConfigLoader.Problem(List.of(path.split("\\.")), message);
    }

    private static ConfigLoader.Problem tagProblem(String key, String message) {
        return new ConfigLoader.Problem(List.of("tags", key), message);
    }
}

package dev.tapctl.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Semantic rules on a parsed configuration; each problem carries its dotted key. */
final class ConfigValidator {
    /** CloudWatch Logs accepts only these retention periods (PutRetentionPolicy, retentionInDays). */
    static final Set<Integer> RETENTION_DAYS = Set.of(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400,
            545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653);
    static final int MAX_AZ_COUNT = 6;
    private static final Pattern PROJECT = Pattern.compile("[a-z][a-z0-9]{1,11}");
    static final Pattern REGION = Pattern.compile("[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\\d");
    private static final Pattern CIDR = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");
    private static final Pattern ENGINE_VERSION = Pattern.compile("\\d{1,2}(\\.\\d{1,2})?");
    private static final Pattern INSTANCE_CLASS = Pattern.compile("db\\.[a-z0-9]+\\.[a-z0-9]+");
    private static final Pattern DB_USER = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,15}");
    private static final Pattern DB_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,62}");
    private static final Set<String> RESERVED_TAGS = Set.of("Project", "Environment", "ManagedBy", "Name");

    List<ConfigLoader.Problem> validate(TapConfig config) {
        List<ConfigLoader.Problem> problems = new ArrayList<>();
        if (!PROJECT.matcher(config.project()).matches()) {
            problems.add(problem("project", "\"" + config.project()
                    + "\" must be 2-12 lowercase letters or digits, starting with a letter (it prefixes every resource name)"));
        }
        if (!REGION.matcher(config.region()).matches()) {
            problems.add(problem("region", "\"" + config.region() + "\" is not an AWS region name such as us-east-1"));
        }
        validateCidr(config.network().cidr(), problems);
        int azCount = config.network().azCount();
        if (azCount < 1 || azCount > MAX_AZ_COUNT) {
            problems.add(problem("network.azCount", azCount + " is out of range (1 to " + MAX_AZ_COUNT + ")"));
        }
        int retention = config.logs().retentionDays();
        if (!RETENTION_DAYS.contains(retention)) {
            problems.add(problem("logs.retentionDays", retention + " is not a retention CloudWatch Logs accepts (one of "
                    + RETENTION_DAYS.stream().sorted().map(String::valueOf).reduce((a, b) -> a + ", " + b).orElse("") + ")"));
        }
        int window = config.kms().deletionWindowDays();
        if (window < 7 || window > 30) {
            problems.add(problem("kms.deletionWindowDays", window + " is out of range (7 to 30 days)"));
        }
        validateDatabase(config.database(), problems);
        validateTable(config.table(), problems);
        for (Map.Entry<String, String> tag : config.tags().entrySet()) {
            String key = tag.getKey();
            if (RESERVED_TAGS.contains(key) || key.startsWith("tapctl:") || key.toLowerCase().startsWith("aws:")) {
                problems.add(tagProblem(key, "is reserved (tapctl sets Project, Environment, ManagedBy, Name and tapctl:*; aws: is AWS's)"));
            } else if (key.isEmpty() || key.length() > 128) {
                problems.add(tagProblem(key, "tag keys must be 1 to 128 characters"));
            } else if (tag.getValue() == null || tag.getValue().length() > 256) {
                problems.add(tagProblem(key, "tag values must be 0 to 256 characters"));
            }
        }
        return problems;
    }

    private static void validateDatabase(TapConfig.DatabaseConfig db, List<ConfigLoader.Problem> problems) {
        if (!ENGINE_VERSION.matcher(db.engineVersion()).matches()) {
            problems.add(problem("database.engineVersion", "\"" + db.engineVersion() + "\" is not a PostgreSQL version such as 16.4"));
        }
        if (!INSTANCE_CLASS.matcher(db.instanceClass()).matches()) {
            problems.add(problem("database.instanceClass", "\"" + db.instanceClass() + "\" is not an RDS instance class such as db.t4g.micro"));
        }
        // RDS for PostgreSQL: 20 GiB to 64 TiB of gp3 storage.
        if (db.allocatedStorageGb() < 20 || db.allocatedStorageGb() > 65536) {
            problems.add(problem("database.allocatedStorageGb", db.allocatedStorageGb() + " is out of range (20 to 65536)"));
        }
        // 0 would turn automated backups off; 35 is RDS's maximum.
        if (db.backupRetentionDays() < 1 || db.backupRetentionDays() > 35) {
            problems.add(problem("database.backupRetentionDays", db.backupRetentionDays() + " is out of range (1 to 35; backups stay on)"));
        }
        if (!DB_USER.matcher(db.masterUsername()).matches() || db.masterUsername().equalsIgnoreCase("rdsadmin")) {
            problems.add(problem("database.masterUsername", "\"" + db.masterUsername()
                    + "\" must be 1-16 letters, digits or '_', starting with a letter, and not rdsadmin"));
        }
        if (!DB_NAME.matcher(db.databaseName()).matches()) {
            problems.add(problem("database.databaseName", "\"" + db.databaseName()
                    + "\" must be 1-63 letters, digits or '_', starting with a letter"));
        }
    }

    private static void validateTable(TapConfig.TableConfig table, List<ConfigLoader.Problem> problems) {
        validateKey("table.partitionKey", table.partitionKey(), problems);
        validateKey("table.sortKey", table.sortKey(), problems);
        if (table.partitionKey().name().equals(table.sortKey().name())) {
            problems.add(problem("table.sortKey.name", "must differ from the partition key's name"));
        }
        if (!table.billingMode().equals("PAY_PER_REQUEST")) {
            problems.add(problem("table.billingMode", "\"" + table.billingMode()
                    + "\" is not supported (PAY_PER_REQUEST: on-demand capacity)"));
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
            problems.add(problem("network.cidr", "\"" + cidr + "\" must have a prefix from /16 to /24 (AWS allows /16 to /28 and tapctl needs 16 subnets)"));
            return;
        }
        long hostMask = (1L << (32 - prefix)) - 1;
        if ((address & hostMask) != 0) {
            problems.add(problem("network.cidr", "\"" + cidr + "\" has host bits set; did you mean "
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

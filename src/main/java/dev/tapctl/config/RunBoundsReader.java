package dev.tapctl.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the two optional keys that bound where and how long a run may work, {@code account} and
 * {@code timeouts}, from the merged tree. Both are optional (defaults.yaml sets neither), which
 * the strict record mapping of the other keys does not allow, so they are read here.
 */
final class RunBoundsReader {
    static final Set<String> OPERATIONS = Set.of("create", "update", "delete");
    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
    /** Waits of a day or more are a mistake (a unit left off); RDS documents none that long. */
    private static final Duration LONGEST = Duration.ofHours(24);

    /** What was read: the account (null when absent), the timeouts with their key paths, and the problems. */
    record Read(
            String account,
            List<TapConfig.WaitTimeout> timeouts,
            Map<TapConfig.WaitTimeout, List<String>> keys,
            List<ConfigLoader.Problem> problems) {}

    Read read(JsonNode account, JsonNode timeouts) {
        List<ConfigLoader.Problem> problems = new ArrayList<>();
        String accountId = readAccount(account, problems);
        Map<TapConfig.WaitTimeout, List<String>> keys = new LinkedHashMap<>();
        NestedKeys.walk(
                timeouts,
                "timeouts",
                "expected a mapping of resource ids or kinds to create/update/delete",
                problems,
                (at, value) -> readTimeout(at, value, keys, problems));
        return new Read(accountId, List.copyOf(keys.keySet()), keys, problems);
    }

    private static String readAccount(JsonNode node, List<ConfigLoader.Problem> problems) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isTextual() && ACCOUNT.matcher(node.asText()).matches()) {
            return node.asText();
        }
        String got =
                node.isTextual() ? "\"" + node.asText() + "\"" : node.isNumber() ? node.asText() : "a " + kind(node);
        String hint = node.isNumber() ? " in quotes (unquoted, YAML reads a number and drops leading zeros)" : "";
        problems.add(new ConfigLoader.Problem(
                List.of("account"),
                "expected a 12-digit AWS account id" + hint + ", e.g. \"123456789012\"; got " + got));
        return null;
    }

    /**
     * One bound at {@code at}, whose last key is the operation or ends with it ("data.db.create"):
     * {@code data.db: {create: 90m}}, {@code data: {db: {create: 90m}}} and
     * {@code data.db.create: 90m} mean the same.
     */
    private static void readTimeout(
            List<String> at,
            JsonNode value,
            Map<TapConfig.WaitTimeout, List<String>> keys,
            List<ConfigLoader.Problem> problems) {
        String key = at.get(at.size() - 1);
        String operation = key.substring(key.lastIndexOf('.') + 1);
        if (!OPERATIONS.contains(operation)) {
            problems.add(new ConfigLoader.Problem(
                    at, "expected create, update or delete under a resource id or kind, e.g. timeouts.data.db.create"));
            return;
        }
        List<String> targetParts = new ArrayList<>(at.subList(1, at.size() - 1));
        if (!key.equals(operation)) {
            targetParts.add(key.substring(0, key.length() - operation.length() - 1));
        }
        String target = String.join(".", targetParts);
        if (target.isEmpty()) {
            problems.add(new ConfigLoader.Problem(
                    at, "name a resource id or kind first, e.g. timeouts.data.db." + operation));
            return;
        }
        Duration limit = value.isTextual() ? Durations.parse(value.asText()).orElse(null) : null;
        if (limit == null) {
            problems.add(new ConfigLoader.Problem(
                    at, "expected a duration such as 30s, 90m or 2h, got " + NestedKeys.got(value)));
        } else if (limit.isZero() || limit.compareTo(LONGEST) > 0) {
            problems.add(new ConfigLoader.Problem(at, value.asText() + " is out of range (1s to 24h)"));
        } else if (keys.keySet().stream()
                .anyMatch(t -> t.target().equals(target) && t.operation().equals(operation))) {
            problems.add(new ConfigLoader.Problem(at, "is set twice (once with dots, once nested)"));
        } else {
            keys.put(new TapConfig.WaitTimeout(target, operation, limit), List.copyOf(at));
        }
    }

    private static String kind(JsonNode node) {
        return node.isObject()
                ? "mapping"
                : node.isArray() ? "list" : node.getNodeType().name().toLowerCase();
    }
}

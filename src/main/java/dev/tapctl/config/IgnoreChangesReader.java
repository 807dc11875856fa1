package dev.tapctl.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the optional {@code ignoreChanges} key from the merged tree: logical ids (globs allowed)
 * to the attribute paths, as the plan names them, that apply leaves as AWS has them. Only the
 * shape is checked here; whether a glob matches a resource and a path exists for its kind needs
 * the stack (see {@code dev.tapctl.stack.IgnoreRules}).
 */
final class IgnoreChangesReader {
    /** A logical id, or a glob over them: {@code *} and {@code ?} within one dot-separated part. */
    private static final Pattern TARGET = Pattern.compile("[A-Za-z0-9_*?-]+(\\.[A-Za-z0-9_*?-]+)*");
    /** Dot-separated parts, none empty; a tag key (after {@code tags.}) may hold dots of its own. */
    private static final Pattern PATH = Pattern.compile("[A-Za-z][A-Za-z0-9_]*(\\.[^.\\s]+)*");

    /** What was read: the rules with their key paths, and the problems. */
    record Read(
            List<TapConfig.IgnoreRule> rules,
            Map<TapConfig.IgnoreRule, List<String>> keys,
            List<ConfigLoader.Problem> problems) {}

    Read read(JsonNode node) {
        List<ConfigLoader.Problem> problems = new ArrayList<>();
        Map<TapConfig.IgnoreRule, List<String>> keys = new LinkedHashMap<>();
        NestedKeys.walk(
                node,
                "ignoreChanges",
                "expected a mapping of resource ids (globs allowed) to attribute paths, e.g. fn.worker: [memoryMb]",
                problems,
                (at, value) -> readRule(at, value, keys, problems));
        return new Read(List.copyOf(keys.keySet()), keys, problems);
    }

    /**
     * One rule at {@code at}: the keys after ignoreChanges name its target, so
     * {@code fn.worker: [memoryMb]} and {@code fn: {worker: [memoryMb]}} mean the same.
     */
    private static void readRule(
            List<String> at,
            JsonNode value,
            Map<TapConfig.IgnoreRule, List<String>> keys,
            List<ConfigLoader.Problem> problems) {
        String target = String.join(".", at.subList(1, at.size()));
        if (!TARGET.matcher(target).matches()) {
            problems.add(new ConfigLoader.Problem(
                    at,
                    "\"" + target + "\" is not a resource id or a glob over ids (letters, digits, '-', '_', "
                            + "'*' and '?' between dots, e.g. fn.* or data.table)"));
            return;
        }
        if (!value.isArray()) {
            problems.add(new ConfigLoader.Problem(
                    at,
                    "expected a list of attribute paths as the plan names them, e.g. [memoryMb, tags.CostCenter]; got "
                            + NestedKeys.got(value)));
            return;
        }
        Set<String> paths = new LinkedHashSet<>();
        for (JsonNode item : value) {
            if (!item.isTextual() || !PATH.matcher(item.asText()).matches()) {
                problems.add(
                        new ConfigLoader.Problem(
                                at,
                                (item.isTextual() ? "\"" + item.asText() + "\"" : item.toString())
                                        + " is not an attribute path (dot-separated, as plan names it: memoryMb, tags.CostCenter)"));
            } else if (!paths.add(item.asText())) {
                problems.add(new ConfigLoader.Problem(at, item.asText() + " is listed twice"));
            }
        }
        if (keys.keySet().stream().anyMatch(r -> r.target().equals(target))) {
            problems.add(new ConfigLoader.Problem(at, "is set twice (once with dots, once nested)"));
            return;
        }
        keys.put(new TapConfig.IgnoreRule(target, List.copyOf(paths)), List.copyOf(at));
    }
}

package dev.tapctl.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * An optional top-level mapping whose leaves are named by the keys above them joined with dots,
 * so {@code a.b: x} and {@code a: {b: x}} are the same leaf: how {@code ignoreChanges} and
 * {@code timeouts} are written.
 */
final class NestedKeys {
    private NestedKeys() {}

    /**
     * Hands each leaf under {@code node} (the value of the top-level {@code key}, absent or null
     * when not set) to {@code leaf} with its key path, {@code key} first; a value that is not a
     * mapping is a problem saying what was {@code expected}.
     */
    static void walk(
            JsonNode node,
            String key,
            String expected,
            List<ConfigLoader.Problem> problems,
            BiConsumer<List<String>, JsonNode> leaf) {
        if (node == null || node.isNull()) {
            return;
        }
        if (!node.isObject()) {
            problems.add(new ConfigLoader.Problem(List.of(key), expected));
            return;
        }
        walk(node, List.of(key), leaf);
    }

    private static void walk(JsonNode node, List<String> path, BiConsumer<List<String>, JsonNode> leaf) {
        node.fields().forEachRemaining(field -> {
            List<String> at = new ArrayList<>(path);
            at.add(field.getKey());
            if (field.getValue().isObject()) {
                walk(field.getValue(), at, leaf);
            } else {
                leaf.accept(at, field.getValue());
            }
        });
    }

    /** A leaf that is not what was expected, as a message names it: a string quoted, null as "nothing". */
    static String got(JsonNode value) {
        return value.isTextual() ? "\"" + value.asText() + "\"" : value.isNull() ? "nothing" : value.toString();
    }
}

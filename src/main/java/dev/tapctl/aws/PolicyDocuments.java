package dev.tapctl.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * IAM and key policy documents as AWS returns them and as tapctl compares them. IAM returns
 * documents URL-encoded; AWS also rewrites single-item arrays as strings and may reorder keys.
 * None of that is a difference, so documents are compared in a normal form.
 */
public final class PolicyDocuments {
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private PolicyDocuments() {}

    /** Parses a document that may be URL-encoded (IAM) or plain (KMS, S3). */
    public static JsonNode parse(String document) {
        String text = document.trim();
        if (text.startsWith("%")) {
            // RFC 3986 encoding: '+' is a literal plus, not a space as in form encoding.
            text = URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
        }
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("policy document is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    public static String toJson(JsonNode document) {
        try {
            return JSON.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether two documents grant the same thing, ignoring encoding, key order and list shape. */
    public static boolean equivalent(JsonNode a, JsonNode b) {
        return normalize(a).equals(normalize(b));
    }

    /**
     * Objects get sorted keys, every string becomes a one-item list, lists of scalars are sorted,
     * and statements are sorted by their normal form.
     */
    public static JsonNode normalize(JsonNode node) {
        if (node == null || node.isNull()) {
            return NODES.nullNode();
        }
        if (node.isObject()) {
            Map<String, JsonNode> sorted = new TreeMap<>();
            node.fields().forEachRemaining(e -> sorted.put(e.getKey(), normalize(e.getValue())));
            if (sorted.containsKey("Statement")) {
                sorted.put("Statement", sortedArray(asArray(sorted.get("Statement"))));
            }
            ObjectNode result = NODES.objectNode();
            sorted.forEach(result::set);
            return result;
        }
        if (node.isArray()) {
            List<JsonNode> items = new ArrayList<>();
            node.forEach(item -> items.add(normalize(item)));
            ArrayNode array = NODES.arrayNode();
            items.forEach(array::add);
            return sortedArray(array);
        }
        if (node.isTextual() || node.isNumber() || node.isBoolean()) {
            return NODES.arrayNode().add(NODES.textNode(node.asText()));
        }
        return node;
    }

    private static ArrayNode asArray(JsonNode node) {
        if (node.isArray()) {
            return (ArrayNode) node;
        }
        return NODES.arrayNode().add(node);
    }

    private static ArrayNode sortedArray(ArrayNode array) {
        List<JsonNode> items = new ArrayList<>();
        array.forEach(item -> {
            // A normalized scalar is a one-item list: flatten so ["a"] inside a list is "a" again.
            if (item.isArray() && item.size() == 1 && item.get(0).isTextual()) {
                items.add(item.get(0));
            } else {
                items.add(item);
            }
        });
        items.sort(Comparator.comparing(JsonNode::toString));
        ArrayNode result = NODES.arrayNode();
        items.forEach(result::add);
        return result;
    }
}

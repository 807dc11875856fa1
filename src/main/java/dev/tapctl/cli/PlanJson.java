package dev.tapctl.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.tapctl.engine.Action;
import dev.tapctl.engine.Plan;
import dev.tapctl.engine.Step;
import dev.tapctl.engine.spi.AttributeChange;
import dev.tapctl.engine.spi.Unknown;
import java.util.Map;

/** The documented {@code plan --json} format (formatVersion 1). */
final class PlanJson {
    static final int FORMAT_VERSION = 1;
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private PlanJson() {}

    static String render(Plan plan) {
        ObjectNode root = JSON.createObjectNode();
        root.put("formatVersion", FORMAT_VERSION);
        root.put("env", plan.env());
        root.put("region", plan.region());
        root.put("destroy", plan.destroy());
        ArrayNode changes = root.putArray("changes");
        for (Step change : plan.changes()) {
            changes.add(change(change, plan));
        }
        ObjectNode summary = root.putObject("summary");
        for (Map.Entry<Action, Integer> count : plan.summary().entrySet()) {
            summary.put(count.getKey().json(), count.getValue());
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode change(Step change, Plan plan) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", change.id());
        node.put("kind", change.kind());
        node.put("name", change.name());
        node.put("action", change.action().json());
        node.put("reason", change.reason() == null ? null : change.reason().json());
        node.put("deletionPolicy", change.deletionPolicy().name());
        if (!change.note().isEmpty()) {
            node.put("note", change.note());
        }
        plan.holds(change).ifPresent(holds -> {
            ObjectNode held = node.putObject("holds");
            held.put("summary", holds.summary());
            holds.facts().forEach((fact, value) -> held.set(fact, value(value)));
        });
        ArrayNode attributes = node.putArray("attributes");
        for (AttributeChange attribute : change.attributes()) {
            ObjectNode a = attributes.addObject();
            a.put("path", attribute.path());
            a.set("before", value(attribute.before()));
            a.set("after", value(attribute.after()));
            a.put("forcesReplace", attribute.forcesReplace());
        }
        ArrayNode dependsOn = node.putArray("dependsOn");
        change.dependsOn().forEach(dependsOn::add);
        node.set("desired", value(change.desired()));
        return node;
    }

    /** Any value as JSON, with "known after apply" placeholders in their readable form. */
    static JsonNode value(Object value) {
        return resolveUnknowns(JSON.valueToTree(value));
    }

    private static JsonNode resolveUnknowns(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isTextual()) {
            return Unknown.isUnknown(node.textValue()) ? TextNode.valueOf(Unknown.display(node.textValue())) : node;
        }
        if (node instanceof ObjectNode object) {
            object.fields().forEachRemaining(e -> e.setValue(resolveUnknowns(e.getValue())));
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, resolveUnknowns(array.get(i)));
            }
        }
        return node;
    }
}

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
import dev.tapctl.engine.Partial;
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
        return pretty(tree(plan));
    }

    static String pretty(JsonNode tree) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The plan as the JSON tree {@link #render} prints. */
    static ObjectNode tree(Plan plan) {
        ObjectNode root = JSON.createObjectNode();
        root.put("formatVersion", FORMAT_VERSION);
        root.put("env", plan.env());
        root.put("region", plan.region());
        root.put("destroy", plan.destroy());
        ArrayNode changes = root.putArray("changes");
        for (Step change : plan.changes()) {
            changes.add(change(change, plan));
        }
        if (plan.partial().active()) {
            root.set("partial", partial(plan.partial()));
        }
        ObjectNode summary = root.putObject("summary");
        for (Map.Entry<Action, Integer> count : plan.summary().entrySet()) {
            // "adopt" is there only in a plan that adopts: within formatVersion 1, every other plan is as it was.
            if (count.getKey() != Action.ADOPT || count.getValue() > 0) {
                summary.put(count.getKey().json(), count.getValue());
            }
        }
        return root;
    }

    /** What a partial run worked on; a whole run has no {@code partial} at all. */
    private static ObjectNode partial(Partial partial) {
        ObjectNode node = JSON.createObjectNode();
        partial.targets().forEach(node.putArray("targets")::add);
        partial.excludes().forEach(node.putArray("excludes")::add);
        partial.selected().forEach(node.putArray("selected")::add);
        node.put("configured", partial.configured());
        ObjectNode pulledIn = node.putObject("pulledIn");
        partial.pulledIn().forEach((id, added) -> added.forEach(pulledIn.putArray(id)::add));
        ObjectNode dropped = node.putObject("dropped");
        partial.dropped().forEach((id, gone) -> gone.forEach(dropped.putArray(id)::add));
        node.put("orphansRemoved", !partial.orphanTargets().isEmpty() ? "targeted" : "none");
        return node;
    }

    static ObjectNode change(Step change, Plan plan) {
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
            if (attribute.isIgnored()) {
                // ignoreChanges leaves it as AWS has it; ignoredBecause: what made the difference.
                a.put("ignored", true);
                a.put("ignoredBecause", attribute.ignored() == AttributeChange.Ignored.CONFIG ? "config" : "drift");
            }
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

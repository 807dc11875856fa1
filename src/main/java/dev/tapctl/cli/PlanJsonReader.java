package dev.tapctl.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tapctl.engine.Action;
import dev.tapctl.engine.Partial;
import dev.tapctl.engine.Plan;
import dev.tapctl.engine.Reason;
import dev.tapctl.engine.Step;
import dev.tapctl.engine.spi.AttributeChange;
import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.Holdings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Plan JSON read back into a plan, for rendering a saved plan as {@code plan} rendered it. Values
 * stay JSON trees: every renderer shows a value through {@link PlanJson#value}, which gives a tree
 * the same text as the object it was made from. A saved plan carries no live object: it is shown,
 * never carried out (apply makes the plan again and proves it equal).
 */
final class PlanJsonReader {
    /** How a refused adoption's note starts ({@link Step.Adopt#note}). */
    private static final String REFUSED = "refused: ";

    private PlanJsonReader() {}

    /** @throws IllegalArgumentException when {@code root} is not plan JSON of this format */
    static Plan read(JsonNode root) {
        if (root.path("formatVersion").asInt() != PlanJson.FORMAT_VERSION) {
            throw new IllegalArgumentException(
                    "plan formatVersion " + root.path("formatVersion") + " is not " + PlanJson.FORMAT_VERSION);
        }
        List<Step> steps = new ArrayList<>();
        Map<String, Holdings> holdings = new LinkedHashMap<>();
        for (JsonNode change : root.path("changes")) {
            steps.add(step(change));
            JsonNode holds = change.get("holds");
            if (holds != null) {
                Map<String, Object> facts = new LinkedHashMap<>();
                holds.properties().stream()
                        .filter(e -> !e.getKey().equals("summary"))
                        .forEach(e -> facts.put(e.getKey(), e.getValue()));
                holdings.put(text(change, "id"), new Holdings(text(holds, "summary"), facts));
            }
        }
        boolean destroy = root.path("destroy").asBoolean();
        return new Plan(
                text(root, "env"),
                text(root, "region"),
                destroy,
                steps,
                partial(root.get("partial"), destroy),
                holdings);
    }

    /** What a partial run worked on, as {@code PlanJson} wrote it; a whole run has none. */
    private static Partial partial(JsonNode node, boolean destroy) {
        if (node == null) {
            return Partial.NONE;
        }
        return new Partial(
                strings(node.path("targets")),
                strings(node.path("excludes")),
                strings(node.path("selected")),
                node.path("configured").asInt(),
                lists(node.path("pulledIn")),
                lists(node.path("dropped")),
                destroy);
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    private static Map<String, List<String>> lists(JsonNode object) {
        Map<String, List<String>> lists = new LinkedHashMap<>();
        object.properties().forEach(e -> lists.put(e.getKey(), strings(e.getValue())));
        return lists;
    }

    private static Step step(JsonNode change) {
        String id = text(change, "id");
        String kind = text(change, "kind");
        String name = text(change, "name");
        Action action = word(Action.values(), Action::json, text(change, "action"));
        Reason reason =
                change.path("reason").isNull() ? null : word(Reason.values(), Reason::json, text(change, "reason"));
        DeletionPolicy policy = DeletionPolicy.valueOf(text(change, "deletionPolicy"));
        String note = change.path("note").asText("");
        List<AttributeChange> attributes = new ArrayList<>();
        for (JsonNode a : change.path("attributes")) {
            attributes.add(new AttributeChange(
                    text(a, "path"),
                    nullable(a.get("before")),
                    nullable(a.get("after")),
                    a.path("forcesReplace").asBoolean(),
                    ignored(a)));
        }
        List<String> dependsOn = new ArrayList<>();
        change.path("dependsOn").forEach(d -> dependsOn.add(d.asText()));
        Object desired = nullable(change.get("desired"));
        if (reason == Reason.ORPHAN) {
            return new Step.Orphan(id, kind, name, policy, null, note);
        }
        return switch (action) {
            case CREATE -> new Step.Create(id, kind, name, attributes, dependsOn, policy, desired);
            case ADOPT ->
                new Step.Adopt(
                        id,
                        kind,
                        name,
                        attributes,
                        dependsOn,
                        policy,
                        desired,
                        null,
                        note.startsWith(REFUSED) ? note.substring(REFUSED.length()) : "");
            case UPDATE -> new Step.Update(id, kind, name, reason, attributes, dependsOn, policy, desired, null);
            case REPLACE -> new Step.Replace(id, kind, name, reason, attributes, dependsOn, policy, desired, null);
            case NO_OP -> new Step.NoOp(id, kind, name, attributes, dependsOn, policy, desired, null);
            case DELETE -> new Step.Delete(id, kind, name, dependsOn, policy, desired, null, note);
            case RETAIN -> new Step.Retain(id, kind, name, dependsOn, policy, desired, null, note);
        };
    }

    private static AttributeChange.Ignored ignored(JsonNode attribute) {
        if (!attribute.path("ignored").asBoolean()) {
            return AttributeChange.Ignored.NO;
        }
        return attribute.path("ignoredBecause").asText().equals("config")
                ? AttributeChange.Ignored.CONFIG
                : AttributeChange.Ignored.DRIFT;
    }

    private static Object nullable(JsonNode node) {
        return node == null || node.isNull() ? null : node;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("plan JSON: \"" + field + "\" is missing or not a string");
        }
        return value.textValue();
    }

    private static <E> E word(E[] values, java.util.function.Function<E, String> json, String word) {
        return Arrays.stream(values)
                .filter(v -> json.apply(v).equals(word))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("plan JSON: unknown word \"" + word + "\""));
    }
}

package dev.tapctl.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tapctl.engine.spi.TransientState;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeMap;

/**
 * A digest of what a plan found of one object: SHA-256 of its live view as canonical JSON (keys
 * sorted at every level, sets in a fixed order), leaving out {@link TransientState} attributes. Two
 * reads of an object nobody changed give the same fingerprint, in any JVM.
 */
public final class LiveFingerprint {
    /** The fingerprint of a resource the plan found nothing of. */
    public static final String ABSENT = "absent";

    private static final ObjectMapper JSON = JsonMapper.builder()
            .annotationIntrospector(new JacksonAnnotationIntrospector() {
                @Override
                public boolean hasIgnoreMarker(AnnotatedMember member) {
                    return member.hasAnnotation(TransientState.class) || super.hasIgnoreMarker(member);
                }
            })
            .addModule(new SimpleModule()
                    .addSerializer(
                            Set.class,
                            new SpecHasher.SortedSetSerializer(
                                    item -> canonical(LiveFingerprint.JSON.valueToTree(item)))))
            .build();

    private LiveFingerprint() {}

    public static String of(Object live) {
        if (live == null) {
            return ABSENT;
        }
        return sha256(canonical(JSON.valueToTree(live)).toString());
    }

    /** The same tree with every object's keys in sorted order, so that no read order shows. */
    public static JsonNode canonical(JsonNode node) {
        if (node instanceof ObjectNode object) {
            TreeMap<String, JsonNode> sorted = new TreeMap<>();
            object.properties().forEach(e -> sorted.put(e.getKey(), canonical(e.getValue())));
            ObjectNode copy = JSON.createObjectNode();
            sorted.forEach(copy::set);
            return copy;
        }
        if (node instanceof ArrayNode array) {
            ArrayNode copy = JSON.createArrayNode();
            array.forEach(element -> copy.add(canonical(element)));
            return copy;
        }
        return node;
    }

    /** SHA-256 of {@code text} (UTF-8), as 64 hex digits. */
    public static String sha256(String text) {
        return SpecHasher.sha256(text.getBytes(StandardCharsets.UTF_8));
    }
}

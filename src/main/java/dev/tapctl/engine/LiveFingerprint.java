package dev.tapctl.engine;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.tapctl.engine.spi.TransientState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
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
            .addModule(new SimpleModule().addSerializer(new SortedSetSerializer()))
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

    public static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }

    /** A set has no order of its own; its elements are written in the order of their JSON. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private static final class SortedSetSerializer extends StdSerializer<Set> {
        SortedSetSerializer() {
            super(Set.class);
        }

        @Override
        public void serialize(Set set, JsonGenerator generator, SerializerProvider provider) throws IOException {
            List<JsonNode> elements = new ArrayList<>();
            for (Object element : set) {
                elements.add(canonical(JSON.valueToTree(element)));
            }
            elements.sort((a, b) -> a.toString().compareTo(b.toString()));
            generator.writeStartArray();
            for (JsonNode element : elements) {
                generator.writeTree(element);
            }
            generator.writeEndArray();
        }
    }
}

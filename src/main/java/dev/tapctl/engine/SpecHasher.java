package dev.tapctl.engine;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.tapctl.engine.spi.Unknown;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** A short, stable hash of a spec: canonical JSON (sorted keys), SHA-256, first 16 hex digits. */
public final class SpecHasher {
    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .addModule(new SimpleModule()
                    .addSerializer(Set.class, new SortedSetSerializer(item -> SpecHasher.CANONICAL.valueToTree(item))))
            .build();

    /**
     * Sets iterate in an order that may differ between JVMs: write them sorted, each element as
     * {@code toTree} writes it (the mapper the set is written with).
     */
    @SuppressWarnings("rawtypes")
    static final class SortedSetSerializer extends StdSerializer<Set> {
        private final Function<Object, JsonNode> toTree;

        SortedSetSerializer(Function<Object, JsonNode> toTree) {
            super(Set.class);
            this.toTree = toTree;
        }

        @Override
        public void serialize(Set set, JsonGenerator generator, SerializerProvider provider) throws IOException {
            List<JsonNode> items = new ArrayList<>();
            for (Object item : set) {
                items.add(toTree.apply(item));
            }
            items.sort(Comparator.comparing(JsonNode::toString));
            generator.writeStartArray();
            for (JsonNode item : items) {
                generator.writeTree(item);
            }
            generator.writeEndArray();
        }
    }

    private SpecHasher() {}

    /** SHA-256 of {@code bytes}, as 64 hex digits. */
    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }

    /** Whether a "known after apply" placeholder stands anywhere in {@code value}, as its canonical JSON shows. */
    static boolean holdsPlaceholder(Object value) {
        try {
            return Unknown.isUnknown(CANONICAL.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName(), e);
        }
    }

    /** Whether {@code value} holds a placeholder of the account's id or zones ({@link Unknown#ofAccount}). */
    static boolean holdsAccountPlaceholder(Object value) {
        try {
            return Unknown.holdsAccountFact(CANONICAL.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName(), e);
        }
    }

    public static String hash(Object spec) {
        try {
            // Through plain maps: JSON objects inside a spec (policies) would keep insertion order.
            byte[] json = CANONICAL.writeValueAsBytes(CANONICAL.convertValue(spec, Map.class));
            return sha256(json).substring(0, 16);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "cannot hash spec " + spec.getClass().getSimpleName(), e);
        }
    }
}

package dev.tapctl.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A short, stable hash of a spec: canonical JSON (sorted keys), SHA-256, first 16 hex digits. */
public final class SpecHasher {
    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private SpecHasher() {
    }

    public static String hash(Object spec) {
        try {
            // Tree first, then sort: ObjectNodes inside the spec keep insertion order otherwise.
            var tree = CANONICAL.valueToTree(spec);
            byte[] json = CANONICAL.writer().with(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                    .writeValueAsBytes(CANONICAL.treeToValue(tree, java.util.Map.class));
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(json);
            return HexFormat.of().formatHex(digest).substring(0, 16);
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot hash spec " + spec.getClass().getSimpleName(), e);
        }
    }

    static String canonicalJson(Object spec) {
        try {
            return new String(CANONICAL.writeValueAsBytes(spec), StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.tapctl.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

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
            // Through plain maps: JSON objects inside a spec (policies) would keep insertion order.
            byte[] json = CANONICAL.writeValueAsBytes(CANONICAL.convertValue(spec, Map.class));
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(json);
            return HexFormat.of().formatHex(digest).substring(0, 16);
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot hash spec " + spec.getClass().getSimpleName(), e);
        }
    }
}

package dev.tapctl.engine.spi;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Ids and ARNs a live resource offers to the resources that depend on it. */
public record Outputs(Map<String, String> values) {
    public static final Outputs NONE = new Outputs(Map.of());

    public Outputs {
        values = Map.copyOf(values);
    }

    public static Outputs of(String... keyValues) {
        if (keyValues.length % 2 != 0) {
            throw new IllegalArgumentException("key/value pairs expected");
        }
        Map<String, String> map = new TreeMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put(keyValues[i], keyValues[i + 1]);
        }
        return new Outputs(map);
    }

    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }
}

package dev.tapctl.engine.spi;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Ids and ARNs a live resource offers to the resources that depend on it, by the {@link OutputKey}s
 * of its kind: each {@code of} takes the keys of one spec type only, so a handler cannot write
 * another kind's output.
 */
public record Outputs(Map<String, String> values) {
    public static final Outputs NONE = new Outputs(Map.of());

    public Outputs {
        values = Map.copyOf(values);
    }

    public static <S> Outputs of(OutputKey<S> key, String value) {
        return new Outputs(Map.of(key.name(), value));
    }

    public static <S> Outputs of(OutputKey<S> k1, String v1, OutputKey<S> k2, String v2) {
        return pairs(k1, v1, k2, v2);
    }

    public static <S> Outputs of(OutputKey<S> k1, String v1, OutputKey<S> k2, String v2, OutputKey<S> k3, String v3) {
        return pairs(k1, v1, k2, v2, k3, v3);
    }

    public static <S> Outputs of(
            OutputKey<S> k1,
            String v1,
            OutputKey<S> k2,
            String v2,
            OutputKey<S> k3,
            String v3,
            OutputKey<S> k4,
            String v4) {
        return pairs(k1, v1, k2, v2, k3, v3, k4, v4);
    }

    private static Outputs pairs(Object... keyValues) {
        Map<String, String> map = new TreeMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put(((OutputKey<?>) keyValues[i]).name(), (String) keyValues[i + 1]);
        }
        return new Outputs(map);
    }

    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    public <S> Optional<String> get(OutputKey<S> key) {
        return get(key.name());
    }
}

package dev.tapctl.resources.apigateway;

import dev.tapctl.engine.spi.AttributeChange;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/** Field-by-field comparison of a REST API's definition, as plan lines ({@link AttributeChange}). */
final class FieldDiffs {
    private FieldDiffs() {}

    /** Only a value tapctl sets (non-null in the desired definition) is compared. */
    static void value(String path, String want, String have, List<AttributeChange> changes) {
        if (want != null && !want.equals(have)) {
            changes.add(AttributeChange.of(path, have, want));
        }
    }

    /** One change per key, named without its mapping prefix (e.g. {@code ...integrationResponse.200.Vary}). */
    static <V> void map(
            String prefix, String keyPrefix, Map<String, V> have, Map<String, V> want, List<AttributeChange> changes) {
        Map<String, V> live = have == null ? Map.of() : have;
        Set<String> keys = new TreeSet<>(live.keySet());
        keys.addAll(want.keySet());
        for (String key : keys) {
            if (!Objects.equals(live.get(key), want.get(key))) {
                String shown =
                        !keyPrefix.isEmpty() && key.startsWith(keyPrefix) ? key.substring(keyPrefix.length()) : key;
                changes.add(AttributeChange.of(prefix + "." + shown, live.get(key), want.get(key)));
            }
        }
    }
}

package dev.tapctl.engine.spi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The guard every mutating handler call puts in front of AWS: names the fields of a spec that
 * still hold a "known after apply" placeholder and refuses to go on, since AWS would store the
 * placeholder as if it were a real value. Fields are reported in the order they were checked.
 */
public final class Placeholders {
    private final Map<String, Object> fields = new LinkedHashMap<>();

    public Placeholders check(String field, Object value) {
        fields.put(field, value);
        return this;
    }

    /** Every entry of a map, as {@code prefix.key}, in key order. */
    public Placeholders checkAll(String prefix, Map<String, ?> values) {
        new TreeMap<>(values).forEach((key, value) -> fields.put(prefix + "." + key, value));
        return this;
    }

    /** Every element of a list, as {@code prefix.<index>}, in the order of the indexes as text. */
    public Placeholders checkEach(String prefix, List<?> values) {
        Map<String, Object> indexed = new TreeMap<>();
        for (int i = 0; i < values.size(); i++) {
            indexed.put(String.valueOf(i), values.get(i));
        }
        return checkAll(prefix, indexed);
    }

    public Placeholders checkTags(Map<String, String> tags) {
        return checkAll("tags", tags);
    }

    /** Throws, naming {@code what} and every unknown field, if any field is unknown. */
    public void requireKnown(String what) {
        List<String> unknown = new ArrayList<>();
        fields.forEach((field, value) -> {
            if (Unknown.isUnknown(value)) {
                unknown.add(field);
            }
        });
        if (!unknown.isEmpty()) {
            throw new IllegalStateException(Unknown.display(what) + ": " + String.join(", ", unknown)
                    + " not known yet; refusing to send a placeholder to AWS");
        }
    }
}

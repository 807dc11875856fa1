package dev.tapctl.engine.spi;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The guard every mutating handler call puts in front of AWS: names the fields of a spec that
 * still hold a "known after apply" placeholder and refuses to go on, since AWS would store the
 * placeholder as if it were a real value.
 *
 * <p>It walks the whole spec record, so no field can be left out of the check: components in
 * declaration order, a map's entries as {@code name.key} in key order, a list's elements as
 * {@code name.index}, a nested record's components as {@code name.component}, and any other value
 * (a policy document) by its text.
 */
public final class Placeholders {
    private final List<String> unknown = new ArrayList<>();

    private Placeholders() {}

    /** Throws, naming {@code what} and every field of {@code spec} that holds a placeholder. */
    public static void requireKnown(String what, Object spec) {
        Placeholders walk = new Placeholders();
        walk.walk("", spec);
        if (!walk.unknown.isEmpty()) {
            throw new IllegalStateException(Unknown.display(what) + ": " + String.join(", ", walk.unknown)
                    + " not known yet (known after apply); nothing was sent to AWS");
        }
    }

    private void walk(String path, Object value) {
        if (value instanceof Record record) {
            for (RecordComponent component : record.getClass().getRecordComponents()) {
                walk(child(path, component.getName()), read(component, record));
            }
        } else if (value instanceof Map<?, ?> map) {
            Map<String, Object> byKey = new TreeMap<>();
            map.forEach((key, entry) -> byKey.put(String.valueOf(key), entry));
            byKey.forEach((key, entry) -> walk(child(path, key), entry));
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                walk(child(path, String.valueOf(i)), list.get(i));
            }
        } else if (value != null && Unknown.isUnknown(value.toString())) {
            // By its text: a JSON document (a bucket or key policy) holds a placeholder in one of
            // its strings, which its text shows as it is.
            unknown.add(path);
        }
    }

    private static String child(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private static Object read(RecordComponent component, Record record) {
        try {
            return component.getAccessor().invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(
                    "cannot read " + component.getName() + " of "
                            + record.getClass().getSimpleName(),
                    e);
        }
    }
}

package dev.tapctl.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.TypeFactory;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A spec with the value at one field path replaced: how the engine keeps what AWS has at an
 * ignored path ({@code ignoreChanges}) when it writes the rest. Records are rebuilt through their
 * canonical constructor, so fields plan JSON leaves out (a function's zip) survive; a path under a
 * map field names one key ({@code tags.CostCenter}), which a null value removes.
 */
final class SpecOverlay {
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private SpecOverlay() {}

    /** {@code spec} with {@code value} at {@code path}; throws IllegalArgumentException when it does not fit. */
    static Object with(Object spec, String path, Object value) {
        return set(spec, spec.getClass(), List.of(path.split("\\.", -1)), value);
    }

    private static Object set(Object current, Type type, List<String> path, Object value) {
        if (path.isEmpty()) {
            return convert(value, type);
        }
        Class<?> raw = TypeFactory.rawClass(type);
        if (raw.isRecord()) {
            if (current == null) {
                throw new IllegalArgumentException("there is no " + raw.getSimpleName() + " to change");
            }
            return withComponent(current, raw, path, value);
        }
        if (Map.class.isAssignableFrom(raw)) {
            // A map's keys may hold dots (tag keys): the rest of the path is one key.
            String key = String.join(".", path);
            Map<Object, Object> copy =
                    current == null ? new LinkedHashMap<>() : new LinkedHashMap<>((Map<?, ?>) current);
            if (value == null) {
                copy.remove(key);
            } else {
                Type valueType = type instanceof ParameterizedType p ? p.getActualTypeArguments()[1] : Object.class;
                copy.put(key, convert(value, valueType));
            }
            return copy;
        }
        throw new IllegalArgumentException(raw.getSimpleName() + " has no field " + path.get(0));
    }

    private static Object withComponent(Object record, Class<?> type, List<String> path, Object value) {
        RecordComponent[] components = type.getRecordComponents();
        Object[] values = new Object[components.length];
        boolean found = false;
        try {
            for (int i = 0; i < components.length; i++) {
                java.lang.reflect.Method accessor = components[i].getAccessor();
                // A spec record nested in a package-private class (a test's) is still a spec.
                accessor.setAccessible(true);
                values[i] = accessor.invoke(record);
                if (components[i].getName().equals(path.get(0))) {
                    values[i] = set(values[i], components[i].getGenericType(), path.subList(1, path.size()), value);
                    found = true;
                }
            }
            if (!found) {
                throw new IllegalArgumentException(type.getSimpleName() + " has no field " + path.get(0));
            }
            Constructor<?> canonical = type.getDeclaredConstructor(
                    Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
            canonical.setAccessible(true);
            return canonical.newInstance(values);
        } catch (IllegalAccessException | NoSuchMethodException | InstantiationException e) {
            throw new IllegalStateException("cannot rebuild " + type.getSimpleName(), e);
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException(
                    type.getSimpleName() + " refuses the value: " + e.getCause().getMessage(), e.getCause());
        }
    }

    private static Object convert(Object value, Type type) {
        if (value == null) {
            if (TypeFactory.rawClass(type).isPrimitive()) {
                throw new IllegalArgumentException("AWS has no value where the spec needs one");
            }
            return null;
        }
        try {
            return JSON.convertValue(value, JSON.getTypeFactory().constructType(type));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "AWS's value " + value + " is not a "
                            + TypeFactory.rawClass(type).getSimpleName(),
                    e);
        }
    }
}

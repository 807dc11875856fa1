package dev.tapctl.resources.support;

import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/** A record's component read by its name, for {@link Diff#fields}: accessors looked up once per record type. */
final class RecordComponents {
    private static final ClassValue<Map<String, Method>> ACCESSORS = new ClassValue<>() {
        @Override
        protected Map<String, Method> computeValue(Class<?> type) {
            RecordComponent[] components = type.getRecordComponents();
            if (components == null) {
                throw new IllegalArgumentException(type.getName() + " is not a record");
            }
            return Arrays.stream(components)
                    .collect(Collectors.toUnmodifiableMap(RecordComponent::getName, RecordComponent::getAccessor));
        }
    };

    private RecordComponents() {}

    static Object value(Object record, String name) {
        Method accessor = ACCESSORS.get(record.getClass()).get(name);
        if (accessor == null) {
            throw new IllegalArgumentException(record.getClass().getSimpleName() + " has no component " + name);
        }
        try {
            return accessor.invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(
                    "cannot read " + name + " of " + record.getClass().getSimpleName(), e);
        }
    }
}

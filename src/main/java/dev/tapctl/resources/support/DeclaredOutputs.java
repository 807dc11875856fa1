package dev.tapctl.resources.support;

import dev.tapctl.engine.spi.OutputKey;
import dev.tapctl.engine.spi.Outputs;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A kind's outputs as its spec declares them, its {@code public static final} {@link OutputKey}
 * constants (the ones the stack reads), each written from the live view's component of the same
 * name: a VPC's {@code vpcId} from its live view's {@code vpcId}. Keys are looked up once per spec
 * type.
 */
final class DeclaredOutputs {
    private static final ClassValue<List<OutputKey<?>>> KEYS = new ClassValue<>() {
        @Override
        protected List<OutputKey<?>> computeValue(Class<?> specType) {
            return Arrays.stream(specType.getDeclaredFields())
                    .filter(field -> field.getType() == OutputKey.class && Modifier.isStatic(field.getModifiers()))
                    .map(DeclaredOutputs::key)
                    .toList();
        }
    };

    private DeclaredOutputs() {}

    /**
     * The outputs of {@code live}; a component that is null (an alias or endpoint not there yet)
     * is written as empty text, any other value as its text (a port). A key the live view has no
     * component for is a bug in the handler, which must then write its outputs itself.
     */
    static Outputs of(Class<?> specType, Object live) {
        Map<String, String> values = new TreeMap<>();
        for (OutputKey<?> key : KEYS.get(specType)) {
            Object value = RecordComponents.value(live, key.name());
            values.put(key.name(), value == null ? "" : value.toString());
        }
        return new Outputs(values);
    }

    private static OutputKey<?> key(Field field) {
        try {
            return (OutputKey<?>) field.get(null);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read " + field, e);
        }
    }
}

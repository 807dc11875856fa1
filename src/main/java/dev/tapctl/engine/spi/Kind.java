package dev.tapctl.engine.spi;

import java.util.Objects;

/**
 * One kind of resource, e.g. {@code aws.ec2.vpc}, typed by the spec record its handler takes: the
 * stack, the catalog and the handler all name the same constant, so a handler given the wrong spec
 * is a compile error rather than a failure at run time.
 *
 * @param name the kind as plans and state show it
 * @param specType the spec record of this kind
 */
public record Kind<S>(String name, Class<S> specType) {
    public Kind {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(specType, "specType");
    }

    public static <S> Kind<S> of(String name, Class<S> specType) {
        return new Kind<>(name, specType);
    }

    /** {@code spec} as this kind's spec type; a spec of another type is a bug in the stack. */
    public S cast(Object spec) {
        if (!specType.isInstance(spec)) {
            throw new IllegalStateException(name + " expects " + specType.getSimpleName() + ", got "
                    + (spec == null ? "null" : spec.getClass().getSimpleName()));
        }
        return specType.cast(spec);
    }

    @Override
    public String toString() {
        return name;
    }
}

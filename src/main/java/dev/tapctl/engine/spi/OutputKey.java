package dev.tapctl.engine.spi;

import java.util.Objects;

/**
 * One output of the kind whose spec is {@code S} (a VPC's id, a queue's ARN). The handler writes
 * it and the stack reads it through the same constant; the type parameter keeps a lookup from
 * asking one kind for another kind's output.
 */
public record OutputKey<S>(String name) {
    public OutputKey {
        Objects.requireNonNull(name, "name");
    }

    public static <S> OutputKey<S> of(String name) {
        return new OutputKey<>(name);
    }

    @Override
    public String toString() {
        return name;
    }
}

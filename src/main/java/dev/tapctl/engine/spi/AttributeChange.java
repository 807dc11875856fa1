package dev.tapctl.engine.spi;

import java.util.Objects;

/**
 * One owned attribute that differs between the live object and the desired spec.
 * {@code before} is null when the object is absent; {@code after} may be an {@link Unknown}.
 */
public record AttributeChange(String path, Object before, Object after, boolean forcesReplace) {
    public AttributeChange {
        Objects.requireNonNull(path, "path");
    }

    public static AttributeChange of(String path, Object before, Object after) {
        return new AttributeChange(path, before, after, false);
    }

    public static AttributeChange replacing(String path, Object before, Object after) {
        return new AttributeChange(path, before, after, true);
    }
}

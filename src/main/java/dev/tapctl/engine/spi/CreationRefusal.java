package dev.tapctl.engine.spi;

import java.util.Objects;

/**
 * Why AWS would refuse to create an object as its spec says: the spec attribute at fault (a path
 * as in {@link AttributeChange}, e.g. {@code engineVersion}) and the reason, in words for the user.
 */
public record CreationRefusal(String attribute, String reason) {
    public CreationRefusal {
        Objects.requireNonNull(attribute, "attribute");
        Objects.requireNonNull(reason, "reason");
    }
}

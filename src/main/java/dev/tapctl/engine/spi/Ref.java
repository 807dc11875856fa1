package dev.tapctl.engine.spi;

import java.util.Objects;

/**
 * A resource declared in the stack, as the resources that read its outputs name it: the stack
 * hands these out as it declares resources, so a lookup of an undeclared id cannot be written.
 */
public record Ref<S>(String id, Kind<S> kind) {
    public Ref {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
    }

    @Override
    public String toString() {
        return id;
    }
}

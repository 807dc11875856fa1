package dev.tapctl.engine.spi;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * One node of the desired graph: identity, kind, deletion policy, dependencies and the function
 * that computes its spec from the outputs of what it depends on.
 */
public record ResourceDef<S>(
        String id,
        String kind,
        String name,
        DeletionPolicy deletionPolicy,
        List<String> dependsOn,
        Function<Inputs, S> desired) {

    public ResourceDef {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(deletionPolicy, "deletionPolicy");
        dependsOn = List.copyOf(dependsOn);
        Objects.requireNonNull(desired, "desired");
    }
}

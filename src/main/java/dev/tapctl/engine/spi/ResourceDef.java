package dev.tapctl.engine.spi;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * One node of the desired graph: identity, kind, deletion policy, dependencies and the function
 * that computes its spec from the outputs of what it depends on. {@code keptForRetainedData}
 * marks what retained or snapshotted data still needs after a destroy (the key that encrypts it,
 * the secret holding its password): destroy keeps it while such a dependant exists.
 */
public record ResourceDef<S>(
        String id,
        Kind<S> kind,
        String name,
        DeletionPolicy deletionPolicy,
        List<String> dependsOn,
        Function<Inputs, S> desired,
        boolean keptForRetainedData) {

    public ResourceDef(
            String id,
            Kind<S> kind,
            String name,
            DeletionPolicy deletionPolicy,
            List<String> dependsOn,
            Function<Inputs, S> desired) {
        this(id, kind, name, deletionPolicy, dependsOn, desired, false);
    }

    public ResourceDef {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(deletionPolicy, "deletionPolicy");
        dependsOn = List.copyOf(dependsOn);
        Objects.requireNonNull(desired, "desired");
    }
}

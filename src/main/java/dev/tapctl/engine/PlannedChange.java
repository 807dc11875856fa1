package dev.tapctl.engine;

import dev.tapctl.engine.spi.AttributeChange;
import dev.tapctl.engine.spi.DeletionPolicy;
import java.util.List;

/**
 * The decision for one resource. {@code desired} is the spec as far as it is known; {@code live}
 * is the handler's view of the object found (null when absent), kept so apply need not read again.
 */
public record PlannedChange(
        String id,
        String kind,
        String name,
        Action action,
        Reason reason,
        List<AttributeChange> attributes,
        List<String> dependsOn,
        DeletionPolicy deletionPolicy,
        Object desired,
        Object live) {

    public PlannedChange {
        attributes = List.copyOf(attributes);
        dependsOn = List.copyOf(dependsOn);
    }
}

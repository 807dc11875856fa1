package dev.tapctl.engine;

import dev.tapctl.engine.spi.AttributeChange;
import dev.tapctl.engine.spi.DeletionPolicy;
import java.util.List;

/**
 * The decision for one resource. {@code desired} is the spec as far as it is known; {@code live}
 * is the handler's view of the object found (null when absent), kept so apply need not read again;
 * {@code note} says why, where the action alone does not (e.g. why destroy keeps something).
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
        Object live,
        String note) {

    public PlannedChange {
        attributes = List.copyOf(attributes);
        dependsOn = List.copyOf(dependsOn);
        note = note == null ? "" : note;
    }

    PlannedChange withAction(Action newAction, String newNote) {
        return new PlannedChange(id, kind, name, newAction, reason, attributes, dependsOn, deletionPolicy, desired, live,
                newNote);
    }
}

package dev.tapctl.engine;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every resource's decision, in graph order; {@code partial} says what a partial run
 * ({@code --target}, {@code --exclude}) left out, {@link Partial#NONE} for a whole one.
 */
public record Plan(String env, String region, boolean destroy, List<Step> changes, Partial partial) {
    public Plan {
        changes = List.copyOf(changes);
        java.util.Objects.requireNonNull(partial, "partial");
    }

    /** A plan of every resource. */
    public Plan(String env, String region, boolean destroy, List<Step> changes) {
        this(env, region, destroy, changes, Partial.NONE);
    }

    public Optional<Step> change(String id) {
        return changes.stream().filter(c -> c.id().equals(id)).findFirst();
    }

    public boolean hasChanges() {
        return changes.stream().anyMatch(c -> c.action().changes());
    }

    public Map<Action, Integer> summary() {
        Map<Action, Integer> counts = new EnumMap<>(Action.class);
        for (Action action : Action.values()) {
            counts.put(action, 0);
        }
        changes.forEach(c -> counts.merge(c.action(), 1, Integer::sum));
        return counts;
    }
}

package dev.tapctl.engine;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every resource's decision, in graph order. */
public record Plan(String env, String region, boolean destroy, List<Step> changes) {
    public Plan {
        changes = List.copyOf(changes);
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

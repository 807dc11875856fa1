package dev.tapctl.engine;

import dev.tapctl.engine.spi.Holdings;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every resource's decision, in graph order; {@code partial} says what a partial run
 * ({@code --target}, {@code --exclude}) left out, {@link Partial#NONE} for a whole one;
 * {@code holdings}, by step id, what the destructive steps (delete, replace, retain) of kinds that
 * hold data hold, read at plan time.
 */
public record Plan(
        String env,
        String region,
        boolean destroy,
        List<Step> changes,
        Partial partial,
        Map<String, Holdings> holdings) {
    public Plan {
        changes = List.copyOf(changes);
        java.util.Objects.requireNonNull(partial, "partial");
        holdings = Map.copyOf(holdings);
    }

    /** A plan of every resource that read no holdings (offline, or built by hand). */
    public Plan(String env, String region, boolean destroy, List<Step> changes) {
        this(env, region, destroy, changes, Partial.NONE, Map.of());
    }

    /** A plan that read no holdings. */
    public Plan(String env, String region, boolean destroy, List<Step> changes, Partial partial) {
        this(env, region, destroy, changes, partial, Map.of());
    }

    /** A plan of every resource. */
    public Plan(String env, String region, boolean destroy, List<Step> changes, Map<String, Holdings> holdings) {
        this(env, region, destroy, changes, Partial.NONE, holdings);
    }

    public Optional<Step> change(String id) {
        return changes.stream().filter(c -> c.id().equals(id)).findFirst();
    }

    /** What {@code change} holds, when the plan read it. */
    public Optional<Holdings> holds(Step change) {
        return Optional.ofNullable(holdings.get(change.id()));
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

package dev.tapctl.engine;

import java.util.List;
import java.util.Map;

/**
 * What a partial run ({@code --target}, {@code --exclude}) works on, for the plan to say so.
 *
 * @param targets the {@code --target} patterns as given (orphan ones too)
 * @param excludes the {@code --exclude} patterns as given
 * @param selected the ids planned and changed, in graph order
 * @param configured how many resources the configuration has
 * @param pulledIn by matched target id, what it brought in: its dependencies (apply), its
 *     dependants (destroy); only those not matched themselves
 * @param dropped by matched excluded id, what went with it: its dependants (apply), its
 *     dependencies, which a destroy must then keep too
 * @param destroy whether the run destroys, which reverses both directions
 */
public record Partial(
        List<String> targets,
        List<String> excludes,
        List<String> selected,
        int configured,
        Map<String, List<String>> pulledIn,
        Map<String, List<String>> dropped,
        boolean destroy) {
    /** A run over every resource. */
    public static final Partial NONE = new Partial(List.of(), List.of(), List.of(), 0, Map.of(), Map.of(), false);

    public Partial {
        targets = List.copyOf(targets);
        excludes = List.copyOf(excludes);
        selected = List.copyOf(selected);
        // Copies that keep the order the ids were matched in (graph order).
        pulledIn = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(pulledIn));
        dropped = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(dropped));
    }

    /** Whether the run is partial: only a selection of the resources, and orphans left alone. */
    public boolean active() {
        return !targets.isEmpty() || !excludes.isEmpty();
    }

    /** The orphan patterns among the targets ({@code orphan:ID}): the only orphans a partial run removes. */
    public List<String> orphanTargets() {
        return targets.stream().filter(Selection::namesOrphan).toList();
    }
}

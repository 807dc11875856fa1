package dev.tapctl.engine;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The configured bounds of resources' waits, by target (a resource id or a kind) and operation
 * ({@code create}, {@code update}, {@code delete}). A resource's own id wins over its kind;
 * without either, its handler keeps the built-in bound.
 */
public record WaitLimits(Map<String, Map<String, Duration>> byTarget) {
    public static final WaitLimits NONE = new WaitLimits(Map.of());

    public WaitLimits {
        byTarget = byTarget.entrySet().stream()
                .collect(java.util.stream.Collectors.toUnmodifiableMap(
                        Map.Entry::getKey, e -> Map.copyOf(e.getValue())));
    }

    /** The bound of {@code id}'s waits (of kind {@code kind}) while {@code operation} runs. */
    public Optional<Duration> of(String id, String kind, String operation) {
        return Optional.ofNullable(byTarget.getOrDefault(id, Map.of()).get(operation))
                .or(() -> Optional.ofNullable(
                        byTarget.getOrDefault(kind, Map.of()).get(operation)));
    }
}

package dev.tapctl.engine;

import dev.tapctl.engine.spi.AttributeChange;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The {@code ignoreChanges} of one run, resolved to logical ids: for each id, the attribute paths
 * as the plan names them, each with the path of the spec field that holds its value (the same but
 * where a handler names the difference otherwise, e.g. an instance's {@code metadataOptions.httpTokens}
 * is its spec's {@code imdsV2Required}). A path covers itself and everything under it
 * ({@code tags} covers {@code tags.CostCenter}).
 */
public record IgnoredPaths(Map<String, Map<String, String>> byId) {
    public static final IgnoredPaths NONE = new IgnoredPaths(Map.of());

    public IgnoredPaths {
        Map<String, Map<String, String>> copy = new TreeMap<>();
        byId.forEach((id, paths) -> copy.put(id, Map.copyOf(paths)));
        byId = Map.copyOf(copy);
    }

    /** Whether {@code id} has any ignored path. */
    boolean any(String id) {
        return byId.containsKey(id);
    }

    /** Whether an ignored path of {@code id} covers {@code change}. */
    boolean covers(String id, AttributeChange change) {
        return specPath(id, change.path()).isPresent();
    }

    /**
     * The spec field path holding the value of the plan path {@code planPath} of {@code id}, when
     * an ignored path covers it: the rule's spec path followed by what {@code planPath} has below the rule's.
     */
    Optional<String> specPath(String id, String planPath) {
        for (Map.Entry<String, String> rule : byId.getOrDefault(id, Map.of()).entrySet()) {
            String ignored = rule.getKey();
            if (planPath.equals(ignored)) {
                return Optional.of(rule.getValue());
            }
            if (planPath.startsWith(ignored + ".")) {
                return Optional.of(rule.getValue() + planPath.substring(ignored.length()));
            }
        }
        return Optional.empty();
    }

    /**
     * The spec apply writes for {@code id}: {@code desired} with the live value ({@code before})
     * of every ignored difference among {@code changes}, so that an update leaves those as they are.
     * Throws IllegalArgumentException when a live value does not fit the spec.
     */
    Object written(String id, Object desired, List<AttributeChange> changes) {
        Object written = desired;
        for (AttributeChange change : changes) {
            if (change.isIgnored()) {
                String path = specPath(id, change.path())
                        .orElseThrow(() -> new IllegalStateException(id + ": " + change.path() + " is not ignored"));
                written = SpecOverlay.with(written, path, change.before());
            }
        }
        return written;
    }
}

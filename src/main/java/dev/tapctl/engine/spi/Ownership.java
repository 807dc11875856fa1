package dev.tapctl.engine.spi;

import java.util.Set;

/**
 * What identifies the objects of one environment when looking for orphans: the ownership tags
 * ({@code Project}, {@code Environment}, {@code ManagedBy=tapctl}), the prefix every name of the
 * environment starts with, and the names the configuration still has (those are not orphans, and
 * a handler can skip them before spending a call on their tags).
 */
public record Ownership(String project, String env, String namePrefix, Set<String> knownNames) {
    public Ownership {
        knownNames = Set.copyOf(knownNames);
    }

    /** Whether these tags mark an object of this environment that tapctl manages. */
    public boolean owns(java.util.Map<String, String> tags) {
        return Tags.MANAGED_BY_VALUE.equals(tags.get(Tags.MANAGED_BY))
                && project.equals(tags.get(Tags.PROJECT))
                && env.equals(tags.get(Tags.ENVIRONMENT))
                && tags.containsKey(Tags.LOGICAL_ID);
    }
}

package dev.tapctl.stack;

import dev.tapctl.config.TapConfig;
import dev.tapctl.engine.spi.Tags;
import java.util.Map;
import java.util.TreeMap;

/** The tags each resource of an environment carries; the spec hash is added when they are written. */
final class ResourceTags {
    private final TapConfig config;

    ResourceTags(TapConfig config) {
        this.config = config;
    }

    /** Ownership tags plus the configured ones. */
    Map<String, String> of(String logicalId, String name) {
        Map<String, String> tags = new TreeMap<>(config.tags());
        tags.put(Tags.PROJECT, config.project());
        tags.put(Tags.ENVIRONMENT, config.env());
        tags.put(Tags.MANAGED_BY, Tags.MANAGED_BY_VALUE);
        tags.put(Tags.LOGICAL_ID, logicalId);
        tags.put(Tags.NAME, name);
        return tags;
    }

    /**
     * Tags of an account-wide resource shared by every environment: nothing that differs between
     * environments (Environment, configured tags), or each apply would undo the other's.
     */
    Map<String, String> accountWide(String logicalId, String name) {
        Map<String, String> tags = new TreeMap<>();
        tags.put(Tags.PROJECT, config.project());
        tags.put(Tags.MANAGED_BY, Tags.MANAGED_BY_VALUE);
        tags.put(Tags.LOGICAL_ID, logicalId);
        tags.put(Tags.NAME, name);
        return tags;
    }
}

package dev.tapctl.engine.spi;

import java.util.Map;
import java.util.Optional;

/** Tag keys every taggable resource carries. */
public final class Tags {
    public static final String PROJECT = "Project";
    public static final String ENVIRONMENT = "Environment";
    public static final String MANAGED_BY = "ManagedBy";
    public static final String MANAGED_BY_VALUE = "tapctl";
    public static final String LOGICAL_ID = "tapctl:logical-id";
    public static final String SPEC_HASH = "tapctl:spec-hash";
    public static final String NAME = "Name";

    private Tags() {}

    /**
     * The prefix every name of the tags' environment starts with, {@code <project>-<env>-} (the
     * {@link Ownership#namePrefix()} of that environment); empty without both tags.
     */
    public static Optional<String> namePrefix(Map<String, String> tags) {
        String project = tags.get(PROJECT);
        String env = tags.get(ENVIRONMENT);
        return project == null || env == null ? Optional.empty() : Optional.of(project + "-" + env + "-");
    }
}

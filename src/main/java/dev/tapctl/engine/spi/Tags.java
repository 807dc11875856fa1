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

    /** The prefix of the keys only tapctl writes ({@link #LOGICAL_ID}, {@link #SPEC_HASH}). */
    public static final String TAPCTL_PREFIX = "tapctl:";

    private Tags() {}

    /**
     * Whether an object carries any tag of tapctl's: {@code ManagedBy=tapctl} or a key only tapctl
     * writes. One without any was made by hand or by another tool (Terraform, the console); one
     * with some is tapctl's, of this environment or of another (its {@code Project} and
     * {@code Environment} say which), even if someone edited one of them since.
     */
    public static boolean carriesTapctlTags(Map<String, String> tags) {
        return MANAGED_BY_VALUE.equals(tags.get(MANAGED_BY))
                || tags.keySet().stream().anyMatch(key -> key.startsWith(TAPCTL_PREFIX));
    }

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

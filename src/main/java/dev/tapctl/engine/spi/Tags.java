package dev.tapctl.engine.spi;

/** Tag keys every taggable resource carries. */
public final class Tags {
    public static final String PROJECT = "Project";
    public static final String ENVIRONMENT = "Environment";
    public static final String MANAGED_BY = "ManagedBy";
    public static final String MANAGED_BY_VALUE = "tapctl";
    public static final String LOGICAL_ID = "tapctl:logical-id";
    public static final String SPEC_HASH = "tapctl:spec-hash";
    public static final String NAME = "Name";

    private Tags() {
    }
}

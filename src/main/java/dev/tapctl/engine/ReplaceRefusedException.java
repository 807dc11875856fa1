package dev.tapctl.engine;

/** A resource that keeps data would be replaced and the user did not allow it. */
public final class ReplaceRefusedException extends RuntimeException {
    private final String resourceId;

    public ReplaceRefusedException(String resourceId) {
        super(resourceId + " would be replaced, which destroys its data; run again with --allow-replace " + resourceId
                + " if that is intended");
        this.resourceId = resourceId;
    }

    public String resourceId() {
        return resourceId;
    }
}

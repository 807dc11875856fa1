package dev.tapctl.engine;

/**
 * Why a change is planned: the object is absent, the configuration changed (the spec hash the
 * object carries differs from the desired one), or the object was changed outside tapctl (same
 * hash, different attributes), or it is no longer in the configuration, or it exists but tapctl
 * did not make it (unmanaged: to be adopted).
 */
public enum Reason {
    ABSENT("absent"),
    CONFIG("config"),
    DRIFT("drift"),
    ORPHAN("orphan"),
    DESTROY("destroy"),
    /** The object exists under the resource's name but carries no tapctl tag: made elsewhere. */
    UNMANAGED("unmanaged");

    private final String json;

    Reason(String json) {
        this.json = json;
    }

    public String json() {
        return json;
    }
}

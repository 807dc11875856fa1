package dev.tapctl.engine;

/**
 * Why a change is planned: the object is absent, the configuration changed (the spec hash the
 * object carries differs from the desired one), or the object was changed outside tapctl (same
 * hash, different attributes), or it is no longer in the configuration.
 */
public enum Reason {
    ABSENT("absent"),
    CONFIG("config"),
    DRIFT("drift"),
    ORPHAN("orphan"),
    DESTROY("destroy");

    private final String json;

    Reason(String json) {
        this.json = json;
    }

    public String json() {
        return json;
    }
}

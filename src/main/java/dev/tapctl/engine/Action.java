package dev.tapctl.engine;

/** What a plan does to one resource; {@code json} is the word plan JSON uses. */
public enum Action {
    CREATE("create", "+"),
    /** An object made outside tapctl, found by its name: tagged and reconciled in place. */
    ADOPT("adopt", "~>"),
    UPDATE("update", "~"),
    REPLACE("replace", "-/+"),
    DELETE("delete", "-"),
    RETAIN("retain", "!"),
    NO_OP("no-op", "=");

    private final String json;
    private final String symbol;

    Action(String json, String symbol) {
        this.json = json;
        this.symbol = symbol;
    }

    public String json() {
        return json;
    }

    public String symbol() {
        return symbol;
    }

    /** Whether carrying it out changes something in AWS: a retained object is left as it is. */
    public boolean changes() {
        return this != NO_OP && this != RETAIN;
    }

    /** Whether a plan shows it: everything but no-op (a retain is news, though nothing changes). */
    public boolean shown() {
        return this != NO_OP;
    }
}

package dev.tapctl.engine;

/** The desired graph is malformed: a duplicate id, a dependency on nothing, or a cycle. */
public final class GraphException extends RuntimeException {
    public GraphException(String message) {
        super(message);
    }
}

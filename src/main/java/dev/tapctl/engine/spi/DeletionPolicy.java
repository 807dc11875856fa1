package dev.tapctl.engine.spi;

/** What destroy does with a resource: delete it, delete it after a final snapshot, or leave it. */
public enum DeletionPolicy {
    DELETE,
    SNAPSHOT,
    RETAIN
}

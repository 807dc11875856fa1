package dev.tapctl.engine.spi;

import java.util.Objects;

/**
 * One owned attribute that differs between the live object and the desired spec.
 * {@code before} is null when the object is absent; {@code after} may be an {@link Unknown}.
 * {@code ignored} says whether an {@code ignoreChanges} rule leaves the difference as AWS has it
 * (the engine marks it; a handler's diff never does).
 */
public record AttributeChange(String path, Object before, Object after, boolean forcesReplace, Ignored ignored) {
    /** Whether an {@code ignoreChanges} rule covers a difference, and what made it. */
    public enum Ignored {
        /** Not covered: the difference is a change apply makes. */
        NO,
        /** Covered; the live object changed outside tapctl. */
        DRIFT,
        /**
         * Covered; the object is as tapctl last wrote it (its spec hash says so), so what differs
         * is the configuration: it changed there, or tapctl kept AWS's value there on a write.
         */
        CONFIG
    }

    public AttributeChange {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(ignored, "ignored");
    }

    public AttributeChange(String path, Object before, Object after, boolean forcesReplace) {
        this(path, before, after, forcesReplace, Ignored.NO);
    }

    public static AttributeChange of(String path, Object before, Object after) {
        return new AttributeChange(path, before, after, false);
    }

    public static AttributeChange replacing(String path, Object before, Object after) {
        return new AttributeChange(path, before, after, true);
    }

    /** Whether an {@code ignoreChanges} rule leaves this difference alone. */
    public boolean isIgnored() {
        return ignored != Ignored.NO;
    }

    /** The same difference, left alone for the reason {@code why}. */
    public AttributeChange ignoredAs(Ignored why) {
        return new AttributeChange(path, before, after, forcesReplace, why);
    }
}

package dev.tapctl.engine;

import java.time.Duration;

/** Hears about each resource as the engine works on it; renderers implement it. */
public interface ProgressListener {
    ProgressListener SILENT = new ProgressListener() {};

    default void started(String id, String verb) {}

    default void status(String id, String message) {}

    /** A status that is a wait of at most {@code limit}, e.g. "waiting for available". */
    default void waiting(String id, String message, Duration limit) {
        status(id, message);
    }

    default void finished(String id, String verb, Duration elapsed) {}

    default void failed(String id, String verb, Throwable error, Duration elapsed) {}
}

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

    /** Tells {@code first}, then {@code second}, of everything: one place that knows every method. */
    static ProgressListener both(ProgressListener first, ProgressListener second) {
        return new ProgressListener() {
            @Override
            public void started(String id, String verb) {
                first.started(id, verb);
                second.started(id, verb);
            }

            @Override
            public void status(String id, String message) {
                first.status(id, message);
                second.status(id, message);
            }

            @Override
            public void waiting(String id, String message, Duration limit) {
                first.waiting(id, message, limit);
                second.waiting(id, message, limit);
            }

            @Override
            public void finished(String id, String verb, Duration elapsed) {
                first.finished(id, verb, elapsed);
                second.finished(id, verb, elapsed);
            }

            @Override
            public void failed(String id, String verb, Throwable error, Duration elapsed) {
                first.failed(id, verb, error, elapsed);
                second.failed(id, verb, error, elapsed);
            }
        };
    }
}

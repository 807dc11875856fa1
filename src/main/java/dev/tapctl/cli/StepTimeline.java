package dev.tapctl.cli;

import dev.tapctl.engine.ProgressListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Records what a run did when: one span per resource step (creating, updating, deleting, ...),
 * within it a span per wait it reported ("waiting for available"), and spans for the run's own
 * phases (the plan, the lock). What {@code --trace} writes and the end-of-run summary reads.
 * Thread-safe: the engine reports from its worker threads.
 */
final class StepTimeline implements ProgressListener {
    /** The track of the run's own phases, apart from every resource's. */
    static final String RUN_TRACK = "tapctl";

    /**
     * A span of {@code track}, in microseconds from the start of the run. {@code step} marks a
     * resource's whole step, as opposed to a phase or a wait within a step.
     */
    record Span(String track, String name, long startMicros, long durationMicros, boolean step) {
        long endMicros() {
            return startMicros + durationMicros;
        }
    }

    private record Open(String name, long startMicros) {}

    private final LongSupplier nanos;
    private final long origin;
    private final List<Span> spans = new ArrayList<>();
    private final Map<String, Open> openSteps = new HashMap<>();
    private final Map<String, Open> openWaits = new HashMap<>();

    StepTimeline() {
        this(System::nanoTime);
    }

    StepTimeline(LongSupplier nanos) {
        this.nanos = nanos;
        this.origin = nanos.getAsLong();
    }

    /** Runs one of the run's phases ({@code plan}, {@code lock}, ...) as a span of its own track. */
    <T> T phase(String name, java.util.function.Supplier<T> work) {
        long start = now();
        try {
            return work.get();
        } finally {
            add(new Span(RUN_TRACK, name, start, now() - start, false));
        }
    }

    @Override
    public synchronized void started(String id, String verb) {
        openSteps.put(id, new Open(verb, now()));
    }

    /** A wait the handler reports starts a span within the step, ended by the next status or the step's end. */
    @Override
    public synchronized void status(String id, String message) {
        closeWait(id);
        if (message.startsWith("waiting")) {
            openWaits.put(id, new Open(message, now()));
        }
    }

    @Override
    public synchronized void finished(String id, String verb, Duration elapsed) {
        close(id, verb);
    }

    @Override
    public synchronized void failed(String id, String verb, Throwable error, Duration elapsed) {
        close(id, verb + " (failed)");
    }

    synchronized List<Span> spans() {
        return List.copyOf(spans);
    }

    private void close(String id, String verb) {
        closeWait(id);
        Open step = openSteps.remove(id);
        if (step != null) {
            spans.add(new Span(id, verb, step.startMicros(), now() - step.startMicros(), true));
        }
    }

    private void closeWait(String id) {
        Open wait = openWaits.remove(id);
        if (wait != null) {
            spans.add(new Span(id, wait.name(), wait.startMicros(), now() - wait.startMicros(), false));
        }
    }

    private synchronized void add(Span span) {
        spans.add(span);
    }

    private long now() {
        return (nanos.getAsLong() - origin) / 1_000;
    }
}

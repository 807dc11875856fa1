package dev.tapctl.perf;

import dev.tapctl.engine.ProgressListener;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link ProgressListener} that keeps when each resource's step started and ended (the engine
 * reports create, update and delete steps, each from the worker thread doing it), so a test can
 * ask whether two resources were worked on at the same time.
 */
public final class NodeTimeline implements ProgressListener {
    /** One step of one resource, in {@link System#nanoTime()} units; {@code end} is -1 while running. */
    public record Interval(String id, String verb, long start, long end, String thread) {
        public boolean overlaps(Interval other) {
            return start < other.end && other.start < end;
        }
    }

    private final Map<String, Long> open = new ConcurrentHashMap<>();
    private final Map<String, String> threads = new ConcurrentHashMap<>();
    private final List<Interval> done = new CopyOnWriteArrayList<>();
    private final ProgressListener next;

    public NodeTimeline() {
        this(ProgressListener.SILENT);
    }

    /** Records, then passes every event on to {@code next}. */
    public NodeTimeline(ProgressListener next) {
        this.next = next;
    }

    @Override
    public void started(String id, String verb) {
        open.put(id + "\u0000" + verb, System.nanoTime());
        threads.put(id + "\u0000" + verb, Thread.currentThread().getName());
        next.started(id, verb);
    }

    @Override
    public void status(String id, String message) {
        next.status(id, message);
    }

    @Override
    public void finished(String id, String verb, Duration elapsed) {
        close(id, verb);
        next.finished(id, verb, elapsed);
    }

    @Override
    public void failed(String id, String verb, Throwable error, Duration elapsed) {
        close(id, verb);
        next.failed(id, verb, error, elapsed);
    }

    private void close(String id, String verb) {
        long end = System.nanoTime();
        Long start = open.remove(id + "\u0000" + verb);
        String thread = threads.remove(id + "\u0000" + verb);
        // A step finished without a start ("retaining" in a destroy) is an instant.
        done.add(new Interval(id, verb, start == null ? end : start, end, thread));
    }

    public List<Interval> intervals() {
        return List.copyOf(done);
    }

    /** The (first) finished step of {@code id}. */
    public Optional<Interval> of(String id) {
        return done.stream().filter(i -> i.id().equals(id)).findFirst();
    }

    /** How many steps were running at once, at most. */
    public int maxConcurrency() {
        int max = 0;
        for (Interval a : done) {
            int running = 0;
            for (Interval b : done) {
                if (b.start() <= a.start() && a.start() < b.end()) {
                    running++;
                }
            }
            max = Math.max(max, running);
        }
        return max;
    }
}

package dev.tapctl.cli;

import dev.tapctl.config.Durations;
import dev.tapctl.engine.ProgressListener;
import dev.tapctl.engine.spi.DaemonThreads;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * One line per resource as it starts and ends, with elapsed seconds; safe from worker threads.
 * On a terminal a live summary stays on the last line, redrawn with every event and every
 * second (a database is minutes of silence otherwise); piped output gets the plain lines only.
 */
final class ProgressPrinter implements ProgressListener, AutoCloseable {
    /** Back to the start of the line, and clear it. */
    private static final String CLEAR_LINE = "\r\u001B[K";

    private final Console console;
    private final LongSupplier clock;
    private final LiveSummary summary;
    private final ScheduledExecutorService ticker;
    private boolean drawn;

    ProgressPrinter(Console console) {
        this(console, System::nanoTime, console.terminal() ? columns() : 0, console.terminal());
    }

    /** {@code width} 0 means no live summary; {@code tick} whether to redraw it every second. */
    ProgressPrinter(Console console, LongSupplier clock, int width, boolean tick) {
        this.console = console;
        this.clock = clock;
        this.summary = width > 0 ? new LiveSummary(width) : null;
        this.ticker = summary != null && tick
                ? Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("tapctl-progress"))
                : null;
        if (ticker != null) {
            ticker.scheduleAtFixedRate(this::redraw, 1, 1, TimeUnit.SECONDS);
        }
    }

    @Override
    public synchronized void started(String id, String verb) {
        if (summary != null) {
            summary.started(id, verb, clock.getAsLong());
        }
        line(String.format("%s: %s...", id, verb));
    }

    @Override
    public synchronized void status(String id, String message) {
        if (summary != null) {
            summary.status(id, message);
        }
        line(String.format("%s: %s", id, message));
    }

    /** A wait: the plain line names its limit; the live summary shows how long of it has passed. */
    @Override
    public synchronized void waiting(String id, String message, Duration limit) {
        if (summary != null) {
            summary.waiting(id, message, limit, clock.getAsLong());
        }
        line(String.format("%s: %s (limit %s)", id, message, Durations.format(limit)));
    }

    @Override
    public synchronized void finished(String id, String verb, Duration elapsed) {
        if (summary != null) {
            summary.finished(id);
        }
        line(String.format("%s: %s %s", id, done(verb), seconds(elapsed)));
    }

    @Override
    public synchronized void failed(String id, String verb, Throwable error, Duration elapsed) {
        if (summary != null) {
            summary.failed(id);
        }
        line(String.format("%s: %s %s %s", id, console.paint("31", "failed"), verb, seconds(elapsed)));
    }

    /** Stops the redraws and takes the summary off the screen; what follows starts on a clean line. */
    @Override
    public synchronized void close() {
        if (ticker != null) {
            ticker.shutdownNow();
        }
        if (drawn) {
            console.out().print(CLEAR_LINE);
            console.out().flush();
            drawn = false;
        }
    }

    private void line(String text) {
        if (drawn) {
            console.out().print(CLEAR_LINE);
        }
        console.out().println(text);
        drawn = false;
        draw();
        console.out().flush();
    }

    /** Redraws the summary with the time now; what the ticker runs every second. */
    synchronized void redraw() {
        if (summary == null || summary.isIdle()) {
            return;
        }
        console.out().print(CLEAR_LINE);
        draw();
        console.out().flush();
    }

    private void draw() {
        if (summary != null && !summary.isIdle()) {
            console.out().print(summary.render(clock.getAsLong()));
            drawn = true;
        }
    }

    /** The terminal's width from COLUMNS (set by most shells), else the classic 80. */
    private static int columns() {
        try {
            String columns = System.getenv("COLUMNS");
            return columns == null ? 80 : Integer.parseInt(columns.trim());
        } catch (NumberFormatException e) {
            return 80;
        }
    }

    private static String done(String verb) {
        return switch (verb) {
            case "creating" -> "created";
            case "updating" -> "updated";
            case "replacing" -> "replaced";
            case "removing for replacement" -> "removed for replacement";
            case "deleting" -> "deleted";
            case "retaining" -> "retained";
            case "scheduling deletion" -> "deletion scheduled";
            case "snapshotting" -> "snapshotted and deleted";
            default -> verb + " done";
        };
    }

    private static String seconds(Duration elapsed) {
        return String.format(Locale.ROOT, "[%.1fs]", elapsed.toMillis() / 1000.0);
    }
}

package dev.tapctl.cli;

import dev.tapctl.config.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one line a terminal keeps at the bottom while resources are worked on: how many are done,
 * failed and running, and the running ones, longest first with what each is doing and for how
 * long. Not thread-safe; {@link ProgressPrinter} calls it under its lock.
 */
final class LiveSummary {
    /** {@code waitLimit} is null unless the resource is waiting, since {@code waitSinceNanos}, for a state. */
    private record Running(String doing, long sinceNanos, Duration waitLimit, long waitSinceNanos) {
        Running(String doing, long sinceNanos) {
            this(doing, sinceNanos, null, 0);
        }
    }

    private final Map<String, Running> running = new LinkedHashMap<>();
    private final int width;
    private int done;
    private int failed;

    /** {@code width}: the terminal's columns; the line is cut to fit, since a wrapped line cannot be redrawn. */
    LiveSummary(int width) {
        this.width = Math.max(20, width);
    }

    void started(String id, String verb, long nowNanos) {
        running.put(id, new Running(verb, nowNanos));
    }

    void status(String id, String message) {
        Running current = running.get(id);
        if (current != null) {
            running.put(id, new Running(message, current.sinceNanos()));
        }
    }

    /** {@code id} waits, from now, for at most {@code limit}: shown as "(4m10s of 90m)". */
    void waiting(String id, String message, Duration limit, long nowNanos) {
        Running current = running.get(id);
        if (current != null) {
            running.put(id, new Running(message, current.sinceNanos(), limit, nowNanos));
        }
    }

    void finished(String id) {
        if (running.remove(id) != null) {
            done++;
        }
    }

    void failed(String id) {
        if (running.remove(id) != null) {
            failed++;
        }
    }

    boolean isIdle() {
        return running.isEmpty();
    }

    String render(long nowNanos) {
        StringBuilder line = new StringBuilder(
                String.format(Locale.ROOT, "[%d done, %d failed, %d running]", done, failed, running.size()));
        List<Map.Entry<String, Running>> longestFirst = new ArrayList<>(running.entrySet());
        longestFirst.sort(Map.Entry.comparingByValue((a, b) -> Long.compare(a.sinceNanos(), b.sinceNanos())));
        String separator = " ";
        for (Map.Entry<String, Running> entry : longestFirst) {
            line.append(separator)
                    .append(entry.getKey())
                    .append(' ')
                    .append(entry.getValue().doing())
                    .append(' ')
                    .append(progress(entry.getValue(), nowNanos));
            separator = ", ";
        }
        return line.length() <= width ? line.toString() : line.substring(0, width - 1) + "…";
    }

    /** How long the resource has been worked on, or, while it waits, how long of its limit it has waited. */
    private static String progress(Running running, long nowNanos) {
        if (running.waitLimit() == null) {
            return elapsed(nowNanos - running.sinceNanos());
        }
        return "(" + elapsed(nowNanos - running.waitSinceNanos()) + " of " + Durations.format(running.waitLimit())
                + ")";
    }

    private static String elapsed(long nanos) {
        long seconds = nanos / 1_000_000_000L;
        return seconds < 60 ? seconds + "s" : String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
    }
}

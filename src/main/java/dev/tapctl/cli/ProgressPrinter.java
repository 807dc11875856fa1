package dev.tapctl.cli;

import dev.tapctl.engine.ProgressListener;
import java.time.Duration;
import java.util.Locale;

/** One line per resource as it starts and ends, with elapsed seconds; safe from worker threads. */
final class ProgressPrinter implements ProgressListener {
    private final Console console;

    ProgressPrinter(Console console) {
        this.console = console;
    }

    @Override
    public synchronized void started(String id, String verb) {
        console.out().printf("%s: %s...%n", id, verb);
        console.out().flush();
    }

    @Override
    public synchronized void status(String id, String message) {
        console.out().printf("%s: %s%n", id, message);
        console.out().flush();
    }

    @Override
    public synchronized void finished(String id, String verb, Duration elapsed) {
        console.out().printf("%s: %s %s%n", id, done(verb), seconds(elapsed));
        console.out().flush();
    }

    @Override
    public synchronized void failed(String id, String verb, Throwable error, Duration elapsed) {
        console.out().printf("%s: %s %s %s%n", id, console.paint("31", "failed"), verb, seconds(elapsed));
        console.out().flush();
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
            default -> verb + " done";
        };
    }

    private static String seconds(Duration elapsed) {
        return String.format(Locale.ROOT, "[%.1fs]", elapsed.toMillis() / 1000.0);
    }
}

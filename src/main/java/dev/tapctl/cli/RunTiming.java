package dev.tapctl.cli;

import dev.tapctl.engine.ProgressListener;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Times one apply or destroy: hears every step beside the progress printer, times the run's own
 * phases, and at the end prints where the time went and writes the {@code --trace} file.
 */
final class RunTiming {
    private final StepTimeline timeline = new StepTimeline();
    private final TraceOption trace;

    RunTiming(TraceOption trace) {
        this.trace = trace;
    }

    /** {@code progress}, and this timing too. */
    ProgressListener alongside(ProgressListener progress) {
        return ProgressListener.both(progress, timeline);
    }

    <T> T phase(String name, Supplier<T> work) {
        return timeline.phase(name, work);
    }

    /**
     * Prints the slowest steps and the critical path, and writes the trace when asked, also
     * after a failed run (then most of all).
     *
     * @param waitsFor what a resource's step waited for: its dependencies in an apply, its
     *     dependants in a destroy
     */
    void report(Console console, String title, Function<String, List<String>> waitsFor) {
        List<StepTimeline.Span> spans = timeline.spans();
        List<String> lines = RunSummary.of(spans, waitsFor).lines();
        if (!lines.isEmpty()) {
            console.out().println();
            lines.forEach(console.out()::println);
        }
        Path file = trace.file;
        if (file != null) {
            ChromeTrace.write(file, title, spans);
            console.out().println("Trace: " + file + " (open it in https://ui.perfetto.dev or chrome://tracing)");
        }
        console.out().flush();
    }
}

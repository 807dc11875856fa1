package dev.tapctl.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link StepTimeline} in the Trace Event Format that Perfetto and {@code chrome://tracing}
 * open: one thread (track) per resource, named by its logical id, the run's phases on the first,
 * and each span a complete ("X") event with its start and duration in microseconds.
 */
final class ChromeTrace {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PID = 1;

    private ChromeTrace() {}

    static void write(Path file, String title, List<StepTimeline.Span> spans) {
        try {
            Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(render(title, spans)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the trace " + file, e);
        }
    }

    static ObjectNode render(String title, List<StepTimeline.Span> spans) {
        Map<String, Integer> tracks = new LinkedHashMap<>();
        tracks.put(StepTimeline.RUN_TRACK, 0);
        spans.stream()
                .sorted(java.util.Comparator.comparingLong(StepTimeline.Span::startMicros))
                .forEach(span -> tracks.computeIfAbsent(span.track(), k -> tracks.size()));
        ObjectNode trace = JSON.createObjectNode();
        ArrayNode events = trace.putArray("traceEvents");
        events.add(metadata("process_name", 0, title));
        tracks.forEach((track, tid) -> events.add(metadata("thread_name", tid, track)));
        for (StepTimeline.Span span : spans) {
            ObjectNode event = events.addObject();
            event.put("name", span.name());
            event.put("cat", span.step() ? "step" : span.track().equals(StepTimeline.RUN_TRACK) ? "phase" : "wait");
            event.put("ph", "X");
            event.put("ts", span.startMicros());
            event.put("dur", span.durationMicros());
            event.put("pid", PID);
            event.put("tid", tracks.get(span.track()));
            event.putObject("args").put("resource", span.track());
        }
        trace.put("displayTimeUnit", "ms");
        return trace;
    }

    private static ObjectNode metadata(String name, int tid, String value) {
        ObjectNode event = JSON.createObjectNode();
        event.put("name", name);
        event.put("ph", "M");
        event.put("pid", PID);
        event.put("tid", tid);
        event.putObject("args").put("name", value);
        return event;
    }
}

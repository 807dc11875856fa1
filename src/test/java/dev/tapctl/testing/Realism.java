package dev.tapctl.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/** The emulator's realism mode (scripts/emulator_realism.py), switched and read over its control endpoint. */
public final class Realism {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final URI control;

    Realism(URI endpoint) {
        this.control = endpoint.resolve("/_tapctl/realism");
    }

    /** Turns realism on with {@code windows} (seconds) over the emulator's defaults; clears counts and state. */
    public void enable(Map<String, Double> windows) {
        post(Map.of("enabled", true, "windows", windows));
    }

    /** Turns realism off; clears counts and state. */
    public void disable() {
        post(Map.of("enabled", false));
    }

    /** How often each behaviour fired since realism was last switched. */
    public Map<String, Integer> counts() {
        JsonNode state = send(HttpRequest.newBuilder(control).GET());
        Map<String, Integer> counts = new TreeMap<>();
        state.path("counts").fields().forEachRemaining(e -> counts.put(e.getKey(), e.getValue().asInt()));
        return counts;
    }

    private void post(Map<String, Object> body) {
        try {
            send(HttpRequest.newBuilder(control).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private JsonNode send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = HTTP.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("emulator realism control answered HTTP " + response.statusCode()
                        + ": " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("emulator realism control failed at " + control, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}

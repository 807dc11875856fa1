package dev.tapctl.testing;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The emulator's realism mode ({@code scripts/emulation/realism/}): AWS's documented delays and
 * states (new IAM roles not usable at once, just-created EC2 ids and KMS keys NotFound, Lambda
 * Pending, RDS creating, DynamoDB CREATING, EC2 pending, SQS name reuse, API Gateway quotas).
 * Switched per test through {@code /_tapctl/realism}; {@link Emulator#reset()} (run by
 * {@link EmulatorExtension} before each test) puts it back to the launch default, off, with the
 * default windows and no counts.
 *
 * <p>Window names (seconds): {@code iam_propagation}, {@code ec2_consistency}, {@code kms_consistency},
 * {@code lambda_pending}, {@code lambda_update}, {@code rds_creating}, {@code rds_modifying},
 * {@code rds_deleting}, {@code dynamodb_creating}, {@code ec2_pending}, {@code ec2_shutting_down},
 * {@code nat_pending}, {@code nat_deleting},
 * {@code sqs_queue_name_reuse}. Counter names are in the module's docstring and COUNTERS list,
 * e.g. {@code iam.lambda_role_not_assumable}, {@code ec2.not_found}, {@code lambda.pending},
 * {@code apigateway.too_many_requests.UpdateAccount}.
 *
 * @param endpoint the emulator's loopback URL
 */
public record Realism(URI endpoint) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PATH = "/_tapctl/realism";

    public Realism {
        Objects.requireNonNull(endpoint, "endpoint");
    }

    /** Turns realism on with the default windows; clears the counts and what realism remembered. */
    public void enable() {
        enable(Map.of());
    }

    /**
     * Turns realism on; {@code windows} (seconds, by window name) are merged over the defaults.
     * Clears the counts and what realism remembered (young objects, deleted queue names, quotas).
     *
     * @throws IllegalStateException for an unknown window name or a negative number
     */
    public void enable(Map<String, Double> windows) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("enabled", true);
        body.put("windows", Map.copyOf(windows));
        send("POST", body);
    }

    /** Turns realism off (the default windows again); clears the counts and remembered state. */
    public void disable() {
        send("POST", Map.of("enabled", false));
    }

    /** Whether realism is on now. */
    public boolean enabled() {
        return send("GET", null).path("enabled").asBoolean();
    }

    /** How often each behaviour fired since realism was last set or reset, by counter name (all of them, 0 included). */
    public Map<String, Integer> counts() {
        return JSON.convertValue(send("GET", null).path("counts"), new TypeReference<Map<String, Integer>>() {});
    }

    /** How often one behaviour fired (0 for a name realism does not know). */
    public int count(String counter) {
        return counts().getOrDefault(counter, 0);
    }

    private JsonNode send(String method, Object body) {
        HttpRequest.BodyPublisher publisher;
        try {
            publisher = body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        HttpRequest request = HttpRequest.newBuilder(endpoint.resolve(PATH))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .method(method, publisher)
                .build();
        try {
            HttpResponse<String> response = Emulator.HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("emulator realism " + method + " answered HTTP " + response.statusCode()
                        + ": " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("emulator realism " + method + " failed at " + endpoint, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while talking to the emulator's realism mode", e);
        }
    }
}

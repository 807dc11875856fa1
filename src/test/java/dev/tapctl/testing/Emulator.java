package dev.tapctl.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;

/**
 * The local AWS emulator (moto patched by {@code scripts/emulator.py}) a test talks to.
 * Obtained as a test or lifecycle method parameter under {@link EmulatorExtension}.
 *
 * @param endpoint  loopback URL to give every SDK client as {@code endpointOverride}
 * @param region    the region the tests use ({@value #REGION})
 * @param accountId the account moto answers for ({@value #ACCOUNT_ID})
 */
public record Emulator(URI endpoint, String region, String accountId) {

    public static final String REGION = "us-east-1";
    public static final String ACCOUNT_ID = "123456789012";

    static final HttpClient HTTP = HttpClient.newBuilder()
            .proxy(HttpClient.Builder.NO_PROXY)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    public Emulator {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(accountId, "accountId");
        String host = endpoint.getHost();
        if (!"127.0.0.1".equals(host) && !"localhost".equals(host) && !"[::1]".equals(host)) {
            throw new IllegalArgumentException("the emulator must be on loopback, not " + endpoint);
        }
    }

    static Emulator at(URI endpoint) {
        return new Emulator(endpoint, REGION, ACCOUNT_ID);
    }

    /**
     * The emulator's realism mode (AWS's delays and states), off unless a test turns it on;
     * {@link #reset()} turns it off again.
     */
    public Realism realism() {
        return new Realism(endpoint);
    }

    /**
     * Wipes every resource in the emulator, and puts its realism mode back to the launch default
     * (off). {@link EmulatorExtension} does this before each test.
     */
    public void reset() {
        HttpRequest request = HttpRequest.newBuilder(endpoint.resolve("/moto-api/reset"))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(
                        "emulator reset answered HTTP " + response.statusCode() + ": " + response.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("emulator reset failed at " + endpoint, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while resetting the emulator", e);
        }
    }
}

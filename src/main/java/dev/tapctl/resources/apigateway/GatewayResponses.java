package dev.tapctl.resources.apigateway;

import static dev.tapctl.resources.apigateway.CorsResponses.ALLOW_ORIGIN;
import static dev.tapctl.resources.apigateway.CorsResponses.quoted;

import dev.tapctl.engine.spi.AttributeChange;
import dev.tapctl.stack.spec.Cors;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The gateway responses tapctl customizes, DEFAULT_4XX and DEFAULT_5XX, so that a browser can read
 * API Gateway's own errors: what they must carry, how they differ from the live ones, and which
 * must be written again.
 */
final class GatewayResponses {
    static final List<String> TYPES = List.of("DEFAULT_4XX", "DEFAULT_5XX");
    static final String GATEWAY_HEADER = "gatewayresponse.header.";

    private GatewayResponses() {}

    /**
     * Each type's response parameters: Allow-Origin (a gateway response cannot choose among
     * origins: the first configured one, or {@code *} when configured), Allow-Headers and
     * Allow-Methods. Without CORS they carry nothing, i.e. API Gateway's defaults.
     */
    static Map<String, Map<String, String>> desired(Cors cors) {
        Map<String, String> parameters = new TreeMap<>();
        if (CorsResponses.configured(cors)) {
            parameters.put(GATEWAY_HEADER + ALLOW_ORIGIN, quoted(CorsResponses.fixedOrigin(cors)));
            CorsResponses.corsHeaders(cors).forEach((header, value) -> parameters.put(GATEWAY_HEADER + header, value));
        }
        Map<String, Map<String, String>> responses = new TreeMap<>();
        TYPES.forEach(type -> responses.put(type, parameters));
        return responses;
    }

    /** One change per header that differs, e.g. {@code gatewayResponses.DEFAULT_4XX.Access-Control-Allow-Origin}. */
    static void diff(Cors cors, Map<String, Map<String, String>> live, List<AttributeChange> changes) {
        desired(cors)
                .forEach((type, want) -> FieldDiffs.map(
                        "gatewayResponses." + type, GATEWAY_HEADER, live.getOrDefault(type, Map.of()), want, changes));
    }

    /**
     * The types to write, in order, with their parameters; empty parameters mean the customization
     * is deleted, which restores API Gateway's default response.
     */
    static Map<String, Map<String, String>> toWrite(Cors cors, Map<String, Map<String, String>> live) {
        Map<String, Map<String, String>> writes = new LinkedHashMap<>();
        desired(cors).forEach((type, want) -> {
            if (!want.equals(live.getOrDefault(type, Map.of()))) {
                writes.put(type, want);
            }
        });
        return writes;
    }
}

package dev.tapctl.resources.apigateway;

import dev.tapctl.stack.spec.Cors;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.apigateway.model.IntegrationType;

/**
 * What a REST API answers a browser's CORS checks with: the OPTIONS mock that answers a preflight,
 * and the CORS headers and origin that the gateway responses carry. Every configured origin, method
 * and header is validated here, before it reaches a mapping template or a quoted static value.
 */
final class CorsResponses {
    static final String JSON = "application/json";
    /** What a MOCK integration answers: the request template picks the status code. */
    static final String MOCK_REQUEST_TEMPLATE = "{\"statusCode\": 200}";

    static final String METHOD_HEADER = "method.response.header.";
    static final String ALLOW_ORIGIN = "Access-Control-Allow-Origin";
    static final String ALLOW_METHODS = "Access-Control-Allow-Methods";
    static final String ALLOW_HEADERS = "Access-Control-Allow-Headers";
    static final String MAX_AGE = "Access-Control-Max-Age";
    static final String VARY = "Vary";
    static final String WILDCARD = "*";

    /** Origins go into VTL string literals and quoted static values: nothing that could break out of them. */
    private static final Pattern SAFE_ORIGIN = Pattern.compile("\\*|https?://[A-Za-z0-9.\\-]+(:[0-9]+)?");

    private static final Pattern SAFE_TOKEN = Pattern.compile("[A-Za-z0-9!#$%&*+.^_`|~\\-]+");

    private CorsResponses() {}

    /**
     * The OPTIONS mock that answers a CORS preflight: static Allow-Methods, Allow-Headers and
     * Max-Age; Allow-Origin static when one origin is configured, otherwise a mapping template
     * echoes the request's Origin only when it is one of the configured origins (through
     * {@code $context.responseOverride.header}, see "Override your API's request and response
     * parameters and status codes" in the API Gateway developer guide). {@code Vary: Origin}
     * keeps caches from serving one origin's answer to another. No CORS configured, no OPTIONS.
     * A browser sends the preflight without the API key, so normally {@code keyRequired} is false.
     */
    static ApiMethod preflight(Cors cors, boolean keyRequired) {
        if (!configured(cors)) {
            return null;
        }
        Map<String, Boolean> declared = new TreeMap<>();
        Map<String, String> mapped = new TreeMap<>();
        Map<String, String> templates = new TreeMap<>();
        for (String header : List.of(ALLOW_ORIGIN, ALLOW_METHODS, ALLOW_HEADERS, MAX_AGE, VARY)) {
            declared.put(METHOD_HEADER + header, false);
        }
        String staticOrigin = staticOrigin(cors);
        if (staticOrigin != null) {
            mapped.put(METHOD_HEADER + ALLOW_ORIGIN, quoted(staticOrigin));
        } else {
            templates.put(JSON, originEchoTemplate(cors.allowOrigins()));
        }
        corsHeaders(cors).forEach((header, value) -> mapped.put(METHOD_HEADER + header, value));
        mapped.put(METHOD_HEADER + MAX_AGE, quoted(Integer.toString(cors.maxAgeSeconds())));
        mapped.put(METHOD_HEADER + VARY, quoted("Origin"));
        return new ApiMethod(
                "NONE",
                IntegrationType.MOCK.toString(),
                null,
                null,
                Map.of(JSON, MOCK_REQUEST_TEMPLATE),
                declared,
                mapped,
                templates,
                keyRequired);
    }

    /** Whether any origin is allowed at all: without one there is neither preflight nor CORS header. */
    static boolean configured(Cors cors) {
        return cors != null && !cors.allowOrigins().isEmpty();
    }

    /**
     * The one Allow-Origin a response that cannot choose among origins sends (a gateway response):
     * {@code *} when configured, otherwise the first configured origin.
     */
    static String fixedOrigin(Cors cors) {
        String origin = staticOrigin(cors);
        return origin == null ? cors.allowOrigins().get(0) : origin;
    }

    /** The origin to send as a static value: the only one configured, or {@code *} when configured. */
    static String staticOrigin(Cors cors) {
        cors.allowOrigins().forEach(CorsResponses::requireSafeOrigin);
        if (cors.allowOrigins().contains(WILDCARD)) {
            return WILDCARD;
        }
        return cors.allowOrigins().size() == 1 ? cors.allowOrigins().get(0) : null;
    }

    /** Allow-Methods and Allow-Headers as quoted static values, when configured. */
    static Map<String, String> corsHeaders(Cors cors) {
        Map<String, String> headers = new TreeMap<>();
        if (!cors.allowMethods().isEmpty()) {
            headers.put(ALLOW_METHODS, quoted(joinTokens(cors.allowMethods())));
        }
        if (!cors.allowHeaders().isEmpty()) {
            headers.put(ALLOW_HEADERS, quoted(joinTokens(cors.allowHeaders())));
        }
        return headers;
    }

    /**
     * Echoes the request's Origin when it is in the list and sends no Allow-Origin otherwise (the
     * browser then refuses). HTTP/2 clients send the header name in lower case, so both spellings
     * are looked up. The override is applied once, at the end, as API Gateway requires.
     */
    static String originEchoTemplate(List<String> origins) {
        String condition = origins.stream().map(o -> "$origin == \"" + o + "\"").collect(Collectors.joining(" || "));
        return String.join(
                "\n",
                "#set($origin = \"$!input.params().header.get('Origin')\")",
                "#if($origin == \"\")#set($origin = \"$!input.params().header.get('origin')\")#end",
                "#if(" + condition + ")",
                "#set($context.responseOverride.header." + ALLOW_ORIGIN + " = $origin)",
                "#end");
    }

    /** API Gateway takes a static header value as a single-quoted string. */
    static String quoted(String value) {
        return "'" + value + "'";
    }

    private static void requireSafeOrigin(String origin) {
        if (!SAFE_ORIGIN.matcher(origin).matches()) {
            throw new IllegalArgumentException(
                    "CORS origin '" + origin + "' is not a scheme://host[:port] origin or *");
        }
    }

    private static String joinTokens(List<String> tokens) {
        for (String token : tokens) {
            if (!SAFE_TOKEN.matcher(token).matches()) {
                throw new IllegalArgumentException("CORS method or header '" + token + "' is not an HTTP token");
            }
        }
        return String.join(",", tokens);
    }
}

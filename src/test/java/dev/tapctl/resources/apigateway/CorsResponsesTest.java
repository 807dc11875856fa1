package dev.tapctl.resources.apigateway;

import static dev.tapctl.resources.apigateway.ApiGatewayTestSupport.ORIGIN;
import static dev.tapctl.resources.apigateway.ApiGatewayTestSupport.OTHER_ORIGIN;
import static dev.tapctl.resources.apigateway.ApiGatewayTestSupport.cors;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.tapctl.stack.spec.Cors;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The preflight mock and CORS headers, without AWS. */
class CorsResponsesTest {
    private static final String H = "method.response.header.";

    @Test
    void oneOriginIsAStaticHeaderAndNoTemplate() {
        ApiMethod preflight = CorsResponses.preflight(cors(ORIGIN), false);
        assertThat(preflight.authorizationType()).isEqualTo("NONE");
        assertThat(preflight.integrationType()).isEqualTo("MOCK");
        assertThat(preflight.integrationHttpMethod()).as("not owned by tapctl").isNull();
        assertThat(preflight.requestTemplates()).containsExactly(entry("application/json", "{\"statusCode\": 200}"));
        assertThat(preflight.methodResponseParameters())
                .containsOnly(
                        entry(H + "Access-Control-Allow-Origin", false),
                        entry(H + "Access-Control-Allow-Methods", false),
                        entry(H + "Access-Control-Allow-Headers", false),
                        entry(H + "Access-Control-Max-Age", false),
                        entry(H + "Vary", false));
        assertThat(preflight.integrationResponseParameters())
                .containsOnly(
                        entry(H + "Access-Control-Allow-Origin", "'" + ORIGIN + "'"),
                        entry(H + "Access-Control-Allow-Methods", "'GET,POST,OPTIONS'"),
                        entry(H + "Access-Control-Allow-Headers", "'Content-Type,Authorization'"),
                        entry(H + "Access-Control-Max-Age", "'600'"),
                        entry(H + "Vary", "'Origin'"));
        assertThat(preflight.integrationResponseTemplates()).isEmpty();
        assertThat(preflight.apiKeyRequired()).isFalse();
        assertThat(CorsResponses.preflight(cors(ORIGIN), true).apiKeyRequired()).isTrue();
    }

    @Test
    void severalOriginsAreEchoedByATemplateThatListsThem() {
        ApiMethod preflight = CorsResponses.preflight(cors(ORIGIN, OTHER_ORIGIN), false);
        assertThat(preflight.integrationResponseParameters())
                .doesNotContainKey(H + "Access-Control-Allow-Origin")
                .containsEntry(H + "Vary", "'Origin'");
        assertThat(preflight.integrationResponseTemplates()).containsOnlyKeys("application/json");
        assertThat(preflight.integrationResponseTemplates().get("application/json"))
                .isEqualTo(CorsResponses.originEchoTemplate(List.of(ORIGIN, OTHER_ORIGIN)))
                .contains(
                        "$!input.params().header.get('Origin')",
                        "$!input.params().header.get('origin')",
                        "$origin == \"" + ORIGIN + "\" || $origin == \"" + OTHER_ORIGIN + "\"",
                        "#set($context.responseOverride.header.Access-Control-Allow-Origin = $origin)");
    }

    @Test
    void aConfiguredWildcardIsSentStatically() {
        assertThat(CorsResponses.preflight(cors(ORIGIN, "*"), false).integrationResponseParameters())
                .containsEntry(H + "Access-Control-Allow-Origin", "'*'");
        assertThat(CorsResponses.fixedOrigin(cors(ORIGIN, "*"))).isEqualTo("*");
        assertThat(CorsResponses.fixedOrigin(cors(ORIGIN, OTHER_ORIGIN)))
                .as("cannot choose: the first")
                .isEqualTo(ORIGIN);
    }

    @Test
    void withoutAnOriginThereIsNoPreflight() {
        assertThat(CorsResponses.preflight(null, false)).isNull();
        assertThat(CorsResponses.preflight(new Cors(List.of(), List.of("GET"), List.of(), 600), false))
                .isNull();
        assertThat(CorsResponses.configured(null)).isFalse();
    }

    @Test
    void emptyMethodAndHeaderListsSendNoSuchHeader() {
        Cors bare = new Cors(List.of(ORIGIN), List.of(), List.of(), 60);
        assertThat(CorsResponses.corsHeaders(bare)).isEmpty();
        assertThat(CorsResponses.preflight(bare, false).integrationResponseParameters())
                .containsOnlyKeys(H + "Access-Control-Allow-Origin", H + "Access-Control-Max-Age", H + "Vary");
    }

    @Test
    void anOriginOrTokenThatCouldBreakOutOfAQuoteIsRefused() {
        assertThatThrownBy(() -> CorsResponses.preflight(cors(ORIGIN, "https://x\" || true"), false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("CORS origin 'https://x\" || true' is not a scheme://host[:port] origin or *");
        assertThatThrownBy(() -> CorsResponses.preflight(cors("https://x.example.com/path"), false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a scheme://host[:port] origin");
        Cors badHeader = new Cors(List.of(ORIGIN), List.of("GET"), List.of("X-Ok", "X-Bad'"), 60);
        assertThatThrownBy(() -> CorsResponses.corsHeaders(badHeader))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("CORS method or header 'X-Bad'' is not an HTTP token");
        assertThat(CorsResponses.staticOrigin(cors("http://localhost:3000"))).isEqualTo("http://localhost:3000");
    }
}

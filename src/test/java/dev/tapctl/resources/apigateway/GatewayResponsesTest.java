package dev.tapctl.resources.apigateway;

import static dev.tapctl.resources.apigateway.ApiGatewayTestSupport.ORIGIN;
import static dev.tapctl.resources.apigateway.ApiGatewayTestSupport.OTHER_ORIGIN;
import static dev.tapctl.resources.apigateway.ApiGatewayTestSupport.cors;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.tapctl.engine.spi.AttributeChange;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** DEFAULT_4XX and DEFAULT_5XX: what they carry, their diff and what is written, without AWS. */
class GatewayResponsesTest {
    private static final String G = "gatewayresponse.header.";
    private static final Map<String, String> ONE_ORIGIN = Map.of(
            G + "Access-Control-Allow-Origin", "'" + ORIGIN + "'",
            G + "Access-Control-Allow-Methods", "'GET,POST,OPTIONS'",
            G + "Access-Control-Allow-Headers", "'Content-Type,Authorization'");

    @Test
    void bothDefaultsCarryTheCorsHeadersWithTheFirstOrigin() {
        assertThat(GatewayResponses.desired(cors(ORIGIN)))
                .containsOnly(entry("DEFAULT_4XX", ONE_ORIGIN), entry("DEFAULT_5XX", ONE_ORIGIN));
        assertThat(GatewayResponses.desired(cors(ORIGIN, OTHER_ORIGIN)).get("DEFAULT_4XX"))
                .isEqualTo(ONE_ORIGIN);
        assertThat(GatewayResponses.desired(cors("*")).get("DEFAULT_5XX"))
                .containsEntry(G + "Access-Control-Allow-Origin", "'*'");
    }

    @Test
    void withoutCorsTheyCarryNothing() {
        assertThat(GatewayResponses.desired(null))
                .containsOnly(entry("DEFAULT_4XX", Map.of()), entry("DEFAULT_5XX", Map.of()));
    }

    @Test
    void theDiffNamesEachHeaderWithoutItsPrefix() {
        Map<String, String> narrowed = new TreeMap<>(ONE_ORIGIN);
        narrowed.put(G + "Access-Control-Allow-Methods", "'GET'");
        List<AttributeChange> changes = new ArrayList<>();
        GatewayResponses.diff(cors(ORIGIN), Map.of("DEFAULT_4XX", narrowed), changes);
        assertThat(changes)
                .containsExactly(
                        AttributeChange.of(
                                "gatewayResponses.DEFAULT_4XX.Access-Control-Allow-Methods",
                                "'GET'",
                                "'GET,POST,OPTIONS'"),
                        AttributeChange.of(
                                "gatewayResponses.DEFAULT_5XX.Access-Control-Allow-Headers",
                                null,
                                "'Content-Type,Authorization'"),
                        AttributeChange.of(
                                "gatewayResponses.DEFAULT_5XX.Access-Control-Allow-Methods",
                                null,
                                "'GET,POST,OPTIONS'"),
                        AttributeChange.of(
                                "gatewayResponses.DEFAULT_5XX.Access-Control-Allow-Origin", null, "'" + ORIGIN + "'"));

        List<AttributeChange> none = new ArrayList<>();
        GatewayResponses.diff(cors(ORIGIN), Map.of("DEFAULT_4XX", ONE_ORIGIN, "DEFAULT_5XX", ONE_ORIGIN), none);
        assertThat(none).isEmpty();
    }

    @Test
    void onlyWhatDiffersIsWrittenAndNoCorsMeansDelete() {
        assertThat(GatewayResponses.toWrite(cors(ORIGIN), Map.of("DEFAULT_4XX", ONE_ORIGIN)))
                .containsExactly(entry("DEFAULT_5XX", ONE_ORIGIN));
        assertThat(GatewayResponses.toWrite(null, Map.of("DEFAULT_4XX", ONE_ORIGIN, "DEFAULT_5XX", ONE_ORIGIN)))
                .as("empty parameters: delete the customization")
                .containsExactly(entry("DEFAULT_4XX", Map.of()), entry("DEFAULT_5XX", Map.of()));
        assertThat(GatewayResponses.toWrite(null, Map.of())).isEmpty();
    }
}

package dev.tapctl.resources.apigateway;

import static dev.tapctl.resources.apigateway.ApiGatewayTestSupport.API_ID;
import static dev.tapctl.resources.apigateway.ApiGatewayTestSupport.ORIGIN;
import static dev.tapctl.resources.apigateway.ApiGatewayTestSupport.OTHER_ORIGIN;
import static dev.tapctl.resources.apigateway.ApiGatewayTestSupport.RESPONSES_ID;
import static dev.tapctl.resources.apigateway.ApiGatewayTestSupport.cors;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.tapctl.aws.AwsClients;
import dev.tapctl.engine.spi.AttributeChange;
import dev.tapctl.engine.spi.DeleteResult;
import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.SpecHashes;
import dev.tapctl.engine.spi.Tags;
import dev.tapctl.engine.spi.Unknown;
import dev.tapctl.stack.spec.Cors;
import dev.tapctl.stack.spec.GatewayResponsesSpec;
import dev.tapctl.testing.CallLog;
import dev.tapctl.testing.Emulator;
import dev.tapctl.testing.EmulatorExtension;
import dev.tapctl.testing.HandlerFixture;
import dev.tapctl.testing.TestContext;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;

/** The DEFAULT_4XX and DEFAULT_5XX gateway responses of a REST API made by {@link RestApiHandler}. */
@ExtendWith(EmulatorExtension.class)
class GatewayResponsesHandlerTest {
    private static final String G = "gatewayresponse.header.";

    private final CallLog calls = new CallLog();
    private final TestContext ctx = new TestContext(RESPONSES_ID, "hash-1");
    private AwsClients clients;
    private ApiGatewayClient apigateway;
    private GatewayResponsesHandler handler;
    private String apiId;

    @BeforeEach
    void setUp(Emulator emulator) {
        clients = HandlerFixture.clients(emulator, calls);
        apigateway = clients.apigateway();
        handler = new GatewayResponsesHandler(apigateway);
        apiId = new RestApiHandler(apigateway)
                .create(ApiGatewayTestSupport.restApi(), new TestContext(API_ID, "h"))
                .id();
        calls.clear();
    }

    @AfterEach
    void tearDown() {
        clients.close();
    }

    private GatewayResponsesSpec spec(Cors cors) {
        return new GatewayResponsesSpec(apiId, cors);
    }

    @Test
    void lifecycleRepairsDriftAndDeletes() {
        GatewayResponsesSpec spec = spec(cors(ORIGIN));
        assertThat(handler.read(spec, ctx)).as("API Gateway's defaults only").isEmpty();
        GatewayResponsesHandler.Live created = handler.create(spec, ctx);
        assertThat(calls.mutating())
                .extracting(CallLog.Call::operation)
                .containsExactlyInAnyOrder("PutGatewayResponse", "PutGatewayResponse", "TagResource");

        calls.clear();
        GatewayResponsesHandler.Live live = handler.read(spec, ctx).orElseThrow();
        assertThat(live).isEqualTo(created);
        for (String type : List.of("DEFAULT_4XX", "DEFAULT_5XX")) {
            assertThat(live.responses().get(type))
                    .containsOnly(
                            entry(G + "Access-Control-Allow-Origin", "'" + ORIGIN + "'"),
                            entry(G + "Access-Control-Allow-Methods", "'GET,POST,OPTIONS'"),
                            entry(G + "Access-Control-Allow-Headers", "'Content-Type,Authorization'"));
        }
        assertThat(live.customized()).containsExactlyInAnyOrder("DEFAULT_4XX", "DEFAULT_5XX");
        assertThat(SpecHashes.applied(handler, live)).contains("hash-1");
        assertThat(handler.diff(spec, live)).isEmpty();
        assertThat(calls.mutating()).isEmpty();
        assertThat(calls.calls())
                .extracting(CallLog.Call::operation)
                .as("the gateway responses collection is one call")
                .containsExactly("GetRestApi", "GetGatewayResponses");
        assertThat(handler.outputs(live).values()).isEmpty();

        // Outside tapctl: the 4XX response loses its Allow-Origin.
        Map<String, String> narrowed = new TreeMap<>(live.responses().get("DEFAULT_4XX"));
        narrowed.remove(G + "Access-Control-Allow-Origin");
        apigateway.putGatewayResponse(
                r -> r.restApiId(apiId).responseType("DEFAULT_4XX").responseParameters(narrowed));
        GatewayResponsesHandler.Live drifted = handler.read(spec, ctx).orElseThrow();
        List<AttributeChange> changes = handler.diff(spec, drifted);
        assertThat(changes)
                .containsExactly(AttributeChange.of(
                        "gatewayResponses.DEFAULT_4XX.Access-Control-Allow-Origin", null, "'" + ORIGIN + "'"));

        calls.clear();
        GatewayResponsesHandler.Live repaired =
                handler.update(spec, drifted, changes, new TestContext(RESPONSES_ID, "hash-2"));
        assertThat(calls.mutating())
                .extracting(CallLog.Call::operation)
                .as("only the type that differs is written")
                .containsExactly("PutGatewayResponse", "TagResource");
        assertThat(handler.diff(spec, repaired)).isEmpty();
        assertThat(repaired.tags()).containsExactly(entry(Tags.SPEC_HASH, "hash-2"));

        calls.clear();
        assertThat(handler.delete(repaired, DeletionPolicy.DELETE, ctx)).isEqualTo(DeleteResult.deleted());
        assertThat(calls.mutating())
                .extracting(CallLog.Call::operation)
                .containsExactlyInAnyOrder("DeleteGatewayResponse", "DeleteGatewayResponse", "UntagResource");
        assertThat(handler.read(spec, ctx)).isEmpty();
        assertThat(apigateway
                        .getGatewayResponse(r -> r.restApiId(apiId).responseType("DEFAULT_5XX"))
                        .defaultResponse())
                .as("the default is back")
                .isTrue();
    }

    @Test
    void severalOriginsSendTheFirstAndAWildcardOnlyWhenConfigured() {
        GatewayResponsesHandler.Live two = handler.create(spec(cors(ORIGIN, OTHER_ORIGIN)), ctx);
        assertThat(two.responses().get("DEFAULT_4XX"))
                .as("a gateway response cannot choose: the first origin")
                .containsEntry(G + "Access-Control-Allow-Origin", "'" + ORIGIN + "'");

        GatewayResponsesSpec open = spec(cors("*"));
        List<AttributeChange> changes = handler.diff(open, two);
        assertThat(changes)
                .extracting(AttributeChange::path)
                .containsExactlyInAnyOrder(
                        "gatewayResponses.DEFAULT_4XX.Access-Control-Allow-Origin",
                        "gatewayResponses.DEFAULT_5XX.Access-Control-Allow-Origin");
        GatewayResponsesHandler.Live live = handler.update(open, two, changes, ctx);
        assertThat(live.responses().get("DEFAULT_5XX")).containsEntry(G + "Access-Control-Allow-Origin", "'*'");
        assertThat(handler.diff(open, live)).isEmpty();
    }

    @Test
    void withoutCorsTheGatewayResponsesAreTheDefaults() {
        GatewayResponsesHandler.Live live = handler.create(spec(cors(ORIGIN)), ctx);
        GatewayResponsesSpec closed = spec(null);

        List<AttributeChange> changes = handler.diff(closed, live);
        assertThat(changes)
                .extracting(AttributeChange::path)
                .contains(
                        "gatewayResponses.DEFAULT_4XX.Access-Control-Allow-Origin",
                        "gatewayResponses.DEFAULT_5XX.Access-Control-Allow-Headers");
        calls.clear();
        handler.update(closed, live, changes, ctx);
        assertThat(calls.mutating())
                .extracting(CallLog.Call::operation)
                .containsExactlyInAnyOrder("DeleteGatewayResponse", "DeleteGatewayResponse", "TagResource");
        GatewayResponsesHandler.Live after = handler.read(closed, ctx).orElseThrow();
        assertThat(after.customized()).isEmpty();
        assertThat(handler.diff(closed, after))
                .as("the defaults are what no CORS asks for: nothing to create again")
                .isEmpty();
    }

    @Test
    void responsesOfAnApiNotCreatedYetAreReadAsAbsentWithoutACall() {
        GatewayResponsesSpec planned = new GatewayResponsesSpec(Unknown.of(API_ID, "restApiId"), cors(ORIGIN));
        assertThat(handler.read(planned, ctx)).isEmpty();
        assertThat(calls.calls()).isEmpty();
    }

    @Test
    void aMalformedOriginIsRefusedBeforeAnythingIsWritten() {
        GatewayResponsesSpec bad = spec(cors("https://x\" || true"));
        assertThatThrownBy(() -> handler.create(bad, ctx))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a scheme://host[:port] origin");
        assertThat(calls.calls()).isEmpty();
    }
}

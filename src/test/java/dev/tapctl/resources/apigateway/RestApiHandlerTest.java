package dev.tapctl.resources.apigateway;

import static dev.tapctl.resources.apigateway.ApiGatewayTestSupport.API_ID;
import static dev.tapctl.resources.apigateway.ApiGatewayTestSupport.API_NAME;
import static dev.tapctl.resources.apigateway.ApiGatewayTestSupport.restApi;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.tapctl.aws.AwsClients;
import dev.tapctl.engine.spi.AttributeChange;
import dev.tapctl.engine.spi.DeleteResult;
import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.SpecHashes;
import dev.tapctl.engine.spi.Tags;
import dev.tapctl.stack.spec.RestApiSpec;
import dev.tapctl.testing.CallLog;
import dev.tapctl.testing.Emulator;
import dev.tapctl.testing.EmulatorExtension;
import dev.tapctl.testing.HandlerFixture;
import dev.tapctl.testing.TestContext;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;

/** The REST API itself, its shell; its routes and gateway responses have tests of their own. */
@ExtendWith(EmulatorExtension.class)
class RestApiHandlerTest {
    private final CallLog calls = new CallLog();
    private final TestContext ctx = new TestContext(API_ID, "hash-1");
    private AwsClients clients;
    private ApiGatewayClient apigateway;
    private RestApiHandler handler;
    private RestApiSpec spec;

    @BeforeEach
    void setUp(Emulator emulator) {
        clients = HandlerFixture.clients(emulator, calls);
        apigateway = clients.apigateway();
        handler = new RestApiHandler(apigateway);
        spec = restApi();
    }

    @AfterEach
    void tearDown() {
        clients.close();
    }

    @Test
    void lifecycleRepairsDriftAndDeletes() {
        RestApiHandler.Live created = handler.create(spec, ctx);
        assertThat(calls.mutating())
                .extracting(CallLog.Call::operation)
                .as("the shell alone: its routes and gateway responses are resources of their own")
                .containsExactly("CreateRestApi");

        calls.clear();
        RestApiHandler.Live live = handler.read(spec, ctx).orElseThrow();
        assertThat(live).isEqualTo(created);
        assertThat(live.name()).isEqualTo(API_NAME);
        assertThat(live.description()).isEqualTo("tap test API");
        assertThat(live.endpointType()).isEqualTo("REGIONAL");
        assertThat(live.rootResourceId()).isNotBlank();
        assertThat(live.tags()).containsAllEntriesOf(spec.tags()).containsEntry(Tags.SPEC_HASH, "hash-1");
        assertThat(SpecHashes.applied(handler, live)).contains("hash-1");
        assertThat(handler.diff(spec, live)).isEmpty();
        assertThat(calls.mutating()).as("read and diff of an unchanged API").isEmpty();
        assertThat(calls.calls()).extracting(CallLog.Call::operation).containsExactly("GetRestApis");
        assertThat(handler.outputs(live).values()).containsOnly(entry("restApiId", live.id()));

        // Outside tapctl: the description is changed.
        apigateway.updateRestApi(r ->
                r.restApiId(live.id()).patchOperations(ApiGatewaySupport.replace("/description", "changed by hand")));
        RestApiHandler.Live drifted = handler.read(spec, ctx).orElseThrow();
        List<AttributeChange> changes = handler.diff(spec, drifted);
        assertThat(changes).containsExactly(AttributeChange.of("description", "changed by hand", "tap test API"));

        calls.clear();
        RestApiHandler.Live updated = handler.update(spec, drifted, changes, new TestContext(API_ID, "hash-2"));
        assertThat(calls.mutating())
                .extracting(CallLog.Call::operation)
                .containsExactly("UpdateRestApi", "TagResource");
        RestApiHandler.Live repaired = handler.read(spec, ctx).orElseThrow();
        assertThat(handler.diff(spec, repaired)).isEmpty();
        assertThat(repaired.tags()).containsEntry(Tags.SPEC_HASH, "hash-2").containsEntry("CostCenter", "platform");
        assertThat(updated).isEqualTo(repaired);

        calls.clear();
        assertThat(handler.delete(repaired, DeletionPolicy.DELETE, ctx)).isEqualTo(DeleteResult.deleted());
        assertThat(calls.mutating()).extracting(CallLog.Call::operation).containsExactly("DeleteRestApi");
        assertThat(handler.read(spec, ctx)).isEmpty();
    }

    @Test
    void deletingAnApiThatIsAlreadyGoneIsDone() {
        RestApiHandler.Live live = handler.create(spec, ctx);
        apigateway.deleteRestApi(r -> r.restApiId(live.id()));
        assertThat(handler.delete(live, DeletionPolicy.DELETE, ctx)).isEqualTo(DeleteResult.deleted());
    }

    @Test
    void descriptionAndEndpointTypeAreUpdatedInPlace() {
        RestApiHandler.Live live = handler.create(spec, ctx);
        RestApiSpec edge = new RestApiSpec(API_NAME, "tap test API, at the edge", "EDGE", spec.tags());

        List<AttributeChange> changes = handler.diff(edge, live);
        assertThat(changes)
                .containsExactlyInAnyOrder(
                        AttributeChange.of("description", "tap test API", "tap test API, at the edge"),
                        AttributeChange.of("endpointType", "REGIONAL", "EDGE"));
        assertThat(changes).noneMatch(AttributeChange::forcesReplace);
        calls.clear();
        handler.update(edge, live, changes, ctx);
        assertThat(calls.mutating())
                .extracting(CallLog.Call::operation)
                .containsExactly("UpdateRestApi", "TagResource");
        RestApiHandler.Live after = handler.read(edge, ctx).orElseThrow();
        assertThat(after.id()).isEqualTo(live.id());
        assertThat(after.endpointType()).isEqualTo("EDGE");
        assertThat(handler.diff(edge, after)).isEmpty();
    }

    @Test
    void onlyAnApiCarryingOurLogicalIdIsOurs() {
        // A namesake without our tag (someone else's, or another tool's) is not ours.
        apigateway.createRestApi(r -> r.name(API_NAME).tags(Map.of("team", "other")));
        assertThat(handler.read(spec, ctx)).isEmpty();

        RestApiHandler.Live ours = handler.create(spec, ctx);
        assertThat(handler.read(spec, ctx)).map(RestApiHandler.Live::id).contains(ours.id());
        assertThat(handler.read(spec, new TestContext("api.other", "hash-1"))).isEmpty();

        String twin = apigateway
                .createRestApi(r -> r.name(API_NAME).tags(Map.of(Tags.LOGICAL_ID, API_ID)))
                .id();
        assertThatThrownBy(() -> handler.read(spec, ctx))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(ours.id())
                .hasMessageContaining(twin)
                .hasMessageContaining("cannot tell which one");
    }
}

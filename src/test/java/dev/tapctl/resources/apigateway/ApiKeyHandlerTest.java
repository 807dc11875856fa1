package dev.tapctl.resources.apigateway;

import static dev.tapctl.testing.HandlerFixture.tags;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.tapctl.aws.ApiKeyValues;
import dev.tapctl.aws.AwsClients;
import dev.tapctl.engine.spi.AttributeChange;
import dev.tapctl.engine.spi.DeleteResult;
import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.Deletions;
import dev.tapctl.engine.spi.Ownership;
import dev.tapctl.engine.spi.SharedReads;
import dev.tapctl.engine.spi.SpecHashes;
import dev.tapctl.engine.spi.Tags;
import dev.tapctl.engine.spi.Unknown;
import dev.tapctl.stack.spec.ApiKeySpec;
import dev.tapctl.stack.spec.StageSpec;
import dev.tapctl.stack.spec.UsagePlanKeySpec;
import dev.tapctl.stack.spec.UsagePlanSpec;
import dev.tapctl.testing.CallLog;
import dev.tapctl.testing.Emulator;
import dev.tapctl.testing.EmulatorExtension;
import dev.tapctl.testing.HandlerFixture;
import dev.tapctl.testing.TestContext;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;

/** API keys and their usage plan membership, against the emulator. */
@ExtendWith(EmulatorExtension.class)
class ApiKeyHandlerTest {
    private static final String KEY_ID = "api.key.default";
    private static final String KEY = "tap-test-default";

    private final CallLog calls = new CallLog();
    private final TestContext ctx = new TestContext(KEY_ID, "hash-1");
    private AwsClients clients;
    private ApiGatewayClient apigateway;
    private ApiKeyHandler handler;

    @BeforeEach
    void setUp(Emulator emulator) {
        clients = HandlerFixture.clients(emulator, calls);
        apigateway = clients.apigateway();
        handler = new ApiKeyHandler(apigateway);
    }

    @AfterEach
    void tearDown() {
        clients.close();
    }

    private static ApiKeySpec spec(String name, String logicalId, boolean enabled) {
        return new ApiKeySpec(name, "key of a client", enabled, tags(logicalId, name));
    }

    @Test
    void lifecycleNeverReadsTheValueAndRepairsDrift() {
        ApiKeySpec spec = spec(KEY, KEY_ID, true);
        assertThat(handler.read(spec, ctx)).isEmpty();
        calls.clear();
        ApiKeyHandler.Live created = handler.create(spec, ctx);
        assertThat(calls.mutating()).extracting(CallLog.Call::operation).containsExactly("CreateApiKey");
        assertThat(created.enabled()).isTrue();
        assertThat(created.tags()).containsAllEntriesOf(spec.tags()).containsEntry(Tags.SPEC_HASH, "hash-1");

        calls.clear();
        ApiKeyHandler.Live live = handler.read(spec, ctx).orElseThrow();
        assertThat(live).isEqualTo(created);
        assertThat(calls.calls()).extracting(CallLog.Call::operation).containsExactly("GetApiKeys");
        assertThat(handler.diff(spec, live)).isEmpty();
        assertThat(SpecHashes.applied(handler, live)).contains("hash-1");
        assertThat(handler.outputs(live).values()).containsOnly(entry("apiKeyId", live.id()), entry("name", KEY));

        String value = ApiKeyValues.of(clients, live.id()).orElseThrow();
        assertThat(value).hasSizeGreaterThanOrEqualTo(20);
        assertThat(live.toString()).as("the live view never holds the value").doesNotContain(value);

        // Outside tapctl: the key is disabled.
        apigateway.updateApiKey(
                r -> r.apiKey(live.id()).patchOperations(ApiGatewaySupport.replace("/enabled", "false")));
        ApiKeyHandler.Live disabled = handler.read(spec, ctx).orElseThrow();
        List<AttributeChange> changes = handler.diff(spec, disabled);
        assertThat(changes).extracting(AttributeChange::path).containsExactly("enabled");
        calls.clear();
        ApiKeyHandler.Live repaired = handler.update(spec, disabled, changes, ctx);
        assertThat(calls.mutating()).extracting(CallLog.Call::operation).containsExactly("UpdateApiKey", "TagResource");
        assertThat(repaired.enabled()).isTrue();
        assertThat(handler.diff(spec, repaired)).isEmpty();
        assertThat(ApiKeyValues.of(clients, live.id()))
                .as("the value stays the key's")
                .contains(value);

        assertThat(Deletions.byPolicy(handler, spec, repaired, DeletionPolicy.RETAIN, ctx)
                        .outcome())
                .isEqualTo(DeleteResult.Outcome.RETAINED);
        assertThat(handler.delete(repaired, DeletionPolicy.DELETE, ctx)).isEqualTo(DeleteResult.deleted());
        assertThat(handler.read(spec, ctx)).isEmpty();
        assertThat(handler.delete(repaired, DeletionPolicy.DELETE, ctx))
                .as("already gone")
                .isEqualTo(DeleteResult.deleted());
        assertThat(ApiKeyValues.of(clients, live.id())).isEmpty();
    }

    @Test
    void aNamesakeWithoutOurLogicalIdIsNotOurs() {
        apigateway.createApiKey(r -> r.name(KEY).enabled(true));
        assertThat(handler.read(spec(KEY, KEY_ID, true), ctx)).isEmpty();
    }

    @Test
    void aClientRemovedFromTheConfigurationIsAnOrphan() {
        handler.create(spec(KEY, KEY_ID, true), ctx);
        ApiKeyHandler.Live gone =
                handler.create(spec("tap-test-mobile", "api.key.mobile", true), new TestContext("api.key.mobile", "h"));
        apigateway.createApiKey(r -> r.name("tap-test-someone-elses").enabled(true));
        calls.clear();
        List<ApiKeyHandler.Live> orphans =
                handler.listOrphans(new Ownership("tap", "test", "tap-test-", Set.of(KEY)), SharedReads.NONE);
        assertThat(orphans).extracting(ApiKeyHandler.Live::id).containsExactly(gone.id());
        assertThat(calls.calls())
                .extracting(CallLog.Call::operation)
                .as("one listing by name prefix")
                .containsExactly("GetApiKeys");
    }

    @Test
    void theKeyJoinsTheUsagePlanOnceAndIsReadWithoutItsValue() {
        String apiId = ApiGatewayTestSupport.deployableApi(apigateway);
        new StageHandler(apigateway)
                .create(
                        new StageSpec(apiId, "v1", "fp", 100, 50, null, null, tags("api.stage", "v1")),
                        new TestContext("api.stage", "h"));
        String planId = new UsagePlanHandler(apigateway)
                .create(
                        new UsagePlanSpec(
                                "tap-test-plan",
                                apiId,
                                "v1",
                                100,
                                50,
                                1000,
                                "MONTH",
                                tags("api.usageplan", "tap-test-plan")),
                        new TestContext("api.usageplan", "h"))
                .id();
        String keyId = handler.create(spec(KEY, KEY_ID, true), ctx).id();
        UsagePlanKeyHandler members = new UsagePlanKeyHandler(apigateway);
        UsagePlanKeySpec member = new UsagePlanKeySpec(planId, keyId, KEY);
        assertThat(SpecHashes.recordedBy(members))
                .as("a usage plan key cannot be tagged")
                .isFalse();
        assertThat(members.read(new UsagePlanKeySpec(Unknown.of("api.usageplan", "usagePlanId"), keyId, KEY), ctx))
                .isEmpty();

        calls.clear();
        assertThat(members.read(member, ctx)).isEmpty();
        UsagePlanKeyHandler.Live attached = members.create(member, ctx);
        assertThat(calls.mutating()).extracting(CallLog.Call::operation).containsExactly("CreateUsagePlanKey");
        assertThat(apigateway.getUsagePlanKeys(r -> r.usagePlanId(planId)).items())
                .extracting(k -> k.id())
                .containsExactly(keyId);

        calls.clear();
        assertThat(members.read(member, ctx)).contains(attached);
        assertThat(calls.calls()).extracting(CallLog.Call::operation).containsExactly("GetUsagePlans");
        assertThat(members.diff(member, attached)).isEmpty();
        assertThat(members.create(member, ctx)).as("attached already: adopted").isEqualTo(attached);

        assertThat(members.delete(attached, DeletionPolicy.DELETE, ctx)).isEqualTo(DeleteResult.deleted());
        assertThat(members.read(member, ctx)).isEmpty();
        assertThat(members.delete(attached, DeletionPolicy.DELETE, ctx))
                .as("already gone")
                .isEqualTo(DeleteResult.deleted());
    }
}

package dev.tapctl.resources.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tapctl.aws.AwsClients;
import dev.tapctl.aws.PolicyDocuments;
import dev.tapctl.engine.spi.AttributeChange;
import dev.tapctl.engine.spi.DeleteResult;
import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.SpecHashes;
import dev.tapctl.engine.spi.Unknown;
import dev.tapctl.stack.Kinds;
import dev.tapctl.stack.spec.LambdaPermissionSpec;
import dev.tapctl.testing.CallLog;
import dev.tapctl.testing.Emulator;
import dev.tapctl.testing.EmulatorExtension;
import dev.tapctl.testing.HandlerFixture;
import dev.tapctl.testing.TestContext;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;

@ExtendWith(EmulatorExtension.class)
class LambdaPermissionHandlerTest {
    private static final String FUNCTION = "tap-test-api";
    private static final String ID = "api.permission";
    private static final String STATEMENT = "tap-test-api-invoke";
    private static final String API_ARN = "arn:aws:execute-api:us-east-1:123456789012:abc123def4/*/*/*";
    private static final String OTHER_API_ARN = "arn:aws:execute-api:us-east-1:123456789012:zzz999yyy8/*/*/*";

    @TempDir
    Path dir;

    private final CallLog calls = new CallLog();
    private final TestContext ctx = new TestContext(ID, "hash-1");
    private AwsClients clients;
    private LambdaClient lambda;
    private LambdaPermissionHandler handler;
    private LambdaPermissionSpec spec;

    @BeforeEach
    void setUp(Emulator emulator) {
        clients = HandlerFixture.clients(emulator, calls);
        lambda = clients.lambda();
        handler = new LambdaPermissionHandler(lambda);
        String role = LambdaTestSupport.executionRole(clients, FUNCTION);
        Path zip = LambdaTestSupport.zip(dir, "api.zip", "{}");
        lambda.createFunction(r -> r.functionName(FUNCTION)
                .runtime("python3.12")
                .handler("handler.handler")
                .role(role)
                .code(c -> c.zipFile(SdkBytes.fromByteArray(LambdaTestSupport.bytes(zip)))));
        spec = spec(API_ARN);
        calls.clear();
    }

    @AfterEach
    void tearDown() {
        clients.close();
    }

    private static LambdaPermissionSpec spec(String sourceArn) {
        return new LambdaPermissionSpec(
                FUNCTION, STATEMENT, "lambda:InvokeFunction", "apigateway.amazonaws.com", sourceArn);
    }

    @Test
    void lifecycleReplacesOnAnyChangeAndDeletes() {
        assertThat(handler.kind()).isEqualTo(Kinds.LAMBDA_PERMISSION);
        assertThat(SpecHashes.recordedBy(handler))
                .as("a permission cannot be tagged")
                .isFalse();
        assertThat(handler.read(spec, ctx))
                .as("a function without a resource policy")
                .isEmpty();

        LambdaPermissionHandler.Live created = handler.create(spec, ctx);
        assertThat(calls.mutating()).extracting(CallLog.Call::operation).containsExactly("AddPermission");

        calls.clear();
        LambdaPermissionHandler.Live live = handler.read(spec, ctx).orElseThrow();
        assertThat(live).isEqualTo(created);
        assertThat(live)
                .isEqualTo(new LambdaPermissionHandler.Live(
                        FUNCTION, STATEMENT, "lambda:InvokeFunction", "apigateway.amazonaws.com", API_ARN));
        assertThat(SpecHashes.applied(handler, live)).isEmpty();
        assertThat(handler.diff(spec, live)).isEmpty();
        assertThat(calls.mutating())
                .as("read and diff of an unchanged permission")
                .isEmpty();
        assertThat(calls.calls()).extracting(CallLog.Call::operation).containsExactly("GetPolicy");
        assertThat(handler.outputs(live).values()).containsOnly(Map.entry("statementId", STATEMENT));

        // The API was replaced: its ARN changed, and a statement cannot be modified.
        LambdaPermissionSpec moved = spec(OTHER_API_ARN);
        List<AttributeChange> changes = handler.diff(moved, live);
        assertThat(changes).containsExactly(AttributeChange.replacing("sourceArn", API_ARN, OTHER_API_ARN));

        // What the engine does for a replacement: delete, then create.
        calls.clear();
        assertThat(handler.delete(live, DeletionPolicy.DELETE, ctx)).isEqualTo(DeleteResult.deleted());
        handler.create(moved, ctx);
        assertThat(calls.mutating())
                .extracting(CallLog.Call::operation)
                .containsExactly("RemovePermission", "AddPermission");
        LambdaPermissionHandler.Live replaced = handler.read(moved, ctx).orElseThrow();
        assertThat(replaced.sourceArn()).isEqualTo(OTHER_API_ARN);
        assertThat(handler.diff(moved, replaced)).isEmpty();
        assertThat(statementIds()).as("one statement, not two").containsExactly(STATEMENT);

        calls.clear();
        assertThat(handler.delete(replaced, DeletionPolicy.DELETE, ctx)).isEqualTo(DeleteResult.deleted());
        assertThat(calls.mutating()).extracting(CallLog.Call::operation).containsExactly("RemovePermission");
        assertThat(handler.read(moved, ctx)).isEmpty();
        // Removing what is already gone is the goal reached.
        assertThat(handler.delete(replaced, DeletionPolicy.DELETE, ctx)).isEqualTo(DeleteResult.deleted());
    }

    @Test
    void updateRemovesAndAddsUnderTheSameStatementId() {
        LambdaPermissionHandler.Live live = handler.create(spec, ctx);
        LambdaPermissionSpec moved = spec(OTHER_API_ARN);
        calls.clear();
        handler.update(moved, live, handler.diff(moved, live), ctx);
        assertThat(calls.mutating())
                .extracting(CallLog.Call::operation)
                .containsExactly("RemovePermission", "AddPermission");
        assertThat(handler.read(moved, ctx).orElseThrow().sourceArn()).isEqualTo(OTHER_API_ARN);

        calls.clear();
        handler.update(moved, handler.read(moved, ctx).orElseThrow(), List.of(), ctx);
        assertThat(calls.mutating()).as("nothing to change").isEmpty();
    }

    @Test
    void findsItsOwnStatementAmongOthers() {
        lambda.addPermission(r -> r.functionName(FUNCTION)
                .statementId("someone-else")
                .action("lambda:InvokeFunction")
                .principal("events.amazonaws.com"));
        handler.create(spec, ctx);
        LambdaPermissionHandler.Live live = handler.read(spec, ctx).orElseThrow();
        assertThat(live.principal()).isEqualTo("apigateway.amazonaws.com");
        assertThat(live.sourceArn()).isEqualTo(API_ARN);

        handler.delete(live, DeletionPolicy.DELETE, ctx);
        assertThat(statementIds()).as("another statement is left alone").containsExactly("someone-else");
    }

    @Test
    void createReplacesAnOlderStatementUnderItsId() {
        // An earlier apply granted another API, under the same statement id.
        lambda.addPermission(r -> r.functionName(FUNCTION)
                .statementId(STATEMENT)
                .action("lambda:InvokeFunction")
                .principal("apigateway.amazonaws.com")
                .sourceArn(OTHER_API_ARN));
        calls.clear();

        handler.create(spec, ctx);
        assertThat(calls.mutating())
                .extracting(CallLog.Call::operation)
                .containsExactly("AddPermission", "RemovePermission", "AddPermission");
        assertThat(handler.read(spec, ctx).orElseThrow().sourceArn()).isEqualTo(API_ARN);
        assertThat(statementIds()).containsExactly(STATEMENT);

        // And the same statement again is adopted as it is.
        calls.clear();
        handler.create(spec, ctx);
        assertThat(calls.mutating()).extracting(CallLog.Call::operation).containsExactly("AddPermission");
        assertThat(statementIds()).containsExactly(STATEMENT);
    }

    @Test
    void absentFunctionReadsAsEmpty() {
        LambdaPermissionSpec other = new LambdaPermissionSpec(
                "tap-test-missing", STATEMENT, "lambda:InvokeFunction", "apigateway.amazonaws.com", API_ARN);
        assertThat(handler.read(other, ctx)).isEmpty();
        assertThat(handler.delete(
                        new LambdaPermissionHandler.Live(
                                "tap-test-missing",
                                STATEMENT,
                                "lambda:InvokeFunction",
                                "apigateway.amazonaws.com",
                                API_ARN),
                        DeletionPolicy.DELETE,
                        ctx))
                .isEqualTo(DeleteResult.deleted());
    }

    @Test
    void unknownInputsNeverReachAws() {
        String unknownApi = Unknown.of("api.rest", "executionArn");
        LambdaPermissionSpec planned = spec(unknownApi);
        assertThatThrownBy(() -> handler.create(planned, ctx))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("sourceArn not known yet");
        LambdaPermissionSpec unknownFunction = new LambdaPermissionSpec(
                Unknown.of("fn.api", "name"), STATEMENT, "lambda:InvokeFunction", "apigateway.amazonaws.com", API_ARN);
        assertThat(handler.read(unknownFunction, ctx)).isEmpty();
        assertThat(calls.calls()).isEmpty();

        LambdaPermissionHandler.Live live = handler.create(spec, ctx);
        assertThat(handler.diff(planned, live))
                .containsExactly(AttributeChange.replacing("sourceArn", API_ARN, unknownApi));
    }

    private List<String> statementIds() {
        String policy = lambda.getPolicy(r -> r.functionName(FUNCTION)).policy();
        List<String> ids = new java.util.ArrayList<>();
        PolicyDocuments.parse(policy)
                .path("Statement")
                .forEach(s -> ids.add(s.path("Sid").asText()));
        return ids;
    }
}

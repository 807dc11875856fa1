package dev.tapctl.resources.apigateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.tapctl.aws.AwsClients;
import dev.tapctl.aws.Eventually;
import dev.tapctl.engine.spi.DeleteResult;
import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.SpecHashes;
import dev.tapctl.engine.spi.Unknown;
import dev.tapctl.stack.spec.ApiAccountSpec;
import dev.tapctl.testing.CallLog;
import dev.tapctl.testing.Emulator;
import dev.tapctl.testing.EmulatorExtension;
import dev.tapctl.testing.HandlerFixture;
import dev.tapctl.testing.TestContext;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;

@ExtendWith(EmulatorExtension.class)
class ApiAccountHandlerTest {
    private static final String ROLE = "tap-test-apigateway-logs";

    private final CallLog calls = new CallLog();
    private final TestContext ctx = new TestContext("api.account", "hash-1");
    private final RoleAppearsAfterFirstRefusal late = new RoleAppearsAfterFirstRefusal();
    private AwsClients clients;
    private ApiGatewayClient apigateway;
    private ApiAccountHandler handler;
    private String roleArn;

    @BeforeEach
    void setUp(Emulator emulator) {
        clients = HandlerFixture.clients(emulator, calls, late);
        apigateway = clients.apigateway();
        handler = new ApiAccountHandler(apigateway, new Eventually(Duration.ofSeconds(60), Duration.ofMillis(100)));
        roleArn = "arn:aws:iam::" + emulator.accountId() + ":role/" + ROLE;
    }

    @AfterEach
    void tearDown() {
        clients.close();
    }

    @Test
    void setsTheRoleWhenNoneIsSetAndNeverRemovesIt() {
        ApiGatewayTestSupport.loggingRole(clients, ROLE);
        ApiAccountSpec spec = new ApiAccountSpec(roleArn);
        assertThat(SpecHashes.recordedBy(handler))
                .as("an account setting cannot be tagged")
                .isFalse();
        calls.clear();
        assertThat(handler.read(spec, ctx))
                .as("no role: the engine plans a create")
                .isEmpty();

        calls.clear();
        ApiAccountHandler.Live created = handler.create(spec, ctx);
        assertThat(calls.mutating()).extracting(CallLog.Call::operation).containsExactly("UpdateAccount");
        assertThat(created.cloudWatchRoleArn()).isEqualTo(roleArn);

        calls.clear();
        ApiAccountHandler.Live live = handler.read(spec, ctx).orElseThrow();
        assertThat(live).isEqualTo(created);
        assertThat(handler.diff(spec, live)).isEmpty();
        assertThat(SpecHashes.applied(handler, live)).isEmpty();
        assertThat(calls.calls()).extracting(CallLog.Call::operation).containsExactly("GetAccount");
        assertThat(handler.outputs(live).values()).containsOnly(entry("cloudWatchRoleArn", roleArn));

        calls.clear();
        assertThat(handler.delete(live, DeletionPolicy.DELETE, ctx))
                .isEqualTo(DeleteResult.retained("account-wide setting"));
        assertThat(calls.calls()).as("destroy never touches the account").isEmpty();
        assertThat(apigateway.getAccount(r -> {}).cloudwatchRoleArn()).isEqualTo(roleArn);
    }

    @Test
    void aRoleSomeoneElseSetIsLeftAlone() {
        String theirs = ApiGatewayTestSupport.loggingRole(clients, "their-apigateway-logs");
        apigateway.updateAccount(r -> r.patchOperations(ApiGatewaySupport.replace("/cloudwatchRoleArn", theirs)));
        ApiAccountSpec spec = new ApiAccountSpec(roleArn);

        calls.clear();
        ApiAccountHandler.Live live = handler.read(spec, ctx).orElseThrow();
        assertThat(live.cloudWatchRoleArn()).isEqualTo(theirs);
        assertThat(handler.diff(spec, live))
                .as("any role set is the account's choice")
                .isEmpty();
        assertThat(handler.outputs(live).values()).containsOnly(entry("cloudWatchRoleArn", theirs));
        // Even a create planned before they set it keeps theirs.
        assertThat(handler.create(spec, ctx).cloudWatchRoleArn()).isEqualTo(theirs);
        assertThat(calls.mutating()).isEmpty();
        assertThat(apigateway.getAccount(r -> {}).cloudwatchRoleArn()).isEqualTo(theirs);
    }

    @Test
    void aRoleIamHasNotPropagatedYetIsRetried() {
        late.arm(clients);
        ApiAccountHandler.Live created = handler.create(new ApiAccountSpec(roleArn), ctx);
        assertThat(created.cloudWatchRoleArn()).isEqualTo(roleArn);
        assertThat(calls.matching(c -> c.mutating()
                        && !c.operation().equals("CreateRole")
                        && !c.operation().equals("PutRolePolicy")))
                .extracting(CallLog.Call::operation)
                .as("refused once (the role is not there yet), then accepted")
                .containsExactly("UpdateAccount", "UpdateAccount");
        assertThat(apigateway.getAccount(r -> {}).cloudwatchRoleArn()).isEqualTo(roleArn);
    }

    @Test
    void aRoleThatNeverBecomesUsableFailsWithinTheWait() {
        ApiAccountHandler impatient =
                new ApiAccountHandler(apigateway, new Eventually(Duration.ofMillis(500), Duration.ofMillis(100)));
        assertThatThrownBy(() -> impatient.create(new ApiAccountSpec(roleArn), ctx))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("still waiting for role " + roleArn + " to be usable by API Gateway")
                .hasMessageContaining("The role ARN does not have required permissions configured");
        assertThat(apigateway.getAccount(r -> {}).cloudwatchRoleArn()).isNull();
    }

    @Test
    void theEmulatorRefusesARoleNarrowerThanTheDocumentedOneAndAcceptsTheDocumentedOne() {
        // What tapctl's role carried before: no logs:GetLogEvents, no logs:FilterLogEvents.
        String narrow = ApiGatewayTestSupport.loggingRole(
                clients,
                "tap-test-narrow",
                ApiGatewayTestSupport.DOCUMENTED_LOGS_POLICY.replace(
                        ",\"logs:GetLogEvents\",\"logs:FilterLogEvents\"", ""));
        ApiAccountHandler impatient =
                new ApiAccountHandler(apigateway, new Eventually(Duration.ofMillis(300), Duration.ofMillis(100)));
        assertThatThrownBy(() -> impatient.create(new ApiAccountSpec(narrow), ctx))
                .hasMessageContaining("The role ARN does not have required permissions configured. Please grant trust "
                        + "permission for API Gateway and add the required role policy.");
        assertThat(apigateway.getAccount(r -> {}).cloudwatchRoleArn()).isNull();

        String documented = ApiGatewayTestSupport.loggingRole(clients, ROLE);
        assertThat(handler.create(new ApiAccountSpec(documented), ctx).cloudWatchRoleArn())
                .isEqualTo(documented);
        assertThat(apigateway.getAccount(r -> {}).cloudwatchRoleArn()).isEqualTo(documented);
    }

    @Test
    void aRoleKnownOnlyAfterApplyIsNeverSentToAws() {
        ApiAccountSpec planned = new ApiAccountSpec(Unknown.of("api.logs-role", "arn"));
        assertThatThrownBy(() -> handler.create(planned, ctx))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cloudWatchRoleArn not known yet");
        assertThat(calls.mutating()).isEmpty();
    }

    /** Creates the role right after API Gateway first refuses it: IAM propagation, compressed. */
    private static final class RoleAppearsAfterFirstRefusal implements ExecutionInterceptor {
        private final AtomicBoolean armed = new AtomicBoolean();
        private volatile AwsClients clients;

        void arm(AwsClients clients) {
            this.clients = clients;
            clients.iam(); // built now, not inside the callback
            armed.set(true);
        }

        @Override
        public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
            if ("UpdateAccount".equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))
                    && armed.compareAndSet(true, false)) {
                ApiGatewayTestSupport.loggingRole(clients, ROLE);
            }
        }
    }
}

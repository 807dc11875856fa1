package dev.tapctl.resources.apigateway;

import dev.tapctl.engine.spi.AttributeChange;
import dev.tapctl.engine.spi.DeleteResult;
import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.HandlerContext;
import dev.tapctl.engine.spi.Outputs;
import dev.tapctl.engine.spi.Placeholders;
import dev.tapctl.engine.spi.ResourceHandler;
import dev.tapctl.stack.Kinds;
import dev.tapctl.stack.spec.ApiAccountSpec;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.waiters.Waiter;
import software.amazon.awssdk.core.waiters.WaiterAcceptor;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;
import software.amazon.awssdk.services.apigateway.model.BadRequestException;

/**
 * The region's API Gateway account setting: the IAM role API Gateway writes access and execution
 * logs with. It is account wide and may be someone else's, so tapctl sets it only when no role
 * is set, never changes a role that is set (to anything), and never removes it on destroy. AWS
 * cannot tag it, so there is no spec hash: an empty diff is "nothing to do".
 */
public final class ApiAccountHandler implements ResourceHandler<ApiAccountSpec, ApiAccountHandler.Live> {
    /**
     * What UpdateAccount answers while a new role has not reached API Gateway yet (IAM is eventually
     * consistent); Terraform's aws_api_gateway_account retries the same two messages.
     */
    static final List<String> NOT_YET_USABLE = List.of(
            "The role ARN does not have required permissions set to API Gateway",
            "API Gateway could not successfully write to CloudWatch Logs using the ARN specified");

    /** The role API Gateway logs with. */
    public record Live(String cloudWatchRoleArn) {
    }

    private final ApiGatewayClient apigateway;
    private final WaiterOverrideConfiguration waits;

    /** Retries a not-yet-usable role every 5 seconds for up to 2 minutes. */
    public ApiAccountHandler(ApiGatewayClient apigateway) {
        this(apigateway, WaiterOverrideConfiguration.builder()
                .maxAttempts(Integer.MAX_VALUE)
                .waitTimeout(Duration.ofMinutes(2))
                .backoffStrategyV2(BackoffStrategy.fixedDelayWithoutJitter(Duration.ofSeconds(5)))
                .build());
    }

    /** {@code waits} bounds the retry of a role IAM has not propagated yet. */
    public ApiAccountHandler(ApiGatewayClient apigateway, WaiterOverrideConfiguration waits) {
        this.apigateway = apigateway;
        this.waits = waits;
    }

    @Override
    public String kind() {
        return Kinds.API_ACCOUNT;
    }

    @Override
    public Class<ApiAccountSpec> specType() {
        return ApiAccountSpec.class;
    }

    @Override
    public boolean recordsSpecHash() {
        return false;
    }

    /** The account always exists; without a role it is "absent", so the engine plans a create. */
    @Override
    public Optional<Live> read(ApiAccountSpec desired, HandlerContext ctx) {
        return currentRole().map(Live::new);
    }

    private Optional<String> currentRole() {
        String role = apigateway.getAccount(r -> { }).cloudwatchRoleArn();
        return role == null || role.isBlank() ? Optional.empty() : Optional.of(role);
    }

    /** Any role already set is left alone: it may serve other APIs of the account. */
    @Override
    public List<AttributeChange> diff(ApiAccountSpec desired, Live live) {
        return List.of();
    }

    @Override
    public Live create(ApiAccountSpec desired, HandlerContext ctx) {
        new Placeholders().check("cloudWatchRoleArn", desired.cloudWatchRoleArn())
                .requireKnown("API Gateway account");
        // Someone may have set a role since the plan was made: theirs stays.
        Optional<String> current = currentRole();
        if (current.isPresent()) {
            return new Live(current.get());
        }
        ctx.status("setting the CloudWatch role");
        updateAccount(desired.cloudWatchRoleArn());
        return new Live(desired.cloudWatchRoleArn());
    }

    private void updateAccount(String roleArn) {
        AtomicReference<BadRequestException> refused = new AtomicReference<>();
        Waiter<Boolean> accepted = Waiter.builder(Boolean.class)
                .overrideConfiguration(waits)
                .addAcceptor(WaiterAcceptor.successOnResponseAcceptor(done -> done))
                .addAcceptor(WaiterAcceptor.retryOnResponseAcceptor(done -> !done))
                .build();
        try {
            accepted.run(() -> {
                try {
                    apigateway.updateAccount(r -> r.patchOperations(
                            ApiGatewaySupport.replace("/cloudwatchRoleArn", roleArn)));
                    return true;
                } catch (BadRequestException e) {
                    if (notYetUsable(e)) {
                        refused.set(e);
                        return false;
                    }
                    throw e;
                }
            });
        } catch (SdkClientException e) {
            // The waiter wraps any other error; the service's own exception says more.
            if (e.getCause() instanceof AwsServiceException service) {
                throw service;
            }
            if (refused.get() != null) {
                throw new IllegalStateException("API Gateway kept refusing CloudWatch role " + roleArn + " ("
                        + refused.get().awsErrorDetails().errorMessage() + "): it must exist and trust"
                        + " apigateway.amazonaws.com", refused.get());
            }
            throw e;
        }
    }

    private static boolean notYetUsable(BadRequestException e) {
        String message = e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage();
        return message != null && NOT_YET_USABLE.stream().anyMatch(message::contains);
    }

    /** Never called with changes (the diff is always empty); nothing to do. */
    @Override
    public Live update(ApiAccountSpec desired, Live live, List<AttributeChange> changes, HandlerContext ctx) {
        return live;
    }

    @Override
    public DeleteResult delete(Live live, DeletionPolicy policy, HandlerContext ctx) {
        // Other APIs of the account may log with this role; removing it would silence them.
        return DeleteResult.retained("account-wide setting");
    }

    @Override
    public Outputs outputs(Live live) {
        return Outputs.of("cloudWatchRoleArn", live.cloudWatchRoleArn());
    }
}

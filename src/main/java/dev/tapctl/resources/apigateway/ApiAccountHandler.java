package dev.tapctl.resources.apigateway;

import dev.tapctl.aws.Eventually;
import dev.tapctl.engine.spi.AttributeChange;
import dev.tapctl.engine.spi.DeleteResult;
import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.HandlerContext;
import dev.tapctl.engine.spi.Untagged;
import dev.tapctl.resources.support.NothingToUpdate;
import dev.tapctl.stack.Kinds;
import dev.tapctl.stack.spec.ApiAccountSpec;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;
import software.amazon.awssdk.services.apigateway.model.BadRequestException;

/**
 * The region's API Gateway account setting: the IAM role API Gateway writes access and execution
 * logs with. It is account wide and may be someone else's, so tapctl sets it only when no role
 * is set, never changes a role that is set (to anything), and never removes it on destroy. AWS
 * cannot tag it, so there is no spec hash: an empty diff is "nothing to do". Any role already set
 * is left alone, since it may serve other APIs of the account.
 */
public final class ApiAccountHandler extends ApiGatewayHandler<ApiAccountSpec, ApiAccountHandler.Live>
        implements NothingToUpdate<ApiAccountSpec, ApiAccountHandler.Live>, Untagged {
    /**
     * What UpdateAccount answers (BadRequestException) while a new role, or its policy, has not
     * reached API Gateway yet (IAM is eventually consistent). Matched by their stable beginnings:
     * AWS has reworded the first ("... set to API Gateway" became "... configured. Please grant
     * trust permission for API Gateway and add the required role policy."); Terraform's
     * aws_api_gateway_account retries the same two.
     */
    static final List<String> NOT_YET_USABLE = List.of(
            "The role ARN does not have required permissions",
            "API Gateway could not successfully write to CloudWatch Logs using the ARN specified");

    /** The role API Gateway logs with. */
    public record Live(String cloudWatchRoleArn) {}

    private final Eventually eventually;

    /**
     * {@code eventually} bounds the retry of a role IAM has not propagated yet. UpdateAccount's
     * quota (1 request every 20 s) is kept by the API Gateway client's pacing, retries included.
     */
    public ApiAccountHandler(ApiGatewayClient apigateway, Eventually eventually) {
        super(apigateway, Kinds.API_ACCOUNT);
        this.eventually = eventually;
    }

    /** The account always exists; without a role it is "absent", so the engine plans a create. */
    @Override
    public Optional<Live> read(ApiAccountSpec desired, HandlerContext ctx) {
        // The account's setting: one GetAccount per plan, and per drift run whatever its environments.
        String role = ctx.reads().get("apigateway:GetAccount", this::currentRole);
        return role.isEmpty() ? Optional.empty() : Optional.of(new Live(role));
    }

    /** The account's CloudWatch role ARN, "" when none is set. */
    private String currentRole() {
        String role = apigateway.getAccount(r -> {}).cloudwatchRoleArn();
        return role == null || role.isBlank() ? "" : role;
    }

    @Override
    protected Live createKnown(ApiAccountSpec desired, HandlerContext ctx) {
        // Someone may have set a role since the plan was made: theirs stays.
        String current = currentRole();
        if (!current.isEmpty()) {
            return new Live(current);
        }
        ctx.status("setting the CloudWatch role");
        updateAccount(desired.cloudWatchRoleArn(), ctx);
        return new Live(desired.cloudWatchRoleArn());
    }

    /** Never called with changes: the diff of this kind is always empty. */
    @Override
    protected Live updateKnown(ApiAccountSpec desired, Live live, List<AttributeChange> changes, HandlerContext ctx) {
        return live;
    }

    private void updateAccount(String roleArn, HandlerContext ctx) {
        eventually.run(
                "role " + roleArn + " to be usable by API Gateway",
                ApiAccountHandler::notYetUsable,
                ctx::status,
                () -> apigateway.updateAccount(
                        r -> r.patchOperations(ApiGatewaySupport.replace("/cloudwatchRoleArn", roleArn))));
    }

    static boolean notYetUsable(Throwable e) {
        return e instanceof BadRequestException
                && NOT_YET_USABLE.stream().anyMatch(Eventually.messageOf(e)::startsWith);
    }

    @Override
    public DeleteResult delete(Live live, DeletionPolicy policy, HandlerContext ctx) {
        // Other APIs of the account may log with this role; removing it would silence them.
        return DeleteResult.retained("account-wide setting");
    }
}

package dev.tapctl.resources.lambda;

import dev.tapctl.engine.spi.HandlerContext;
import dev.tapctl.resources.support.Waits;
import java.util.Objects;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.core.waiters.WaiterResponse;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.GetFunctionRequest;
import software.amazon.awssdk.services.lambda.model.GetFunctionResponse;
import software.amazon.awssdk.services.lambda.waiters.LambdaWaiter;

/**
 * Waits for a function to be ready for the next step: Active after a create, its last update
 * finished before another (Lambda refuses a change while one is in progress). A wait that fails
 * says why, in Lambda's own words.
 */
final class FunctionReadiness {
    private final LambdaClient lambda;
    private final LambdaWaiter waiter;
    private final WaiterOverrideConfiguration waits;

    /** {@code waits}: how every wait polls and how long it may take. */
    FunctionReadiness(LambdaClient lambda, WaiterOverrideConfiguration waits) {
        this.lambda = lambda;
        // Lambda's waiters give up after a fixed number of polls; let the configured timeout alone
        // bound each wait.
        WaiterOverrideConfiguration bounded = waits.maxAttempts().isPresent()
                ? waits
                : waits.toBuilder().maxAttempts(Integer.MAX_VALUE).build();
        this.waits = bounded;
        this.waiter = LambdaWaiter.builder()
                .client(lambda)
                .overrideConfiguration(bounded)
                .build();
    }

    /** The function once Active: what the last poll answered. */
    GetFunctionResponse awaitActive(String name, HandlerContext ctx) {
        return awaitReady(name, true, ctx);
    }

    void awaitUpdated(String name, HandlerContext ctx) {
        awaitReady(name, false, ctx);
    }

    private GetFunctionResponse awaitReady(String name, boolean active, HandlerContext ctx) {
        GetFunctionRequest request =
                GetFunctionRequest.builder().functionName(name).build();
        try {
            WaiterResponse<GetFunctionResponse> response = Waits.waitFor(
                    active ? "active" : "the update to finish",
                    waits,
                    ctx,
                    w -> active
                            ? waiter.waitUntilFunctionActiveV2(request, w)
                            : waiter.waitUntilFunctionUpdatedV2(request, w));
            return response.matched().response().orElseThrow();
        } catch (SdkClientException e) {
            // The waiter's own message says only that it failed; Lambda's StateReason says why.
            throw new IllegalStateException(
                    "function " + name + " did not become " + (active ? "active" : "updated") + ": " + reason(name)
                            + " (" + e.getMessage() + ")",
                    e);
        }
    }

    private String reason(String name) {
        try {
            FunctionConfiguration config =
                    lambda.getFunction(r -> r.functionName(name)).configuration();
            return "state " + config.stateAsString() + " " + Objects.toString(config.stateReason(), "")
                    + ", last update " + config.lastUpdateStatusAsString() + " "
                    + Objects.toString(config.lastUpdateStatusReason(), "");
        } catch (AwsServiceException e) {
            return e.getMessage();
        }
    }
}

package dev.tapctl.resources.support;

import dev.tapctl.engine.spi.HandlerContext;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.waiters.Waiter;
import software.amazon.awssdk.core.waiters.WaiterAcceptor;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;

/**
 * Every wait of a handler for a state (available, deleted, ...): bounded by the resource's own
 * limit when the configuration sets one ({@code timeouts.<id or kind>.<operation>}, through
 * {@link HandlerContext#waitLimit()}), else by the built-in bound of {@code waits}; and reported,
 * with that limit, to the progress lines. Also a wait the SDK has no waiter for: a step tried
 * again, as the waits poll and for as long as they allow, until it reports that it is done (a
 * delete that an instance on its way out still blocks, a setting AWS takes only once backups are on).
 */
public final class Waits {
    private Waits() {}

    /**
     * Runs {@code wait} (an SDK waiter's call given the configuration to use) for {@code forWhat}
     * ("available"), bounded and reported as above. A wait that runs out fails naming what it
     * waited for, how long, and where that bound comes from.
     */
    public static <T> T waitFor(
            String forWhat,
            WaiterOverrideConfiguration waits,
            HandlerContext ctx,
            Function<WaiterOverrideConfiguration, T> wait) {
        WaiterOverrideConfiguration bounded = forStep(waits, ctx);
        Duration limit = bounded.waitTimeout().orElse(Duration.ZERO);
        ctx.waiting(forWhat, limit);
        try {
            return wait.apply(bounded);
        } catch (SdkClientException e) {
            if (String.valueOf(e.getMessage()).contains("exceeded the max wait time")) {
                throw new WaitLimitExceededException(
                        forWhat, limit, ctx.waitLimit().isPresent(), e);
            }
            throw e;
        }
    }

    /**
     * Runs {@code attempt} until it returns true, bounded and reported like {@link #waitFor}. Any
     * error of the attempt ends the wait and is thrown as the service's own exception, which says
     * more than the waiter's wrapping of it.
     */
    public static void until(
            String forWhat, WaiterOverrideConfiguration waits, HandlerContext ctx, BooleanSupplier attempt) {
        waitFor(forWhat, waits, ctx, bounded -> {
            until(bounded, attempt);
            return Boolean.TRUE;
        });
    }

    /** {@code waits} bounded by the resource's configured limit for the step under way, if it has one. */
    public static WaiterOverrideConfiguration forStep(WaiterOverrideConfiguration waits, HandlerContext ctx) {
        return ctx.waitLimit()
                .map(limit -> waits.toBuilder().waitTimeout(limit).build())
                .orElse(waits);
    }

    /**
     * Runs {@code attempt} until it returns true; a step that stays not done fails when the wait
     * times out. Any error of the attempt ends the wait and is thrown as the service's own
     * exception, which says more than the waiter's wrapping of it.
     */
    public static void until(WaiterOverrideConfiguration waits, BooleanSupplier attempt) {
        Waiter<Boolean> done = Waiter.builder(Boolean.class)
                .overrideConfiguration(waits)
                .addAcceptor(WaiterAcceptor.successOnResponseAcceptor(finished -> finished))
                .addAcceptor(WaiterAcceptor.retryOnResponseAcceptor(finished -> !finished))
                .build();
        try {
            done.run(attempt::getAsBoolean);
        } catch (SdkClientException e) {
            if (e.getCause() instanceof AwsServiceException service) {
                throw service;
            }
            throw e;
        }
    }
}

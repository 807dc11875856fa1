package dev.tapctl.resources.support;

import java.util.function.BooleanSupplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.waiters.Waiter;
import software.amazon.awssdk.core.waiters.WaiterAcceptor;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;

/**
 * A wait the SDK has no waiter for: a step tried again, as the configured waits poll and for as
 * long as they allow, until it reports that it is done (a delete that an instance on its way out
 * still blocks, a setting AWS takes only once backups are on).
 */
public final class Waits {
    private Waits() {}

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

package dev.tapctl.e2e;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Someone acts by hand between tapctl's plan and one of its calls: right before the first call of
 * tapctl's that {@code before} matches is sent, {@code change} runs (with plain clients), once.
 * {@link #fired()} says whether it did, for the test to assert.
 */
final class DoneByHandFirst implements ExecutionInterceptor {
    private final Predicate<SdkRequest> before;
    private final Runnable change;
    private final AtomicBoolean fired = new AtomicBoolean();

    DoneByHandFirst(Predicate<SdkRequest> before, Runnable change) {
        this.before = before;
        this.change = change;
    }

    boolean fired() {
        return fired.get();
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        if (before.test(context.request()) && fired.compareAndSet(false, true)) {
            change.run();
        }
    }
}

package dev.tapctl.aws;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Which AWS call an SDK exception came from. The SDK's exceptions name the service and the HTTP
 * status, not the operation ("Lambda", not "Lambda GetFunction"). Every client that
 * {@link AwsClients} builds carries this interceptor: when a call ends in an exception, it records
 * the service, the operation and the attempts made against that very exception object, so that
 * whoever reports the exception can ask {@link #of(Throwable)}, while handlers keep catching the
 * SDK's own exception types, unchanged.
 *
 * <p>Keyed weakly by the exception (SDK exceptions do not override {@code equals}, so the key is the
 * object itself): an exception nobody holds any more is forgotten with it.
 */
public final class FailedCalls implements ExecutionInterceptor {
    /** The call an exception ended: service and operation as the SDK names them, and the attempts seen. */
    public record Call(String service, String operation, int attempts) {
        @Override
        public String toString() {
            return service + " " + operation;
        }
    }

    static final FailedCalls INTERCEPTOR = new FailedCalls();

    private static final ExecutionAttribute<Integer> ATTEMPTS =
            new ExecutionAttribute<>("tapctl.failed-calls.attempts");
    private static final Map<Throwable, Call> CALLS = Collections.synchronizedMap(new WeakHashMap<>());

    private FailedCalls() {}

    /** The call that {@code e}, or the first of its causes the SDK threw, ended; empty if none did. */
    public static Optional<Call> of(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            Call call = CALLS.get(t);
            if (call != null) {
                return Optional.of(call);
            }
        }
        return Optional.empty();
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        attributes.putAttribute(ATTEMPTS, 0);
    }

    /** Once per attempt, inside the SDK's retry loop. */
    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        Integer attempts = attributes.getAttribute(ATTEMPTS);
        attributes.putAttribute(ATTEMPTS, attempts == null ? 1 : attempts + 1);
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        Integer attempts = attributes.getAttribute(ATTEMPTS);
        CALLS.put(
                context.exception(),
                new Call(
                        attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME),
                        attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME),
                        attempts == null ? 0 : attempts));
    }
}

package dev.tapctl.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Records every SDK operation at the client boundary (once per operation, not per retry), so
 * tests can assert "the second apply made no mutating call" or "plan made N reads".
 */
public final class CallLog implements ExecutionInterceptor {
    /** One operation: {@code service} as the SDK names it (e.g. "EC2"), {@code operation} e.g. "CreateVpc". */
    public record Call(String service, String operation) {
        public boolean mutating() {
            return isMutating(operation);
        }

        @Override
        public String toString() {
            return service + ":" + operation;
        }
    }

    /** Reads are Describe*, Get*, List*, Head*; every other operation changes something. */
    public static boolean isMutating(String operation) {
        return !(operation.startsWith("Describe")
                || operation.startsWith("Get")
                || operation.startsWith("List")
                || operation.startsWith("Head"));
    }

    private final List<Call> calls = new CopyOnWriteArrayList<>();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        calls.add(new Call(
                attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME),
                attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME)));
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    public List<Call> mutating() {
        return calls.stream().filter(Call::mutating).toList();
    }

    public List<Call> matching(Predicate<Call> filter) {
        return calls.stream().filter(filter).toList();
    }

    /** The operation of every call, in order (e.g. {@code DescribeVpcs}). */
    public List<String> operations() {
        return operations(calls);
    }

    /** The operations of {@code calls}, in order. */
    public static List<String> operations(List<Call> calls) {
        return calls.stream().map(Call::operation).toList();
    }

    public void clear() {
        calls.clear();
    }
}

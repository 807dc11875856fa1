package dev.tapctl.perf;

import dev.tapctl.testing.CallLog;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.function.Supplier;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Injects latency at the SDK boundary and records every operation with the resource (logical id)
 * it was made for. A call's resource is the one whose handler method is running on the calling
 * thread ({@link #within}, set by {@link TracedCatalog}); the engine runs each resource on one
 * worker thread and the SDK clients are synchronous, so that thread makes all of its calls.
 *
 * <p>The injected time is slept in {@code beforeTransmission}, once per HTTP attempt (a retried
 * call pays it again, like a slow service would make it). Calls made outside any handler (the
 * account id lookup of a command) are attributed to {@value #SESSION}.
 */
public final class CallTrace implements ExecutionInterceptor {
    /** The node of calls made outside any handler. */
    public static final String SESSION = "(session)";

    /**
     * One SDK operation. {@code phase} is what the run was doing (session, plan, apply, ...);
     * {@code injected} is the latency slept for it (all attempts); start and end are
     * {@link System#nanoTime()} at the start and end of the whole call; {@code responseBytes} is
     * what the service answered (its Content-Length, every attempt), what a plan downloads.
     */
    public record Call(
            String phase,
            String node,
            String service,
            String operation,
            int attempts,
            long injectedNanos,
            long startNanos,
            long endNanos,
            boolean failed,
            String thread,
            long responseBytes) {
        /** Reads are Describe*, Get*, List*, Head* (as {@code CallLog} counts them); everything else changes something. */
        public boolean mutating() {
            return isMutating(operation);
        }

        public long elapsedNanos() {
            return endNanos - startNanos;
        }
    }

    /** One handler method run for one resource: {@code method} is read, create, update or delete. */
    public record HandlerSpan(String phase, String node, String method, long startNanos, long endNanos) {}

    private static final ExecutionAttribute<InFlight> IN_FLIGHT = new ExecutionAttribute<>("tapctl.perf.inFlight");
    private static final ThreadLocal<String> CURRENT_NODE = new ThreadLocal<>();

    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final List<HandlerSpan> spans = new CopyOnWriteArrayList<>();
    private volatile LatencyModel latency;
    private volatile String phase = "run";

    public CallTrace(LatencyModel latency) {
        this.latency = latency;
    }

    public static boolean isMutating(String operation) {
        return CallLog.isMutating(operation);
    }

    /** Runs {@code work} with calls on this thread attributed to {@code node}, and records its span. */
    <T> T within(String node, String method, Supplier<T> work) {
        String outer = CURRENT_NODE.get();
        CURRENT_NODE.set(node);
        long start = System.nanoTime();
        try {
            return work.get();
        } finally {
            spans.add(new HandlerSpan(phase, node, method, start, System.nanoTime()));
            if (outer == null) {
                CURRENT_NODE.remove();
            } else {
                CURRENT_NODE.set(outer);
            }
        }
    }

    /**
     * Runs {@code work} with calls on this thread attributed to {@code node}, recording no span:
     * for the calls a handler's read makes at once on other threads, within its own span.
     */
    <T> T attributed(String node, Supplier<T> work) {
        String outer = CURRENT_NODE.get();
        CURRENT_NODE.set(node);
        try {
            return work.get();
        } finally {
            if (outer == null) {
                CURRENT_NODE.remove();
            } else {
                CURRENT_NODE.set(outer);
            }
        }
    }

    /** Labels the calls that follow (until the next call of this method). */
    public void phase(String name) {
        this.phase = name;
    }

    public String phase() {
        return phase;
    }

    public void latency(LatencyModel model) {
        this.latency = model;
    }

    public LatencyModel latency() {
        return latency;
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    public List<Call> calls(Predicate<Call> filter) {
        return calls.stream().filter(filter).toList();
    }

    public List<Call> callsIn(String phaseName) {
        return calls(c -> c.phase().equals(phaseName));
    }

    public List<HandlerSpan> spans() {
        return List.copyOf(spans);
    }

    public void clear() {
        calls.clear();
        spans.clear();
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        String node = Optional.ofNullable(CURRENT_NODE.get())
                .orElseGet(() -> Thread.currentThread().getName().startsWith("tapctl-worker")
                        ? "(worker " + Thread.currentThread().getName() + ")"
                        : SESSION);
        attributes.putAttribute(
                IN_FLIGHT,
                new InFlight(
                        phase,
                        node,
                        attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME),
                        attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME),
                        System.nanoTime()));
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        InFlight call = attributes.getAttribute(IN_FLIGHT);
        Duration delay = latency.of(call == null ? "" : call.operation);
        if (call != null) {
            call.attempts++;
            call.injectedNanos += delay.toNanos();
        }
        if (!delay.isZero()) {
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
        InFlight call = attributes.getAttribute(IN_FLIGHT);
        if (call != null) {
            call.responseBytes += context.httpResponse()
                    .firstMatchingHeader("Content-Length")
                    .map(Long::parseLong)
                    .orElse(0L);
        }
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        finish(attributes, false);
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        finish(attributes, true);
    }

    private void finish(ExecutionAttributes attributes, boolean failed) {
        InFlight call = attributes.getAttribute(IN_FLIGHT);
        if (call == null) {
            return;
        }
        calls.add(new Call(
                call.phase,
                call.node,
                call.service,
                call.operation,
                call.attempts,
                call.injectedNanos,
                call.start,
                System.nanoTime(),
                failed,
                Thread.currentThread().getName(),
                call.responseBytes));
    }

    /** A call between beforeExecution and its end; attempts and injected time grow per attempt. */
    private static final class InFlight {
        final String phase;
        final String node;
        final String service;
        final String operation;
        final long start;
        int attempts;
        long injectedNanos;
        long responseBytes;

        InFlight(String phase, String node, String service, String operation, long start) {
            this.phase = phase;
            this.node = node;
            this.service = service;
            this.operation = operation;
            this.start = start;
        }
    }
}

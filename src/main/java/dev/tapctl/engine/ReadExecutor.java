package dev.tapctl.engine;

import dev.tapctl.engine.spi.DaemonThreads;
import dev.tapctl.engine.spi.ReadsAtOnce;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.function.Supplier;

/**
 * The threads a plan reads on, apart from {@code --parallelism} (which bounds mutations): reads
 * change nothing, and AWS throttles them per service and account with token buckets far larger
 * than a handful of calls at once (EC2: 100 non-mutating calls in a burst, then 20 a second,
 * https://docs.aws.amazon.com/ec2/latest/devguide/ec2-api-throttling.html; IAM and STS likewise
 * refill a bucket every second, https://aws.amazon.com/blogs/security/how-to-monitor-and-query-iam-resources-at-scale-part-2/),
 * while a plan makes a fixed number of calls, about 1.7 per resource. The SDK retries a
 * throttled read with backoff (see {@code RetryBudget}). {@link #THREADS} is bounded and the
 * shared HTTP connection pool holds both pools' calls at once ({@code AwsSettings}).
 *
 * <p>Two pools: {@link #resources} runs each resource's read and each orphan listing,
 * {@link #atOnce} the calls one read makes at the same time ({@link ReadsAtOnce}). Kept apart so
 * that a read's own calls never queue behind other resources' reads; and a read that waits for
 * one of its calls not yet started runs it itself, so no wait can hold a thread another waits for.
 */
final class ReadExecutor implements ReadsAtOnce, AutoCloseable {
    /**
     * Threads of each pool: every first read of a stack of about 60 resources and its orphan
     * listings at once (a read waiting on a shared listing holds a thread too).
     */
    static final int THREADS = 64;

    private final ExecutorService resources;
    private final ExecutorService atOnce;

    ReadExecutor() {
        this.resources = pool("tapctl-reads");
        this.atOnce = pool("tapctl-reads-at-once");
    }

    private static ExecutorService pool(String name) {
        return Executors.newFixedThreadPool(THREADS, DaemonThreads.numbered(name));
    }

    /** Where resources' reads and orphan listings run. */
    ExecutorService resources() {
        return resources;
    }

    @Override
    public <T> Pending<T> start(Supplier<T> read) {
        FutureTask<T> task = new FutureTask<>(read::get);
        atOnce.execute(task);
        return () -> {
            // Not started yet (the pool is busy): run it here rather than wait for a thread.
            task.run();
            try {
                return task.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while reading", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException cause) {
                    throw cause;
                }
                if (e.getCause() instanceof Error cause) {
                    throw cause;
                }
                throw new IllegalStateException(e.getCause());
            }
        };
    }

    @Override
    public void close() {
        resources.shutdownNow();
        atOnce.shutdownNow();
    }
}

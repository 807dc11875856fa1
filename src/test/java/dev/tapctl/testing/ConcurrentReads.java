package dev.tapctl.testing;

import dev.tapctl.engine.Futures;
import dev.tapctl.engine.spi.ReadsAtOnce;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * A read's calls at once on threads of their own, as a plan makes them (the engine's read
 * executor is not visible to handler tests), so that a handler test can check that a read made
 * that way finds what one made a call at a time finds.
 */
public final class ConcurrentReads implements ReadsAtOnce, AutoCloseable {
    private final ExecutorService pool = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "test-reads-at-once");
        thread.setDaemon(true);
        return thread;
    });

    @Override
    public <T> Pending<T> start(Supplier<T> read) {
        CompletableFuture<T> call = CompletableFuture.supplyAsync(read, pool);
        return () -> Futures.join(call);
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}

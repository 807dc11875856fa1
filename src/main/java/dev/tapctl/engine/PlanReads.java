package dev.tapctl.engine;

import dev.tapctl.engine.spi.SharedReads;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The shared reads of one plan: the first caller of a key makes the call on its own thread, the
 * others wait for its answer. Made fresh by every plan, so nothing outlives the plan that read it.
 */
public final class PlanReads implements SharedReads {
    private final ConcurrentHashMap<String, CompletableFuture<Object>> answers = new ConcurrentHashMap<>();

    @Override
    @SuppressWarnings("unchecked")
    public <T> T get(String key, Supplier<T> read) {
        CompletableFuture<Object> mine = new CompletableFuture<>();
        CompletableFuture<Object> first = answers.putIfAbsent(key, mine);
        if (first == null) {
            try {
                T answer = read.get();
                mine.complete(answer);
                return answer;
            } catch (RuntimeException | Error e) {
                // The plan fails with this error; the resources waiting on the key fail with it too.
                mine.completeExceptionally(e);
                throw e;
            }
        }
        return (T) Futures.join(first);
    }

    @Override
    public boolean shared() {
        return true;
    }
}

package dev.tapctl.engine;

import dev.tapctl.engine.spi.DaemonThreads;
import dev.tapctl.engine.spi.HandlerCatalog;
import dev.tapctl.engine.spi.Holdings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The one place a plan asks what its destructive steps destroy or keep: every delete, replace or
 * retain of an object whose kind describes its holdings, all at once on the plan's parallelism,
 * after the decisions (a plan of no-ops asks nothing). A read that fails does not fail the plan:
 * its step says what could not be read. {@code catalog} null means offline: nothing is read.
 */
record HoldingsReads(HandlerCatalog catalog, RunSettings settings, RetainedDataNeeds needs) {

    /** What each destructive step of {@code steps} holds, by step id. */
    Map<String, Holdings> of(List<Step> steps) {
        List<Step> asked = catalog == null
                ? List.of()
                : steps.stream()
                        .filter(HoldingsReads::destroysOrKeeps)
                        .filter(this::describes)
                        .toList();
        if (asked.isEmpty()) {
            return Map.of();
        }
        ExecutorService pool = Executors.newFixedThreadPool(
                Math.min(settings.parallelism(), asked.size()), DaemonThreads.named("tapctl-holdings"));
        try {
            Map<String, CompletableFuture<Holdings>> reads = new LinkedHashMap<>();
            for (Step step : asked) {
                reads.put(step.id(), CompletableFuture.supplyAsync(() -> read(step, steps), pool));
            }
            Map<String, Holdings> holdings = new LinkedHashMap<>();
            reads.forEach((id, read) -> holdings.put(id, Futures.join(read)));
            return holdings;
        } finally {
            pool.shutdownNow();
        }
    }

    private static boolean destroysOrKeeps(Step step) {
        return step.live() != null
                && (step.action() == Action.DELETE
                        || step.action() == Action.REPLACE
                        || step.action() == Action.RETAIN);
    }

    private boolean describes(Step step) {
        return new ErasedHandler(catalog.forKind(step.kind())).describesHoldings();
    }

    private Holdings read(Step step, List<Step> steps) {
        NodeContext ctx = new NodeContext(
                step.id(), step.desired() == null ? "" : SpecHasher.hash(step.desired()), settings.progress());
        try {
            return new ErasedHandler(catalog.forKind(step.kind()))
                    .holdings(step.live(), needs.keptData(step.id(), steps), ctx);
        } catch (RuntimeException e) {
            // What a step holds only informs; the plan itself stands, and says what it could not read.
            return Holdings.unread(firstLine(e));
        }
    }

    private static String firstLine(RuntimeException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }
}

package dev.tapctl.engine;

import dev.tapctl.engine.spi.HandlerCatalog;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A plan's reads begun before tapctl's first questions to AWS (the account id, the zones) are
 * answered, so that the plan does not wait a round trip for them: nearly every resource is found
 * by its name, tags or alias, which the configuration gives. A read that would use the account
 * id or a zone (a bucket's name) is left for the plan. The plan that is given this
 * ({@link Planner#plan(ReadsAhead)}) takes each read that used what its own would use and reads
 * the others; they share one set of listings ({@link PlanReads}) and threads.
 *
 * <p>Only reads: nothing is created, changed or locked before the answers. An environment bound
 * to an account asks which account this is before anything is read (the account guard), and
 * reads ahead of the zones only.
 */
public final class ReadsAhead implements AutoCloseable {
    private final ReadExecutor executor;
    private final PlanReads reads;
    private final Map<String, CompletableFuture<ReadRound.FirstRead>> firstReads;
    private final List<CompletableFuture<List<Step>>> orphanListings;

    ReadsAhead(
            ReadExecutor executor,
            PlanReads reads,
            Map<String, CompletableFuture<ReadRound.FirstRead>> firstReads,
            List<CompletableFuture<List<Step>>> orphanListings) {
        this.executor = executor;
        this.reads = reads;
        this.firstReads = Map.copyOf(firstReads);
        this.orphanListings = List.copyOf(orphanListings);
    }

    /**
     * Begins reading {@code selection}, of the graph built without zones, with {@code settings}
     * whose account id is a placeholder when it is not known yet ({@code Unknown.ofAccount}).
     */
    public static ReadsAhead start(Selection selection, HandlerCatalog catalog, RunSettings settings) {
        return ReadRound.ahead(selection, catalog, settings);
    }

    ReadExecutor executor() {
        return executor;
    }

    PlanReads reads() {
        return reads;
    }

    Map<String, CompletableFuture<ReadRound.FirstRead>> firstReads() {
        return firstReads;
    }

    List<CompletableFuture<List<Step>>> orphanListings() {
        return orphanListings;
    }

    /** Stops what is still being read: for a plan that failed or was never made. */
    @Override
    public void close() {
        executor.close();
    }
}

package dev.tapctl.engine;

import dev.tapctl.engine.spi.AttributeChange;
import dev.tapctl.engine.spi.DeleteResult;
import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.HandlerCatalog;
import dev.tapctl.engine.spi.Outputs;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Carries out one step through its kind's handler and reports it to the progress listener, the
 * same way for apply, destroy and orphan removal: started, then finished (with the verb of what
 * actually happened) or failed, each with the time it took; within the run's wait limits, keeping
 * its ignored paths.
 */
record StepRunner(HandlerCatalog catalog, RunSettings settings) {
    /** What carrying out a step left. */
    sealed interface Result {
        /** The object as it now is, whose outputs its dependants read. */
        record Present(Object live) implements Result {}

        /** What removing (or keeping) the object did. */
        record Removed(DeleteResult result) implements Result {}

        /** Nothing was there and nothing was done. */
        record Nothing() implements Result {}
    }

    /**
     * Carries out {@code step}. A replace's own work is removing the old object (dependants first,
     * so in a teardown); its new object is the create decided again once the old one is gone.
     */
    Result run(Step step) {
        if (step instanceof Step.NoOp noOp) {
            return new Result.Present(noOp.live());
        }
        if (step instanceof Step.Absent) {
            return new Result.Nothing();
        }
        ErasedHandler handler = handler(step);
        if (step instanceof Step.Create create) {
            NodeContext ctx = context(step, "create");
            return new Result.Present(
                    timed(step.id(), "creating", () -> handler.create(create.desired(), ctx), done -> "creating"));
        }
        if (step instanceof Step.Update update) {
            return updateInPlace(step, handler, update.attributes(), update.live(), "updating");
        }
        if (step instanceof Step.Adopt adopt) {
            if (adopt.refused()) {
                // The plan is refused before any change; nothing may carry out a refused adoption.
                throw new IllegalStateException(step.id() + ": adoption refused: " + adopt.refusal());
            }
            // Taken over by the update in place every difference gets; its tags are among the
            // differences (the object has none of tapctl's), so the handler writes them too.
            return updateInPlace(step, handler, adopt.attributes(), adopt.live(), "adopting");
        }
        if (step instanceof Step.Replace replace) {
            // A replaced SNAPSHOT resource still gets its final snapshot; anything else just goes.
            DeletionPolicy policy = replace.deletionPolicy() == DeletionPolicy.SNAPSHOT
                    ? DeletionPolicy.SNAPSHOT
                    : DeletionPolicy.DELETE;
            NodeContext ctx = context(step, "delete");
            return new Result.Removed(timed(
                    step.id(),
                    "removing for replacement",
                    () -> handler.delete(replace.desired(), replace.live(), policy, ctx),
                    done -> "removing for replacement"));
        }
        if (step.action() == Action.RETAIN) {
            return new Result.Removed(retain(step, handler));
        }
        NodeContext ctx = context(step, "delete");
        return new Result.Removed(timed(
                step.id(),
                "deleting",
                () -> handler.delete(step.desired(), step.live(), step.deletionPolicy(), ctx),
                StepRunner::deletionVerb));
    }

    private Result updateInPlace(
            Step step, ErasedHandler handler, List<AttributeChange> attributes, Object live, String verb) {
        // What an ignoreChanges rule covers keeps AWS's value, and is no change to make.
        Object written = settings.ignored().written(step.id(), step.desired(), attributes);
        List<AttributeChange> changes =
                attributes.stream().filter(a -> !a.isIgnored()).toList();
        NodeContext ctx = context(step, "update", written);
        return new Result.Present(
                timed(step.id(), verb, () -> handler.update(written, live, changes, ctx), done -> verb));
    }

    /** Decided by the plan: the handler is not asked to do anything, only who the object is. */
    private DeleteResult retain(Step step, ErasedHandler handler) {
        Outputs outputs = handler.outputs(step.live());
        String identity = outputs.get("arn").or(() -> outputs.get("name")).orElse(step.name());
        settings.progress().finished(step.id(), "retaining", Duration.ZERO);
        return DeleteResult.retained(step.note().isEmpty() ? identity : identity + " (" + step.note() + ")");
    }

    private static String deletionVerb(DeleteResult result) {
        return switch (result.outcome()) {
            case SCHEDULED -> "scheduling deletion";
            case SNAPSHOTTED -> "snapshotting";
            default -> "deleting";
        };
    }

    private <T> T timed(String id, String verb, Supplier<T> work, Function<T, String> finishedVerb) {
        ProgressListener progress = settings.progress();
        long start = System.nanoTime();
        progress.started(id, verb);
        try {
            T result = work.get();
            progress.finished(id, finishedVerb.apply(result), Duration.ofNanos(System.nanoTime() - start));
            return result;
        } catch (RuntimeException | Error e) {
            progress.failed(id, verb, e, Duration.ofNanos(System.nanoTime() - start));
            throw e;
        }
    }

    /**
     * An orphan has no spec, so no spec hash. {@code operation} picks the configured bound of the
     * step's waits: removing the old object of a replacement is a delete, making its new one a create.
     */
    private NodeContext context(Step step, String operation) {
        return context(step, operation, step.desired());
    }

    /** {@code written}: the spec the step writes, whose hash the object records. */
    private NodeContext context(Step step, String operation, Object written) {
        return new NodeContext(
                step.id(),
                written == null ? "" : SpecHasher.hash(written),
                settings.progress(),
                dev.tapctl.engine.spi.SharedReads.NONE,
                settings.waitLimits().of(step.id(), step.kind(), operation).orElse(null));
    }

    private ErasedHandler handler(Step step) {
        return new ErasedHandler(catalog.forKind(step.kind()));
    }
}

package dev.tapctl.resources.support;

import dev.tapctl.engine.spi.AttributeChange;
import dev.tapctl.engine.spi.HandlerContext;
import dev.tapctl.engine.spi.Kind;
import dev.tapctl.engine.spi.Outputs;
import dev.tapctl.engine.spi.Placeholders;
import dev.tapctl.engine.spi.ResourceHandler;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * What every handler that calls AWS does the same way, written once: it serves the kind its
 * constructor names, and its create and update refuse a spec that still holds a "known after
 * apply" placeholder ({@link Placeholders}, every field of the spec) before any call, since AWS
 * would store the placeholder as if it were a real value. The engine never hands it such a
 * spec; the guard is what keeps a caller that does from reaching AWS. Kinds found by name also
 * get create-or-adopt here.
 *
 * @param <S> the desired spec record
 * @param <L> the live view record
 */
public abstract class AwsResourceHandler<S, L> implements ResourceHandler<S, L> {
    private final Kind<S> kind;

    protected AwsResourceHandler(Kind<S> kind) {
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    @Override
    public final Kind<S> kind() {
        return kind;
    }

    @Override
    public final L create(S desired, HandlerContext ctx) {
        Placeholders.requireKnown(kind + " " + ctx.logicalId(), desired);
        return createKnown(desired, ctx);
    }

    @Override
    public final L update(S desired, L live, List<AttributeChange> changes, HandlerContext ctx) {
        Placeholders.requireKnown(kind + " " + ctx.logicalId(), desired);
        return updateKnown(desired, live, changes, ctx);
    }

    /**
     * Create-or-adopt, for kinds whose objects are found by name: {@code create}, or, when it fails
     * with {@code conflict} because an object of that name exists (a run that stopped after creating
     * it and before recording it, or one made by hand), the existing object read, compared and
     * brought to the spec with this handler's own read, diff and update, so the create still ends
     * with the object as the spec says. A conflict whose object cannot be read back is thrown as it
     * was.
     */
    protected final L createOrAdopt(
            S desired, HandlerContext ctx, Class<? extends RuntimeException> conflict, Supplier<L> create) {
        return createOrAdopt(desired, ctx, conflict::isInstance, create);
    }

    /** {@link #createOrAdopt}, for a conflict {@code isConflict} recognises. */
    protected final L createOrAdopt(
            S desired, HandlerContext ctx, Predicate<? super RuntimeException> isConflict, Supplier<L> create) {
        try {
            return create.get();
        } catch (RuntimeException e) {
            if (!isConflict.test(e)) {
                throw e;
            }
            L existing = read(desired, ctx).orElseThrow(() -> e);
            return update(desired, existing, diff(desired, existing), ctx);
        }
    }

    /**
     * The outputs the kind's spec declares, each the live view's component of the same name
     * ({@link DeclaredOutputs}); a kind whose output is computed or named otherwise writes its own.
     */
    @Override
    public Outputs outputs(L live) {
        return DeclaredOutputs.of(kind.specType(), live);
    }

    /** {@link #create}, with every field of {@code desired} known. */
    protected abstract L createKnown(S desired, HandlerContext ctx);

    /** {@link #update}, with every field of {@code desired} known. */
    protected abstract L updateKnown(S desired, L live, List<AttributeChange> changes, HandlerContext ctx);
}

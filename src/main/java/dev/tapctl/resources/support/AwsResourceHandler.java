package dev.tapctl.resources.support;

import dev.tapctl.engine.spi.AttributeChange;
import dev.tapctl.engine.spi.HandlerContext;
import dev.tapctl.engine.spi.Kind;
import dev.tapctl.engine.spi.Placeholders;
import dev.tapctl.engine.spi.ResourceHandler;
import java.util.List;
import java.util.Objects;

/**
 * What every handler that calls AWS does the same way, written once: it serves the kind its
 * constructor names, and its create and update refuse a spec that still holds a "known after
 * apply" placeholder ({@link Placeholders}, every field of the spec) before any call, since AWS
 * would store the placeholder as if it were a real value. The engine never hands it such a
 * spec; the guard is what keeps a caller that does from reaching AWS.
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

    /** {@link #create}, with every field of {@code desired} known. */
    protected abstract L createKnown(S desired, HandlerContext ctx);

    /** {@link #update}, with every field of {@code desired} known. */
    protected abstract L updateKnown(S desired, L live, List<AttributeChange> changes, HandlerContext ctx);
}

package dev.tapctl.resources.support;

import dev.tapctl.engine.spi.HandlerContext;
import dev.tapctl.engine.spi.ResourceHandler;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Create-or-adopt, for kinds whose objects are found by name: when the create call fails because
 * an object of that name exists (a run that stopped after creating it and before recording it, or
 * one made by hand), the existing object is read, compared and brought to the spec with the
 * handler's own read, diff and update, so the create still ends with the object as the spec says.
 * A conflict whose object cannot be read back is thrown as it was.
 */
public final class Adoption {
    private Adoption() {}

    /** {@code create}, or on an error of one of {@code conflicts} the existing object adopted. */
    @SafeVarargs
    public static <S, L> L createOrAdopt(
            ResourceHandler<S, L> handler,
            S desired,
            HandlerContext ctx,
            Supplier<L> create,
            Class<? extends RuntimeException>... conflicts) {
        return createOrAdopt(handler, desired, ctx, create, Missing.anyOf(conflicts));
    }

    /** {@code create}, or on an error {@code conflict} accepts the existing object adopted. */
    public static <S, L> L createOrAdopt(
            ResourceHandler<S, L> handler,
            S desired,
            HandlerContext ctx,
            Supplier<L> create,
            Predicate<? super RuntimeException> conflict) {
        try {
            return create.get();
        } catch (RuntimeException e) {
            if (!conflict.test(e)) {
                throw e;
            }
            L existing = handler.read(desired, ctx).orElseThrow(() -> e);
            return handler.update(desired, existing, handler.diff(desired, existing), ctx);
        }
    }
}

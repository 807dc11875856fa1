package dev.tapctl.resources.support;

import dev.tapctl.engine.spi.HandlerContext;
import dev.tapctl.engine.spi.ResourceHandler;

/**
 * The object a create just made, read back with the handler's own read, for kinds whose create
 * call does not answer everything the live view holds. An object the read cannot find right after
 * its create is an error, never taken for absent.
 */
public final class Created {
    private Created() {}

    /** The object read back; {@code what} names it ("queue NAME") in the error when it is not found. */
    public static <S, L> L readBack(ResourceHandler<S, L> handler, S desired, HandlerContext ctx, String what) {
        return handler.read(desired, ctx)
                .orElseThrow(() -> new IllegalStateException(what + " was created but cannot be read back"));
    }
}

package dev.tapctl.engine.spi;

/**
 * A kind whose teardown depends on the spec (a key's deletion window, a secret's recovery window).
 * The engine deletes it through this method instead of {@link ResourceHandler#delete}, and never
 * with RETAIN ({@link Deletions}).
 *
 * @param <S> the desired spec record
 * @param <L> the live view record
 */
public interface DeletesBySpec<S, L> {

    /**
     * Like {@link ResourceHandler#delete}; {@code desired} is the spec as configured, or null for
     * an orphan (which has no configuration any more).
     */
    DeleteResult delete(S desired, L live, DeletionPolicy policy, HandlerContext ctx);
}

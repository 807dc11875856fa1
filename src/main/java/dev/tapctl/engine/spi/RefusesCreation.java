package dev.tapctl.engine.spi;

import java.util.Optional;

/**
 * A kind AWS may refuse to create as its spec says (a database engine version RDS no longer
 * offers). A plan or apply asks about every resource it is to create, absent or replaced, before
 * anything changes, so that what cannot be created stops the run before it starts rather than half
 * way through; an object that exists is never asked about. Kinds AWS creates as asked (most) do
 * not have this capability.
 *
 * @param <S> the desired spec record
 */
public interface RefusesCreation<S> {

    /**
     * Why AWS would refuse to create {@code desired} in this account and region as things stand;
     * empty when it would not. Like {@link ResourceHandler#read}, {@code desired} may hold
     * {@link Unknown} placeholders, which are never sent to AWS.
     */
    Optional<CreationRefusal> creationRefusal(S desired, HandlerContext ctx);
}

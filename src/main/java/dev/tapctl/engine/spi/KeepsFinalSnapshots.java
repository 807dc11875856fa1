package dev.tapctl.engine.spi;

import java.util.List;

/**
 * A kind whose delete can take a final snapshot (deletion policy SNAPSHOT). Only these kinds are
 * handed SNAPSHOT; for any other kind it is refused before the handler is asked ({@link Deletions}).
 *
 * @param <S> the desired spec record
 */
public interface KeepsFinalSnapshots<S> {

    /**
     * The names of the final snapshots that earlier destroys took of this resource and that still
     * exist. They outlive the object, and so do their needs: the key that encrypts them, the
     * secret that holds their password. The engine asks only while planning a destroy, and only
     * when {@link ResourceHandler#read} found no object (a live one keeps what it needs anyway);
     * like {@code read}, {@code desired} may hold {@link Unknown} placeholders.
     */
    List<String> finalSnapshots(S desired, HandlerContext ctx);
}

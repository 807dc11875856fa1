package dev.tapctl.resources.support;

import dev.tapctl.engine.spi.AttributeChange;
import dev.tapctl.engine.spi.ResourceHandler;
import java.util.List;

/**
 * A kind none of whose attributes tapctl changes once the object exists: what finds it is all it
 * is (a usage plan key, an SNS subscription), or what is there is never changed (the API Gateway
 * account's role). Its diff is always empty, so the engine never plans an update of it.
 */
public interface NothingToUpdate<S, L> extends ResourceHandler<S, L> {
    @Override
    default List<AttributeChange> diff(S desired, L live) {
        return List.of();
    }
}

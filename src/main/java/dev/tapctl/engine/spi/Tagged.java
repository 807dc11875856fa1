package dev.tapctl.engine.spi;

import java.util.Map;
import java.util.Optional;

/** A live view that carries AWS tags, or a spec that declares the tags its object is written and found with. */
public interface Tagged {
    Map<String, String> tags();

    default Optional<String> specHashTag() {
        return Optional.ofNullable(tags().get(Tags.SPEC_HASH));
    }
}

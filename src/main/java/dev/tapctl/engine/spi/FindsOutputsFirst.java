package dev.tapctl.engine.spi;

import java.util.Optional;

/**
 * Marks a kind whose outputs are all known from the first call of its read, before the rest of
 * it (a REST API's id, from the listing that finds it by name and tag, before its resources and
 * gateway responses are read). During a plan the kinds that {@link ReadsUpstreamOutputs} of it
 * (a stage, by that id) are read with these as soon as they are known, a round of calls earlier;
 * their decisions still check that the outputs decided are the ones they were read with.
 * Ignored for a kind that itself reads upstream outputs.
 */
public interface FindsOutputsFirst<S> {

    /**
     * The outputs of the object {@link ResourceHandler#read} finds for {@code desired}, from the
     * same first call (shared within the plan through {@link HandlerContext#reads}, so that it is
     * made once for both); empty when they are not known that way (no such object, or one this
     * call does not find): the engine then takes them from the whole read.
     */
    Optional<Outputs> outputsFound(S desired, HandlerContext ctx);
}

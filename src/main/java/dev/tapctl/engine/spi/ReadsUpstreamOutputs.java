package dev.tapctl.engine.spi;

/**
 * Marks a kind whose {@link ResourceHandler#read} looks its object up by a value another resource
 * outputs (a stage by its REST API's id). A plan reads every other kind in its first round, before
 * the outputs of its dependencies are known; these wait for them.
 */
public interface ReadsUpstreamOutputs {}

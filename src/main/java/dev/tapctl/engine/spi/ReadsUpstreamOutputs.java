package dev.tapctl.engine.spi;

/**
 * Marks a kind whose {@link ResourceHandler#read} looks its object up by a value another resource
 * outputs (a stage by its REST API's id). A plan reads every other kind at once, before the
 * outputs of its dependencies are known; these are read as soon as their dependencies' outputs
 * are known from those dependencies' reads (or from their first call, see {@link
 * FindsOutputsFirst}), and read again if the decisions give them other outputs (an upstream to
 * be created or replaced).
 */
public interface ReadsUpstreamOutputs {}

package dev.tapctl.engine.spi;

/**
 * Marks a kind whose {@link ResourceHandler#read} looks its object up by a value another resource
 * outputs (a stage by its REST API's id). A plan reads every other kind at once, before the
 * outputs of its dependencies are known; these are read as soon as the outputs their read looks
 * the object up by ({@link #readsBy}) are known from those dependencies' reads (or from their
 * first call, see {@link FindsOutputsFirst}), and read again if the decisions give them other
 * ones (an upstream to be created or replaced).
 */
public interface ReadsUpstreamOutputs<S> extends ReadsBy<S> {

    /**
     * The part of {@code spec} the read uses, and the only part: the read is made as soon as it
     * holds no placeholder, and serves the decision when it equals that of the spec decided. By
     * default the whole spec, so the read waits for every upstream's outputs and is made again
     * when the spec decided differs in anything. A stage says its API's id and its name: its
     * deployment's fingerprint, which waits for the routes' read, is compared, not looked up by.
     */
    @Override
    default Object readsBy(S spec) {
        return spec;
    }
}

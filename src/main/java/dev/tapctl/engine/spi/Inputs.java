package dev.tapctl.engine.spi;

/**
 * What a resource's desired spec may depend on: the account, the region and the outputs of the
 * resources it depends on. During a plan, an output that does not exist yet is an
 * {@link Unknown} placeholder, never null.
 */
public interface Inputs {
    String accountId();

    String region();

    /**
     * Output {@code key} of upstream resource {@code id}; the id must be a dependency. The stack
     * never calls this (ArchitectureTest): it reads with {@link #get} and the refs its declarations
     * return, so that what it reads is what it depends on. Engine tests build graphs with it.
     */
    String output(String id, String key);

    /** Output {@code key} of the declared resource {@code ref}: both checked by the compiler. */
    default <S> String get(Ref<S> ref, OutputKey<S> key) {
        return output(ref.id(), key.name());
    }
}

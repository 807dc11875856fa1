package dev.tapctl.engine.spi;

import java.util.Optional;

/** Where a kind records the {@code tapctl:spec-hash} of the spec it was last written with. */
public final class SpecHashes {
    private SpecHashes() {}

    /** False for kinds AWS cannot tag ({@link Untagged}). */
    public static boolean recordedBy(ResourceHandler<?, ?> handler) {
        return !(handler instanceof Untagged);
    }

    /** The hash {@code live} carries, if any: read from its tags when the live view has them ({@link Tagged}). */
    public static Optional<String> applied(ResourceHandler<?, ?> handler, Object live) {
        return live instanceof Tagged tagged ? tagged.specHashTag() : Optional.empty();
    }
}

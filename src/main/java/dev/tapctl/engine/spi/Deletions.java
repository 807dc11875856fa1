package dev.tapctl.engine.spi;

import java.util.Optional;
import java.util.TreeMap;

/**
 * Deletion by policy, decided here once for every kind: RETAIN keeps the object without asking
 * the handler (so no AWS call is made), SNAPSHOT is handed only to kinds that take final snapshots
 * ({@link KeepsFinalSnapshots}) and refused for the others, and a kind whose teardown depends on
 * its spec ({@link DeletesBySpec}) gets the spec. A handler's delete therefore only ever sees
 * DELETE, or SNAPSHOT when it keeps snapshots.
 */
public final class Deletions {
    private Deletions() {}

    /**
     * Deletes {@code live} as {@code policy} says; {@code desired} is the spec as configured, or
     * null for an orphan.
     */
    @SuppressWarnings("unchecked")
    public static <S, L> DeleteResult byPolicy(
            ResourceHandler<S, L> handler, S desired, L live, DeletionPolicy policy, HandlerContext ctx) {
        if (policy == DeletionPolicy.RETAIN) {
            return DeleteResult.retained(identity(handler.outputs(live)));
        }
        if (policy == DeletionPolicy.SNAPSHOT && !(handler instanceof KeepsFinalSnapshots)) {
            throw new IllegalArgumentException(handler.kind() + " " + identity(handler.outputs(live))
                    + ": deletion policy SNAPSHOT is not supported for " + handler.kind()
                    + " (it has no snapshots); use RETAIN or DELETE");
        }
        if (handler instanceof DeletesBySpec<?, ?> bySpec) {
            return ((DeletesBySpec<S, L>) bySpec).delete(desired, live, policy, ctx);
        }
        return handler.delete(live, policy, ctx);
    }

    /** How a kept or refused object is named: its name output, else its ARN, else its first output. */
    static String identity(Outputs outputs) {
        Optional<String> named = outputs.get("name").or(() -> outputs.get("arn"));
        return named.orElseGet(() ->
                new TreeMap<>(outputs.values()).values().stream().findFirst().orElse(""));
    }
}

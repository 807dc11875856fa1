package dev.tapctl.engine.spi;

import java.util.Map;
import java.util.Optional;

/**
 * Marks a kind found by its ownership tags rather than by a name (a VPC, a subnet, an instance):
 * an object of it made elsewhere is adopted by {@code tapctl import ID PHYSICAL_ID}, which tags it
 * so that the handler's read finds it. A kind found by its deterministic name needs no import: its
 * read finds an object of that name whoever made it.
 *
 * @param <S> the desired spec record
 * @param <L> the live view record
 */
public interface Imports<S, L extends Tagged> {

    /** How an object of this kind is found by its id and recorded as adopted. */
    ById<S, L> byId();

    /** One kind's objects by their physical id. */
    interface ById<S, L extends Tagged> {
        /**
         * What every id of the kind starts with ({@code vpc-}): an id without it is another
         * kind's, refused before any call.
         */
        String idPrefix();

        /**
         * The object with {@code id} in the clients' region, whatever its tags; empty when AWS
         * answers that there is none (ids are regional: not here).
         */
        Optional<Found<L>> describe(String id, HandlerContext ctx);

        /** The physical id of a live object of the kind. */
        String idOf(L live);

        /**
         * The tags of {@code desired} that the kind's read finds its object by: what an import
         * writes, and nothing else (the next apply writes the rest).
         */
        Map<String, String> findingTags(S desired);

        /** Adds {@code tags} to the object {@code id}; its other tags stay as they are. */
        void tag(String id, Map<String, String> tags, HandlerContext ctx);
    }

    /**
     * An object found by its id. {@code ownerAccount}: the account AWS says owns it (an object
     * shared from another account is visible in this one), empty when the kind does not say.
     * {@code refusal}: why an object of this kind cannot be adopted although it exists (a main
     * route table, a terminated instance), empty when it can.
     */
    record Found<L>(L live, String ownerAccount, String refusal) {
        public Found {
            ownerAccount = ownerAccount == null ? "" : ownerAccount;
            refusal = refusal == null ? "" : refusal;
        }

        public static <L> Found<L> of(L live, String ownerAccount) {
            return new Found<>(live, ownerAccount, "");
        }
    }
}

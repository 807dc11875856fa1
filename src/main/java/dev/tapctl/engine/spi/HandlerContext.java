package dev.tapctl.engine.spi;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** What a handler may know about the run while it works on one resource. */
public interface HandlerContext {

    /** Logical id of the resource being handled, e.g. {@code network.vpc}. */
    String logicalId();

    /** Hash of the desired spec; written as the {@code tapctl:spec-hash} tag on create and update. */
    String specHash();

    /** The spec's ownership tags plus the spec hash: what a create or update writes. */
    default Map<String, String> tagsToWrite(Map<String, String> specTags) {
        var all = new java.util.TreeMap<>(specTags);
        all.put(Tags.SPEC_HASH, specHash());
        return all;
    }

    /** Reports progress of a long step, e.g. "waiting for available". */
    void status(String message);

    /**
     * The bound configured for this resource's waits in the step under way
     * ({@code timeouts.<id or kind>.<create|update|delete>}); empty: the handler's built-in bound.
     */
    default Optional<Duration> waitLimit() {
        return Optional.empty();
    }

    /**
     * Reports a wait for {@code forWhat} ("available") that may last up to {@code limit}, so that
     * progress can show how long it has waited of its limit.
     */
    default void waiting(String forWhat, Duration limit) {
        status("waiting for " + forWhat);
    }

    /** Listings shared with the other resources of this plan; {@link SharedReads#NONE} outside a plan. */
    default SharedReads reads() {
        return SharedReads.NONE;
    }

    /**
     * Makes a read's independent calls at the same time during a plan; {@link ReadsAtOnce#NONE}
     * (one after another) outside a plan.
     */
    default ReadsAtOnce atOnce() {
        return ReadsAtOnce.NONE;
    }
}

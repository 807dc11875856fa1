package dev.tapctl.engine.spi;

import java.util.Map;

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

    /** Listings shared with the other resources of this plan; {@link SharedReads#NONE} outside a plan. */
    default SharedReads reads() {
        return SharedReads.NONE;
    }
}

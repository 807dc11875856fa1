package dev.tapctl.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.tapctl.engine.spi.AttributeChange;
import dev.tapctl.engine.spi.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The create / update / replace / no-op decision and its reason, made here once for every kind.
 * Drift and configuration changes are told apart by the spec hash the live object carries.
 */
final class Decider {
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    record Decision(Action action, Reason reason, List<AttributeChange> attributes) {
    }

    static Decision decide(ErasedHandler handler, Object desired, Optional<Object> live) {
        if (live.isEmpty()) {
            return new Decision(Action.CREATE, Reason.ABSENT, creationAttributes(desired));
        }
        String desiredHash = SpecHasher.hash(desired);
        Optional<String> appliedHash = handler.appliedSpecHash(live.get());
        List<AttributeChange> changes = new ArrayList<>(handler.diff(desired, live.get()));
        boolean sameSpec = appliedHash.isPresent() && appliedHash.get().equals(desiredHash);
        if (changes.isEmpty()) {
            if (sameSpec || !handler.recordsSpecHash()) {
                return new Decision(Action.NO_OP, null, List.of());
            }
            // Only the recorded hash is stale (or missing): the object matches, the record does not.
            changes.add(AttributeChange.of("tags." + Tags.SPEC_HASH, appliedHash.orElse(null), desiredHash));
            return new Decision(Action.UPDATE, Reason.CONFIG, changes);
        }
        Reason reason = sameSpec ? Reason.DRIFT : Reason.CONFIG;
        boolean replace = changes.stream().anyMatch(AttributeChange::forcesReplace);
        return new Decision(replace ? Action.REPLACE : Action.UPDATE, reason, changes);
    }

    /** A create shows every top-level field of the spec, absent before. */
    @SuppressWarnings("unchecked")
    private static List<AttributeChange> creationAttributes(Object desired) {
        Map<String, Object> fields = JSON.convertValue(desired, Map.class);
        List<AttributeChange> attributes = new ArrayList<>();
        fields.forEach((key, value) -> attributes.add(AttributeChange.of(key, null, value)));
        return attributes;
    }
}

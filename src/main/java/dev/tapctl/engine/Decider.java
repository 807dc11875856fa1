package dev.tapctl.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.tapctl.engine.spi.AttributeChange;
import dev.tapctl.engine.spi.ResourceDef;
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

    /** The step for {@code def} whose spec is {@code desired}, {@code live} being what was found of it. */
    static Step decide(ResourceDef<?> def, ErasedHandler handler, Object desired, Optional<Object> live) {
        String kind = def.kind().name();
        if (live.isEmpty()) {
            return new Step.Create(
                    def.id(),
                    kind,
                    def.name(),
                    creationAttributes(desired),
                    def.dependsOn(),
                    def.deletionPolicy(),
                    desired);
        }
        Object found = live.get();
        String desiredHash = SpecHasher.hash(desired);
        Optional<String> appliedHash = handler.appliedSpecHash(found);
        List<AttributeChange> changes = new ArrayList<>(handler.diff(desired, found));
        boolean sameSpec = appliedHash.isPresent() && appliedHash.get().equals(desiredHash);
        if (changes.isEmpty()) {
            if (sameSpec || !handler.recordsSpecHash()) {
                return new Step.NoOp(def.id(), kind, def.name(), def.dependsOn(), def.deletionPolicy(), desired, found);
            }
            // Only the recorded hash is stale (or missing): the object matches, the record does not.
            changes.add(AttributeChange.of("tags." + Tags.SPEC_HASH, appliedHash.orElse(null), desiredHash));
            return new Step.Update(
                    def.id(),
                    kind,
                    def.name(),
                    Reason.CONFIG,
                    changes,
                    def.dependsOn(),
                    def.deletionPolicy(),
                    desired,
                    found);
        }
        Reason reason = sameSpec ? Reason.DRIFT : Reason.CONFIG;
        return changes.stream().anyMatch(AttributeChange::forcesReplace)
                ? new Step.Replace(
                        def.id(),
                        kind,
                        def.name(),
                        reason,
                        changes,
                        def.dependsOn(),
                        def.deletionPolicy(),
                        desired,
                        found)
                : new Step.Update(
                        def.id(),
                        kind,
                        def.name(),
                        reason,
                        changes,
                        def.dependsOn(),
                        def.deletionPolicy(),
                        desired,
                        found);
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

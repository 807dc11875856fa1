package dev.tapctl.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.tapctl.engine.spi.AttributeChange;
import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.ResourceDef;
import dev.tapctl.engine.spi.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The create / update / replace / no-op / adopt decision and its reason, made here once for every
 * kind. Drift and configuration changes are told apart by the spec hash the live object carries;
 * an object tapctl did not make (no tapctl tag, see {@link Provenance}) is adopted instead.
 */
final class Decider {
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    /** The step for {@code def}, no path of it ignored. */
    static Step decide(ResourceDef<?> def, ErasedHandler handler, Object desired, Optional<Object> live) {
        return decide(def, handler, desired, live, IgnoredPaths.NONE);
    }

    /**
     * The step for {@code def} whose spec is {@code desired}, {@code live} being what was found of
     * it. A difference at a path of {@code ignored} is kept in the step, marked, but is no change:
     * a step with nothing else is a no-op, and the spec apply writes keeps AWS's value there (see
     * {@link IgnoredPaths#written}). The spec hash the object should carry is then the written
     * spec's; the configured spec's hash also counts as current, since an object that drifted at
     * an ignored path still carries the hash it was last written with.
     */
    static Step decide(
            ResourceDef<?> def, ErasedHandler handler, Object desired, Optional<Object> live, IgnoredPaths ignored) {
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
        List<AttributeChange> differences = handler.diff(desired, found);
        boolean anyIgnored = differences.stream().anyMatch(c -> ignored.covers(def.id(), c));
        // Marked provisionally so that the written spec can be worked out; the mark is set below.
        List<AttributeChange> marked = differences.stream()
                .map(c -> ignored.covers(def.id(), c) ? c.ignoredAs(AttributeChange.Ignored.DRIFT) : c)
                .toList();
        Object written = anyIgnored ? writtenKeepingLiveValues(def, handler, desired, found, marked, ignored) : desired;
        String desiredHash = SpecHasher.hash(desired);
        String writtenHash = anyIgnored ? SpecHasher.hash(written) : desiredHash;
        Optional<String> appliedHash = handler.appliedSpecHash(found);
        boolean asConfigured = appliedHash.filter(desiredHash::equals).isPresent();
        boolean asWritten = appliedHash.filter(writtenHash::equals).isPresent();
        boolean sameSpec = asConfigured || asWritten;
        // The object is as tapctl last wrote it, so the configuration moved at an ignored path.
        AttributeChange.Ignored why =
                asWritten && !asConfigured ? AttributeChange.Ignored.CONFIG : AttributeChange.Ignored.DRIFT;
        List<AttributeChange> changes = new ArrayList<>(
                marked.stream().map(c -> c.isIgnored() ? c.ignoredAs(why) : c).toList());
        Provenance provenance = Provenance.of(desired, found);
        if (provenance.owner() != Provenance.Owner.THIS_ENVIRONMENT) {
            return adopt(def, changes, desired, found, provenance);
        }
        Reason reason = sameSpec ? Reason.DRIFT : Reason.CONFIG;
        boolean nothingToChange = changes.stream().allMatch(AttributeChange::isIgnored);
        if (nothingToChange) {
            if (sameSpec || !handler.recordsSpecHash()) {
                return new Step.NoOp(
                        def.id(), kind, def.name(), changes, def.dependsOn(), def.deletionPolicy(), desired, found);
            }
            // Only the recorded hash is stale (or missing): the object matches, the record does not.
            // An update for the reason CONFIG (sameSpec is false here), which the hash's change,
            // forcing no replacement, cannot turn into a replace.
            changes.add(AttributeChange.of("tags." + Tags.SPEC_HASH, appliedHash.orElse(null), writtenHash));
        }
        if (changes.stream().anyMatch(c -> c.forcesReplace() && !c.isIgnored())) {
            return new Step.Replace(
                    def.id(), kind, def.name(), reason, changes, def.dependsOn(), def.deletionPolicy(), desired, found);
        }
        return new Step.Update(
                def.id(), kind, def.name(), reason, changes, def.dependsOn(), def.deletionPolicy(), desired, found);
    }

    /**
     * An object found under the resource's name that tapctl did not make: adopted, by the same
     * update in place as any other difference, unless only a replacement could make it as the spec
     * says (tapctl never replaces what it adopts: the object is someone else's, and may hold data)
     * or another tapctl environment or project owns it.
     */
    private static Step adopt(
            ResourceDef<?> def, List<AttributeChange> changes, Object desired, Object found, Provenance provenance) {
        String refusal =
                provenance.owner() == Provenance.Owner.ANOTHER ? provenance.why() : replacementRefusal(def, changes);
        return new Step.Adopt(
                def.id(),
                def.kind().name(),
                def.name(),
                changes,
                def.dependsOn(),
                def.deletionPolicy(),
                desired,
                found,
                refusal);
    }

    /** Why adopting would need a replacement, naming each attribute; empty when it would not. */
    private static String replacementRefusal(ResourceDef<?> def, List<AttributeChange> changes) {
        List<String> forcing = changes.stream()
                .filter(c -> c.forcesReplace() && !c.isIgnored())
                .map(c -> c.path() + " " + shown(c.before()) + " -> " + shown(c.after()))
                .toList();
        if (forcing.isEmpty()) {
            return "";
        }
        String data = def.deletionPolicy() == DeletionPolicy.DELETE ? "" : ", which would destroy what it holds";
        return "it carries no tapctl tags (made by hand or by another tool), and adopting it would replace it"
                + data + ": " + String.join(", ", forcing) + (forcing.size() == 1 ? " forces" : " force")
                + " a replacement. tapctl never replaces an object it adopts: make the configuration match it, "
                + "or delete or rename the object yourself";
    }

    private static String shown(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return String.valueOf(value);
        }
    }

    /**
     * The spec an update would write, and the proof that it leaves the ignored paths alone: the
     * handler, asked again, finds no difference left at any of them. A live value that does not
     * fit the spec, or a handler that names the difference at a path the spec does not hold, fails
     * the plan rather than letting apply write the configured value back.
     */
    private static Object writtenKeepingLiveValues(
            ResourceDef<?> def,
            ErasedHandler handler,
            Object desired,
            Object found,
            List<AttributeChange> marked,
            IgnoredPaths ignored) {
        Object written;
        try {
            written = ignored.written(def.id(), desired, marked);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(
                    def.id() + ": ignoreChanges: cannot keep " + ignoredPaths(marked) + " as AWS has it: "
                            + e.getMessage(),
                    e);
        }
        List<String> left = handler.diff(written, found).stream()
                .filter(c -> ignored.covers(def.id(), c))
                .map(AttributeChange::path)
                .toList();
        if (!left.isEmpty()) {
            throw new IllegalStateException(def.id() + ": ignoreChanges: cannot keep " + String.join(", ", left)
                    + " as AWS has it: the value AWS reports does not fit the spec ("
                    + def.kind().name() + ")");
        }
        return written;
    }

    private static String ignoredPaths(List<AttributeChange> marked) {
        return String.join(
                ", ",
                marked.stream()
                        .filter(AttributeChange::isIgnored)
                        .map(AttributeChange::path)
                        .toList());
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

package dev.tapctl.engine;

import dev.tapctl.engine.spi.AttributeChange;
import dev.tapctl.engine.spi.DeletionPolicy;
import java.util.List;

/**
 * What a plan does to one resource: one record per action, each holding only what that action has
 * (a create has no live object, an orphan no configuration). Renderers and the plan read every
 * step alike through the accessors here; the engine carries a step out by its record.
 */
public sealed interface Step {
    String id();

    String kind();

    String name();

    /** The word and symbol plan JSON and text show. */
    Action action();

    /** Why the step changes something; null for one that changes nothing. */
    Reason reason();

    /** The attributes that differ (for a create: every top-level field of the spec). */
    default List<AttributeChange> attributes() {
        return List.of();
    }

    List<String> dependsOn();

    DeletionPolicy deletionPolicy();

    /** Whether the step holds a difference an {@code ignoreChanges} rule leaves as it is. */
    default boolean ignoresDifferences() {
        return attributes().stream().anyMatch(AttributeChange::isIgnored);
    }

    /** Says why, where the action alone does not (why destroy keeps something). */
    default String note() {
        return "";
    }

    /**
     * The spec as configured, as far as the plan knows it; null for an orphan, which has no
     * configuration. For renderers, which show every step alike.
     */
    Object desired();

    /**
     * The object the plan found, kept so that carrying the step out needs no second read; null
     * when there is none (a create, an absent resource). For renderers, which show every step alike.
     */
    Object live();

    /** An absent resource, to be created. */
    record Create(
            String id,
            String kind,
            String name,
            List<AttributeChange> attributes,
            List<String> dependsOn,
            DeletionPolicy deletionPolicy,
            Object desired)
            implements Step {
        public Create {
            attributes = List.copyOf(attributes);
            dependsOn = List.copyOf(dependsOn);
        }

        @Override
        public Action action() {
            return Action.CREATE;
        }

        @Override
        public Reason reason() {
            return Reason.ABSENT;
        }

        @Override
        public Object live() {
            return null;
        }
    }

    /** An object that differs from its spec in attributes that can be changed in place. */
    record Update(
            String id,
            String kind,
            String name,
            Reason reason,
            List<AttributeChange> attributes,
            List<String> dependsOn,
            DeletionPolicy deletionPolicy,
            Object desired,
            Object live)
            implements Step {
        public Update {
            attributes = List.copyOf(attributes);
            dependsOn = List.copyOf(dependsOn);
        }

        @Override
        public Action action() {
            return Action.UPDATE;
        }
    }

    /** An object that differs from its spec in at least one attribute that only a new object can change. */
    record Replace(
            String id,
            String kind,
            String name,
            Reason reason,
            List<AttributeChange> attributes,
            List<String> dependsOn,
            DeletionPolicy deletionPolicy,
            Object desired,
            Object live)
            implements Step {
        public Replace {
            attributes = List.copyOf(attributes);
            dependsOn = List.copyOf(dependsOn);
        }

        @Override
        public Action action() {
            return Action.REPLACE;
        }

        /** The attributes that force the replacement. */
        public List<AttributeChange> forcing() {
            return attributes.stream().filter(AttributeChange::forcesReplace).toList();
        }
    }

    /**
     * An object found by its name that tapctl did not make (it carries no tapctl tag: made by hand
     * or by another tool), taken over by tagging it and bringing the attributes that differ to the
     * spec in place. {@code refusal} is empty when it can be adopted; otherwise why not: a
     * difference that only a new object could make (an adopted object is never replaced), or tags
     * that say another tapctl environment or project owns it. A plan with a refused adoption is
     * refused before anything changes ({@link AdoptionRefusedException}).
     */
    record Adopt(
            String id,
            String kind,
            String name,
            List<AttributeChange> attributes,
            List<String> dependsOn,
            DeletionPolicy deletionPolicy,
            Object desired,
            Object live,
            String refusal)
            implements Step {
        public Adopt {
            attributes = List.copyOf(attributes);
            dependsOn = List.copyOf(dependsOn);
            refusal = refusal == null ? "" : refusal;
        }

        @Override
        public Action action() {
            return Action.ADOPT;
        }

        @Override
        public Reason reason() {
            return Reason.UNMANAGED;
        }

        /** Whether the object cannot be adopted; {@link #refusal} says why. */
        public boolean refused() {
            return !refusal.isEmpty();
        }

        @Override
        public String note() {
            return refused() ? "refused: " + refusal : "";
        }

        /** The differences only a replacement could make, which adoption refuses. */
        public List<AttributeChange> forcing() {
            return attributes.stream()
                    .filter(a -> a.forcesReplace() && !a.isIgnored())
                    .toList();
        }
    }

    /**
     * An object that matches its spec, but for the differences in {@code attributes}, if any:
     * each one an {@code ignoreChanges} rule leaves as it is.
     */
    record NoOp(
            String id,
            String kind,
            String name,
            List<AttributeChange> attributes,
            List<String> dependsOn,
            DeletionPolicy deletionPolicy,
            Object desired,
            Object live)
            implements Step {
        public NoOp {
            attributes = List.copyOf(attributes);
            dependsOn = List.copyOf(dependsOn);
            if (attributes.stream().anyMatch(a -> !a.isIgnored())) {
                throw new IllegalArgumentException(id + ": a no-op has only ignored differences");
            }
        }

        /** An object that matches its spec exactly. */
        public NoOp(
                String id,
                String kind,
                String name,
                List<String> dependsOn,
                DeletionPolicy deletionPolicy,
                Object desired,
                Object live) {
            this(id, kind, name, List.of(), dependsOn, deletionPolicy, desired, live);
        }

        @Override
        public Action action() {
            return Action.NO_OP;
        }

        @Override
        public Reason reason() {
            return null;
        }
    }

    /** A configured resource a destroy finds nothing of: nothing to do. */
    record Absent(
            String id, String kind, String name, List<String> dependsOn, DeletionPolicy deletionPolicy, Object desired)
            implements Step {
        public Absent {
            dependsOn = List.copyOf(dependsOn);
        }

        @Override
        public Action action() {
            return Action.NO_OP;
        }

        @Override
        public Reason reason() {
            return null;
        }

        @Override
        public Object live() {
            return null;
        }
    }

    /** A configured object a destroy removes, by its deletion policy (SNAPSHOT: after a final snapshot). */
    record Delete(
            String id,
            String kind,
            String name,
            List<String> dependsOn,
            DeletionPolicy deletionPolicy,
            Object desired,
            Object live,
            String note)
            implements Step {
        public Delete {
            dependsOn = List.copyOf(dependsOn);
            note = note == null ? "" : note;
        }

        @Override
        public Action action() {
            return Action.DELETE;
        }

        @Override
        public Reason reason() {
            return Reason.DESTROY;
        }

        /** The same object kept instead, for the reason {@code why}. */
        Retain kept(String why) {
            return new Retain(id, kind, name, dependsOn, deletionPolicy, desired, live, why);
        }
    }

    /** A configured object a destroy leaves as it is: its policy says so, or retained data needs it. */
    record Retain(
            String id,
            String kind,
            String name,
            List<String> dependsOn,
            DeletionPolicy deletionPolicy,
            Object desired,
            Object live,
            String note)
            implements Step {
        public Retain {
            dependsOn = List.copyOf(dependsOn);
            note = note == null ? "" : note;
        }

        @Override
        public Action action() {
            return Action.RETAIN;
        }

        @Override
        public Reason reason() {
            return Reason.DESTROY;
        }
    }

    /**
     * An object that carries the environment's ownership tags but that the configuration no longer
     * has; deleted, or kept when its kind's orphan policy is RETAIN. It has no spec and no
     * dependencies any more.
     */
    record Orphan(String id, String kind, String name, DeletionPolicy deletionPolicy, Object live, String note)
            implements Step {
        public Orphan {
            note = note == null ? "" : note;
        }

        @Override
        public Action action() {
            return deletionPolicy == DeletionPolicy.RETAIN ? Action.RETAIN : Action.DELETE;
        }

        @Override
        public Reason reason() {
            return Reason.ORPHAN;
        }

        @Override
        public List<String> dependsOn() {
            return List.of();
        }

        @Override
        public Object desired() {
            return null;
        }
    }
}

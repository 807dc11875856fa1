package dev.tapctl.engine;

import dev.tapctl.engine.spi.Tagged;
import dev.tapctl.engine.spi.Tags;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Map;

/**
 * Whose an object a read found under a resource's name is, told by its tags against the ownership
 * tags its spec gives it ({@code Project}, {@code Environment}, {@code ManagedBy=tapctl}): this
 * environment's (tapctl made it, or adopted it before; also a retained table or bucket, and what a
 * crashed run left tagged), nobody's that tapctl knows of (it carries no tapctl tag: made by hand
 * or by another tool, so it is adopted), or another tapctl environment's or project's (never
 * adopted). Decided here once for every kind: a kind whose spec carries no ownership tags, or
 * whose live view has no tags ({@link dev.tapctl.engine.spi.Untagged} kinds), is always taken as
 * this environment's, as before.
 */
record Provenance(Owner owner, String why) {
    /** Who owns the object. */
    enum Owner {
        THIS_ENVIRONMENT,
        UNMANAGED,
        ANOTHER
    }

    private static final Provenance OURS = new Provenance(Owner.THIS_ENVIRONMENT, "");
    private static final List<String> OWNER_KEYS = List.of(Tags.PROJECT, Tags.ENVIRONMENT);

    static Provenance of(Object desired, Object live) {
        Map<String, String> wanted = specTags(desired);
        if (!(live instanceof Tagged tagged) || !Tags.MANAGED_BY_VALUE.equals(wanted.get(Tags.MANAGED_BY))) {
            return OURS;
        }
        Map<String, String> tags = tagged.tags();
        if (!Tags.carriesTapctlTags(tags)) {
            return new Provenance(Owner.UNMANAGED, "");
        }
        for (String key : OWNER_KEYS) {
            String want = wanted.get(key);
            String has = tags.get(key);
            // The account-wide role's spec has no Environment: any environment's stack shares it.
            if (want != null && has != null && !want.equals(has)) {
                String whose = key.equals(Tags.PROJECT) ? "project" : "environment";
                return new Provenance(
                        Owner.ANOTHER,
                        "it is tapctl's object of another " + whose + " (tagged " + key + "=" + has + "; this stack is "
                                + key + "=" + want + "), and tapctl never takes over another " + whose
                                + "'s object: remove it from there, or rename it, first");
            }
        }
        return OURS;
    }

    /**
     * The {@code tags} field of a spec record: every spec of a taggable kind has one, with the
     * ownership tags the stack gives it. Read by reflection because the engine knows no spec type.
     */
    @SuppressWarnings("unchecked")
    private static Map<String, String> specTags(Object desired) {
        if (desired == null || !desired.getClass().isRecord()) {
            return Map.of();
        }
        for (RecordComponent component : desired.getClass().getRecordComponents()) {
            if (component.getName().equals("tags") && Map.class.isAssignableFrom(component.getType())) {
                try {
                    java.lang.reflect.Method accessor = component.getAccessor();
                    // A spec record nested in a package-private class (a test's) is still a spec.
                    accessor.setAccessible(true);
                    Object tags = accessor.invoke(desired);
                    return tags == null ? Map.of() : (Map<String, String>) tags;
                } catch (IllegalAccessException | InvocationTargetException e) {
                    throw new IllegalStateException(
                            "cannot read the tags of " + desired.getClass().getSimpleName(), e);
                }
            }
        }
        return Map.of();
    }
}

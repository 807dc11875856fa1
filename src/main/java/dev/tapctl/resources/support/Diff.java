package dev.tapctl.resources.support;

import dev.tapctl.aws.TagDiff;
import dev.tapctl.engine.spi.AttributeChange;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * A handler's field-by-field comparison of its desired spec and live view, each owned field
 * declared once with its path and whether a change of it forces a replacement. Changes come out
 * in the order the fields are declared, {@code before} from the live view and {@code after} from
 * the spec, as {@link AttributeChange} has them.
 *
 * <pre>{@code
 * Diff.of(desired, live)
 *         .replacingFields("cidr")
 *         .fields("dnsSupport", "dnsHostnames")
 *         .tags()
 *         .changes();
 * }</pre>
 *
 * @param <S> the desired spec record
 * @param <L> the live view record
 */
public final class Diff<S, L> {
    private final S desired;
    private final L live;
    private final List<AttributeChange> changes = new ArrayList<>();

    private Diff(S desired, L live) {
        this.desired = Objects.requireNonNull(desired, "desired");
        this.live = Objects.requireNonNull(live, "live");
    }

    public static <S, L> Diff<S, L> of(S desired, L live) {
        return new Diff<>(desired, live);
    }

    /**
     * Fields the spec and the live view name alike, each changed in place when the two values are
     * not equal: the spec's component {@code name} against the live view's, by name, so a field
     * is written once. A name either record lacks is a bug in the handler and fails at once.
     */
    public Diff<S, L> fields(String... names) {
        return same(names, false);
    }

    /** Like {@link #fields} for fields that can only be changed by replacing the object. */
    public Diff<S, L> replacingFields(String... names) {
        return same(names, true);
    }

    /** A field changed in place when the two values are not equal. */
    public <T> Diff<S, L> field(
            String path, Function<? super S, ? extends T> wanted, Function<? super L, ? extends T> actual) {
        return compare(path, wanted, actual, Objects::equals, false);
    }

    /** A field changed in place when {@code same} says the two values differ (policy documents, sets). */
    public <D, V> Diff<S, L> field(
            String path,
            Function<? super S, ? extends D> wanted,
            Function<? super L, ? extends V> actual,
            BiPredicate<? super D, ? super V> same) {
        return compare(path, wanted, actual, same, false);
    }

    /** A field that can only be changed by replacing the object, when the two values are not equal. */
    public <T> Diff<S, L> replacing(
            String path, Function<? super S, ? extends T> wanted, Function<? super L, ? extends T> actual) {
        return compare(path, wanted, actual, Objects::equals, true);
    }

    /** A replacing field when {@code same} says the two values differ. */
    public <D, V> Diff<S, L> replacing(
            String path,
            Function<? super S, ? extends D> wanted,
            Function<? super L, ? extends V> actual,
            BiPredicate<? super D, ? super V> same) {
        return compare(path, wanted, actual, same, true);
    }

    /**
     * The spec's {@code tags} against the live view's, as {@link TagDiff} compares them
     * ({@code tags.<key>}); both records name the field {@code tags}, as every kind's do.
     */
    @SuppressWarnings("unchecked")
    public Diff<S, L> tags() {
        changes.addAll(TagDiff.diff((Map<String, String>) RecordComponents.value(desired, "tags"), (Map<String, String>)
                RecordComponents.value(live, "tags")));
        return this;
    }

    /** A change found otherwise (a rendered value, a state), in its place in the order; null adds nothing. */
    public Diff<S, L> with(AttributeChange change) {
        if (change != null) {
            changes.add(change);
        }
        return this;
    }

    /** Changes found otherwise (one per route, per policy), in their place in the order. */
    public Diff<S, L> with(Collection<AttributeChange> more) {
        changes.addAll(more);
        return this;
    }

    /** Whether {@code path} changes in place, with the values shown as given, when {@code differs}. */
    public Diff<S, L> when(boolean differs, String path, Object before, Object after) {
        return differs ? with(AttributeChange.of(path, before, after)) : this;
    }

    /** Like {@link #when} for a change that forces a replacement. */
    public Diff<S, L> replacingWhen(boolean differs, String path, Object before, Object after) {
        return differs ? with(AttributeChange.replacing(path, before, after)) : this;
    }

    public List<AttributeChange> changes() {
        return List.copyOf(changes);
    }

    private Diff<S, L> same(String[] names, boolean forcesReplace) {
        for (String name : names) {
            Object after = RecordComponents.value(desired, name);
            Object before = RecordComponents.value(live, name);
            if (!Objects.equals(after, before)) {
                changes.add(new AttributeChange(name, before, after, forcesReplace));
            }
        }
        return this;
    }

    private <D, V> Diff<S, L> compare(
            String path,
            Function<? super S, ? extends D> wanted,
            Function<? super L, ? extends V> actual,
            BiPredicate<? super D, ? super V> same,
            boolean forcesReplace) {
        D after = wanted.apply(desired);
        V before = actual.apply(live);
        if (!same.test(after, before)) {
            changes.add(new AttributeChange(path, before, after, forcesReplace));
        }
        return this;
    }
}

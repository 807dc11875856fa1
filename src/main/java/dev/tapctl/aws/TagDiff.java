package dev.tapctl.aws;

import dev.tapctl.engine.spi.AttributeChange;
import dev.tapctl.engine.spi.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Tag comparison shared by every handler: each tag the spec sets must be on the object with that
 * value. Tags others added are left alone; the spec hash is the engine's business.
 */
public final class TagDiff {
    private TagDiff() {}

    public static List<AttributeChange> diff(Map<String, String> desired, Map<String, String> live) {
        List<AttributeChange> changes = new ArrayList<>();
        new TreeMap<>(desired).forEach((key, value) -> {
            if (!key.equals(Tags.SPEC_HASH) && !value.equals(live.get(key))) {
                changes.add(AttributeChange.of("tags." + key, live.get(key), value));
            }
        });
        return changes;
    }

    /** The tags an object carries after {@code written} was applied over {@code live}. */
    public static Map<String, String> afterWrite(Map<String, String> live, Map<String, String> written) {
        Map<String, String> all = new TreeMap<>(live);
        all.putAll(written);
        return all;
    }

    /** Whether any of the changes is a tag change. */
    public static boolean touchesTags(List<AttributeChange> changes) {
        return changes.stream().anyMatch(c -> c.path().startsWith("tags."));
    }
}

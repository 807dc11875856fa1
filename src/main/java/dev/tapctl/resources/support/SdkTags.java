package dev.tapctl.resources.support;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Tags between tapctl's map and an SDK's list of tag objects. Each AWS service's SDK has a Tag
 * class of its own (key and value; KMS's tagKey and tagValue), so each use says how one is built
 * or read.
 */
public final class SdkTags {
    private SdkTags() {}

    /** The tags as SDK tag objects, in key order. */
    public static <T> List<T> toList(Map<String, String> tags, BiFunction<String, String, T> tag) {
        return new TreeMap<>(tags)
                .entrySet().stream()
                        .map(e -> tag.apply(e.getKey(), e.getValue()))
                        .toList();
    }

    /** SDK tag objects as a map in key order; a key given twice keeps its last value. */
    public static <T> Map<String, String> toMap(
            Collection<? extends T> tags, Function<? super T, String> key, Function<? super T, String> value) {
        Map<String, String> map = new TreeMap<>();
        tags.forEach(t -> map.put(key.apply(t), value.apply(t)));
        return map;
    }
}

package dev.tapctl.engine.spi;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an object holds that deleting or replacing it destroys, read at plan time: a line for
 * people ({@code summary}, with how fresh AWS's figures are where they lag) and the same facts for
 * tools ({@code facts}: numbers, ISO-8601 UTC times as strings, lists of ids; the names plan JSON's
 * {@code holds} object documents).
 */
public record Holdings(String summary, Map<String, Object> facts) {
    public Holdings {
        facts = Collections.unmodifiableMap(new LinkedHashMap<>(facts));
    }

    /** What could not be read, and why: the plan still goes on, and says so. */
    public static Holdings unread(String why) {
        return new Holdings("not read: " + why, Map.of("unread", why));
    }
}

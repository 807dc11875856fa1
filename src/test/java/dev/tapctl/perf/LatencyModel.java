package dev.tapctl.perf;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * How long each SDK operation is made to take on top of the emulator's own time: a fixed base
 * for every call, and a longer time for the operations that are slow on AWS (scaled down so a
 * benchmark takes seconds, not the 5 to 15 minutes a real database needs).
 *
 * <p>Written and parsed as {@code base=20,CreateDBInstance=3000,CreateFunction=300} (milliseconds;
 * an operation's value replaces the base, it is not added to it).
 */
public record LatencyModel(long baseMillis, Map<String, Long> perOperationMillis) {

    /** The benchmark's model: a database takes 3 s, a function 300 ms, an instance 500 ms, a table 300 ms. */
    public static final LatencyModel BENCHMARK = new LatencyModel(
            20,
            Map.of(
                    "CreateDBInstance", 3_000L,
                    "CreateFunction", 300L,
                    "RunInstances", 500L,
                    "CreateTable", 300L));

    /** Nothing injected. */
    public static final LatencyModel NONE = new LatencyModel(0, Map.of());

    public LatencyModel {
        if (baseMillis < 0) {
            throw new IllegalArgumentException("base latency must not be negative");
        }
        perOperationMillis = Map.copyOf(perOperationMillis);
        perOperationMillis.forEach((op, ms) -> {
            if (ms < 0) {
                throw new IllegalArgumentException(op + ": latency must not be negative");
            }
        });
    }

    /** Every call takes {@code millis}. */
    public static LatencyModel fixed(long millis) {
        return new LatencyModel(millis, Map.of());
    }

    public Duration of(String operation) {
        return Duration.ofMillis(perOperationMillis.getOrDefault(operation, baseMillis));
    }

    /** Parses {@code base=20,CreateDBInstance=3000}; a bare number is the base alone. */
    public static LatencyModel parse(String text) {
        long base = 0;
        Map<String, Long> ops = new TreeMap<>();
        for (String part : text.split(",")) {
            String item = part.strip();
            if (item.isEmpty()) {
                continue;
            }
            int eq = item.indexOf('=');
            if (eq < 0) {
                base = Long.parseLong(item);
                continue;
            }
            String key = item.substring(0, eq).strip();
            long value = Long.parseLong(item.substring(eq + 1).strip());
            if (key.equals("base")) {
                base = value;
            } else {
                ops.put(key, value);
            }
        }
        return new LatencyModel(base, ops);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("base=" + baseMillis);
        new TreeMap<>(perOperationMillis)
                .forEach((op, ms) -> text.append(',').append(op).append('=').append(ms));
        return text.toString();
    }
}

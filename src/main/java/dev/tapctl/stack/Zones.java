package dev.tapctl.stack;

import dev.tapctl.config.ConfigException;
import dev.tapctl.config.TapConfig;
import dev.tapctl.engine.spi.Unknown;
import java.util.Collection;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The availability zone of each subnet index (public and private subnet {@code i} share zone
 * {@code i}): {@code network.azCount} names. Zones are an account and region fact, looked up by
 * the caller; this record only chooses among them, so that the choice is plain data.
 */
public record Zones(List<String> names) {
    public Zones {
        names = List.copyOf(names);
    }

    /**
     * The first {@code network.azCount} of {@code usable} by name: the same zones on every run
     * while the account's zones stay the same, whatever order AWS lists them in. Too few is the
     * configuration asking for more than the region has (exit 65, like any invalid configuration),
     * found before anything is created.
     */
    public static Zones choose(TapConfig config, Collection<String> usable) {
        List<String> sorted = usable.stream().distinct().sorted().toList();
        int wanted = config.network().azCount();
        if (sorted.size() < wanted) {
            throw new ConfigException("network.azCount: " + wanted + " availability zones wanted, but region "
                    + config.region() + " has only " + sorted.size() + " available to this account ("
                    + (sorted.isEmpty() ? "none" : String.join(", ", sorted))
                    + "): lower network.azCount or choose another region");
        }
        return new Zones(sorted.subList(0, wanted));
    }

    /** Zones not looked up (an offline plan, a destroy): placeholders shown "(known after apply)". */
    public static Zones unknown(TapConfig config) {
        return new Zones(IntStream.range(0, config.network().azCount())
                .mapToObj(i -> Unknown.ofAccount("availabilityZones[" + i + "]"))
                .toList());
    }

    public int count() {
        return names.size();
    }

    /** The zone of subnet index {@code index} (0-based). */
    public String of(int index) {
        return names.get(index);
    }
}

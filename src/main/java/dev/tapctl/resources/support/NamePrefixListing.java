package dev.tapctl.resources.support;

import dev.tapctl.engine.spi.EnvironmentListing;
import dev.tapctl.engine.spi.SharedReads;
import java.util.List;
import java.util.function.Function;

/**
 * A listing by name prefix of the objects named {@code <project>-<env>-...} (queues, alarms, API
 * keys): a plan lists its environment's prefix once; a drift run over several environments of
 * the project lists the project's {@code <project>-} once for all of them, and each keeps the
 * names its own prefix would have listed.
 */
public final class NamePrefixListing {
    private NamePrefixListing() {}

    /** The prefix of an environment's names, {@code <project>-<env>-} (as {@code Ownership.namePrefix}). */
    public static String prefix(String project, String env) {
        return project + "-" + env + "-";
    }

    /**
     * The objects whose names start with the environment's prefix. {@code operation} names the
     * call and its other inputs; {@code byPrefix} makes it (paginated) for one prefix and must
     * answer an immutable list.
     */
    public static <T> List<T> of(
            SharedReads reads,
            String operation,
            String project,
            String env,
            Function<String, List<T>> byPrefix,
            Function<T, String> nameOf) {
        return reads.environment(new EnvironmentListing<T>(
                operation,
                project,
                env,
                envs -> byPrefix.apply(
                        envs.size() == 1 ? prefix(project, envs.iterator().next()) : project + "-"),
                (object, which) -> {
                    String name = nameOf.apply(object);
                    return name != null && name.startsWith(prefix(project, which));
                }));
    }
}

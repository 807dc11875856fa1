package dev.tapctl.engine;

import java.util.Set;

/**
 * What one engine run works with: where, as which account, how wide, and what the user allowed.
 * {@code accountId} is an {@link dev.tapctl.engine.spi.Unknown} placeholder in an offline plan.
 */
public record RunSettings(String env, String region, String accountId, int parallelism, Set<String> allowReplace,
                          ProgressListener progress) {
    public RunSettings {
        allowReplace = Set.copyOf(allowReplace);
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1");
        }
    }
}

package dev.tapctl.resources.support;

import dev.tapctl.config.Durations;
import java.time.Duration;

/** A wait for a state that ran out of time: what was waited for, how long, and whose bound that is. */
public final class WaitLimitExceededException extends IllegalStateException {
    WaitLimitExceededException(String forWhat, Duration limit, boolean configured, Throwable cause) {
        super(
                "gave up waiting for " + forWhat + " after " + Durations.format(limit)
                        + (configured
                                ? ", the limit its timeouts configuration sets"
                                : ", tapctl's built-in limit (timeouts.<id or kind>.<create|update|delete> sets another)"),
                cause);
    }
}

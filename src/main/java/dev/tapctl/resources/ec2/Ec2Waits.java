package dev.tapctl.resources.ec2;

import dev.tapctl.engine.spi.HandlerContext;
import dev.tapctl.resources.support.Waits;
import java.util.function.BiFunction;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.waiters.Ec2Waiter;

/**
 * The SDK's EC2 waiters with the run's waiter configuration, which travel together: each wait is
 * bounded by the resource's own limit for the step under way and reported, as {@link Waits#waitFor}
 * does it.
 */
final class Ec2Waits {
    private final Ec2Waiter waiter;
    private final WaiterOverrideConfiguration waits;

    Ec2Waits(Ec2Client ec2, WaiterOverrideConfiguration waits) {
        this.waiter =
                Ec2Waiter.builder().client(ec2).overrideConfiguration(waits).build();
        this.waits = waits;
    }

    /** Runs {@code wait} (one of the waiter's calls, given the bounded configuration) for {@code forWhat} ("available"). */
    <T> T waitFor(String forWhat, HandlerContext ctx, BiFunction<Ec2Waiter, WaiterOverrideConfiguration, T> wait) {
        return Waits.waitFor(forWhat, waits, ctx, bounded -> wait.apply(waiter, bounded));
    }
}

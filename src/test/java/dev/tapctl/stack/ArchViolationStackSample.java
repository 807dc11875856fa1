package dev.tapctl.stack;

import dev.tapctl.engine.spi.Inputs;
import software.amazon.awssdk.regions.Region;

/**
 * NOT production code and never run: a deliberately bad stack class that ArchitectureTest feeds
 * to the stack's rules to prove they fail on a violation. It reads an output by id and key strings
 * and uses an SDK type.
 */
@SuppressWarnings("unused")
public final class ArchViolationStackSample {
    private ArchViolationStackSample() {}

    static String readsByStrings(Inputs in) {
        return in.output("network.vpc", "vpcId");
    }

    static String usesTheSdk() {
        return Region.US_EAST_1.id();
    }
}

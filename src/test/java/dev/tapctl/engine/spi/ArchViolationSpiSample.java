package dev.tapctl.engine.spi;

import dev.tapctl.engine.ArchViolationSample;
import dev.tapctl.engine.Plan;

/**
 * NOT production code and never run: the SPI half of ArchitectureTest's deliberate violations. The
 * SPI depends on the engine (forbidden) and closes a cycle with {@link ArchViolationSample}.
 */
@SuppressWarnings("unused")
public final class ArchViolationSpiSample {
    Plan plan;
    Class<?> back = ArchViolationSample.class;
}

package dev.tapctl.engine;

import dev.tapctl.cli.ExitCodes;
import dev.tapctl.cli.GlobalOptions;
import dev.tapctl.engine.spi.ArchViolationSpiSample;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.NotFoundException;

/**
 * NOT production code and never run: a deliberately bad class that ArchitectureTest feeds to its
 * rules to prove each rule fails on a violation. It sits in the engine package (test classes only,
 * excluded from the real check) and breaks the rules on purpose: the engine uses the CLI, builds
 * an SDK client itself, and takes part in a package cycle with {@link ArchViolationSpiSample}.
 */
@SuppressWarnings("unused")
public final class ArchViolationSample {
    private ArchViolationSample() {}

    /** Invisible to ArchUnit: javac inlines the constant, so no reference to ExitCodes is left. */
    static int exitCode() {
        return ExitCodes.FAILURE;
    }

    static String env(GlobalOptions options) {
        return options.toString();
    }

    static KmsClient buildsItsOwnClient() {
        return KmsClient.builder().build();
    }

    static boolean catchesAnSdkException(RuntimeException e) {
        return e instanceof NotFoundException;
    }

    static ArchViolationSpiSample spi() {
        return new ArchViolationSpiSample();
    }
}

package dev.tapctl.cli;

import java.net.URI;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every command takes. */
public final class GlobalOptions {
    @Option(names = "--env", defaultValue = "dev", paramLabel = "ENV",
            description = "Environment to work on: config/ENV.yaml over config/defaults.yaml (default: ${DEFAULT-VALUE}).")
    String env;

    @Option(names = "--region", paramLabel = "REGION", description = "AWS region; overrides the configured one.")
    String region;

    @Option(names = "--profile", paramLabel = "PROFILE", description = "Named profile from the AWS config files.")
    String profile;

    @Option(names = "--endpoint-url", paramLabel = "URL",
            description = "Send every AWS call to this endpoint (a local emulator); AWS_ENDPOINT_URL works too.")
    URI endpointUrl;

    @Option(names = "--config-dir", defaultValue = "config", paramLabel = "DIR",
            description = "Directory holding defaults.yaml and ENV.yaml (default: ${DEFAULT-VALUE}).")
    Path configDir;

    @Option(names = "--no-color", description = "Plain output without ANSI colours (also when NO_COLOR is set).")
    boolean noColor;

    @Option(names = {"-v", "--verbose"}, description = "Show details of failures, including stack traces.")
    boolean verbose;
}

package dev.tapctl.cli;

import dev.tapctl.config.ConfigLoader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** Options every command takes. */
public final class GlobalOptions {
    @Option(
            names = "--env",
            defaultValue = "dev",
            paramLabel = "ENV",
            description =
                    "Environment to work on: config/ENV.yaml over config/defaults.yaml (default: ${DEFAULT-VALUE}).")
    String env;

    @Option(
            names = "--region",
            paramLabel = "REGION",
            converter = RegionConverter.class,
            description = "AWS region; overrides the configured one.")
    String region;

    @Option(names = "--profile", paramLabel = "PROFILE", description = "Named profile from the AWS config files.")
    String profile;

    @Option(
            names = "--endpoint-url",
            paramLabel = "URL",
            converter = EndpointConverter.class,
            description = "Send every AWS call to this endpoint (a local emulator); AWS_ENDPOINT_URL works too.")
    URI endpointUrl;

    @Option(
            names = "--config-dir",
            defaultValue = "config",
            paramLabel = "DIR",
            description = "Directory holding defaults.yaml and ENV.yaml (default: ${DEFAULT-VALUE}).")
    Path configDir;

    @Option(
            names = "--functions-dir",
            defaultValue = "functions",
            paramLabel = "DIR",
            description = "Directory holding one folder of Lambda sources per function (default: ${DEFAULT-VALUE}).")
    Path functionsDir;

    @Option(names = "--no-color", description = "Plain output without ANSI colours (also when NO_COLOR is set).")
    boolean noColor;

    @Option(
            names = {"-v", "--verbose"},
            description = "Show details of failures, including stack traces.")
    boolean verbose;

    /** Checked when parsed, so a bad region is a usage error before anything else happens. */
    static final class RegionConverter implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            if (!ConfigLoader.isRegionName(value)) {
                throw new TypeConversionException("\"" + value + "\" is not an AWS region name such as us-east-1");
            }
            return value;
        }
    }

    /** An http(s) URL with a host; anything else could never reach an endpoint. */
    static final class EndpointConverter implements ITypeConverter<URI> {
        @Override
        public URI convert(String value) {
            try {
                URI uri = new URI(value);
                if ((!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) || uri.getHost() == null) {
                    throw new URISyntaxException(value, "no http(s) scheme and host");
                }
                return uri;
            } catch (URISyntaxException e) {
                throw new TypeConversionException("'" + value + "' is not a URL such as http://localhost:4566");
            }
        }
    }
}

package dev.tapctl.stack.spec;

/**
 * The gateway responses of the REST API {@code restApiId} that tapctl customizes, DEFAULT_4XX and
 * DEFAULT_5XX: with {@code cors} they carry its headers, so that a browser can read API Gateway's
 * own errors; without (null) they are API Gateway's defaults.
 */
public record GatewayResponsesSpec(String restApiId, Cors cors) {}

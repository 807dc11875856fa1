package dev.tapctl.aws;

import java.util.Optional;
import software.amazon.awssdk.services.apigateway.model.NotFoundException;

/**
 * The one place tapctl reads an API key's value (GetApiKey includeValue=true): for
 * {@code tapctl outputs --show-secret}, which prints it alone for a script. Plans and applies
 * never ask for it.
 */
public final class ApiKeyValues {
    private ApiKeyValues() {}

    /** The value of key {@code apiKeyId}; empty when there is no such key. */
    public static Optional<String> of(AwsClients clients, String apiKeyId) {
        try {
            return Optional.ofNullable(clients.apigateway()
                    .getApiKey(r -> r.apiKey(apiKeyId).includeValue(true))
                    .value());
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }
}

package dev.tapctl.resources.apigateway;

import dev.tapctl.engine.spi.Kind;
import dev.tapctl.engine.spi.ResourceHandler;
import java.util.Objects;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;

/**
 * What every API Gateway handler has, given once by its constructor: the client it calls and
 * the kind it serves.
 */
abstract class ApiGatewayHandler<S, L> implements ResourceHandler<S, L> {
    final ApiGatewayClient apigateway;
    private final Kind<S> kind;

    ApiGatewayHandler(ApiGatewayClient apigateway, Kind<S> kind) {
        this.apigateway = apigateway;
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    @Override
    public final Kind<S> kind() {
        return kind;
    }
}

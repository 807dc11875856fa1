package dev.tapctl.resources.apigateway;

import dev.tapctl.engine.spi.Kind;
import dev.tapctl.resources.support.AwsResourceHandler;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;

/** What every API Gateway handler has besides the kind: the client it calls, given once by its constructor. */
abstract class ApiGatewayHandler<S, L> extends AwsResourceHandler<S, L> {
    final ApiGatewayClient apigateway;

    ApiGatewayHandler(ApiGatewayClient apigateway, Kind<S> kind) {
        super(kind);
        this.apigateway = apigateway;
    }
}

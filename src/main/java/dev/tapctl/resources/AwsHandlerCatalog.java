package dev.tapctl.resources;

import dev.tapctl.aws.AwsClients;
import dev.tapctl.engine.spi.HandlerCatalog;
import dev.tapctl.engine.spi.ResourceHandler;
import dev.tapctl.resources.iam.IamRoleHandler;
import dev.tapctl.resources.kms.KmsKeyHandler;
import dev.tapctl.resources.logs.LogGroupHandler;
import dev.tapctl.stack.Kinds;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Every handler, by kind. Handlers are built on first use so that a run builds only the SDK
 * clients its resources need.
 */
public final class AwsHandlerCatalog implements HandlerCatalog {
    private static final Map<String, Function<AwsClients, ResourceHandler<?, ?>>> FACTORIES = Map.ofEntries(
            Map.entry(Kinds.KMS_KEY, clients -> new KmsKeyHandler(clients.kms())),
            Map.entry(Kinds.IAM_ROLE, clients -> new IamRoleHandler(clients.iam())),
            Map.entry(Kinds.LOG_GROUP, clients -> new LogGroupHandler(clients.logs())));

    private final AwsClients clients;
    private final Map<String, ResourceHandler<?, ?>> built = new ConcurrentHashMap<>();

    public AwsHandlerCatalog(AwsClients clients) {
        this.clients = clients;
    }

    @Override
    public ResourceHandler<?, ?> forKind(String kind) {
        return built.computeIfAbsent(kind, k -> {
            var factory = FACTORIES.get(k);
            if (factory == null) {
                throw new IllegalArgumentException("no handler for kind " + k);
            }
            return factory.apply(clients);
        });
    }
}

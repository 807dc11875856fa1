package dev.tapctl.resources;

import dev.tapctl.aws.AwsClients;
import dev.tapctl.engine.spi.HandlerCatalog;
import dev.tapctl.engine.spi.ResourceHandler;
import dev.tapctl.resources.dynamodb.TableHandler;
import dev.tapctl.resources.ec2.FlowLogHandler;
import dev.tapctl.resources.ec2.InternetGatewayHandler;
import dev.tapctl.resources.ec2.RouteTableHandler;
import dev.tapctl.resources.ec2.SecurityGroupHandler;
import dev.tapctl.resources.ec2.SubnetHandler;
import dev.tapctl.resources.ec2.VpcHandler;
import dev.tapctl.resources.iam.IamRoleHandler;
import dev.tapctl.resources.kms.KmsKeyHandler;
import dev.tapctl.resources.logs.LogGroupHandler;
import dev.tapctl.resources.rds.DbInstanceHandler;
import dev.tapctl.resources.rds.DbSubnetGroupHandler;
import dev.tapctl.resources.s3.BucketHandler;
import dev.tapctl.resources.secrets.SecretHandler;
import java.time.Clock;
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
            Map.entry(Kinds.VPC, c -> new VpcHandler(c.ec2(), c.waiterConfig())),
            Map.entry(Kinds.INTERNET_GATEWAY, c -> new InternetGatewayHandler(c.ec2())),
            Map.entry(Kinds.SUBNET, c -> new SubnetHandler(c.ec2(), c.waiterConfig())),
            Map.entry(Kinds.ROUTE_TABLE, c -> new RouteTableHandler(c.ec2())),
            Map.entry(Kinds.SECURITY_GROUP, c -> new SecurityGroupHandler(c.ec2())),
            Map.entry(Kinds.FLOW_LOG, c -> new FlowLogHandler(c.ec2())),
            Map.entry(Kinds.KMS_KEY, clients -> new KmsKeyHandler(clients.kms())),
            Map.entry(Kinds.IAM_ROLE, clients -> new IamRoleHandler(clients.iam())),
            Map.entry(Kinds.SECRET, c -> new SecretHandler(c.secrets())),
            Map.entry(Kinds.DB_SUBNET_GROUP, c -> new DbSubnetGroupHandler(c.rds())),
            Map.entry(Kinds.DB_INSTANCE, c -> new DbInstanceHandler(c.rds(), c.secrets(), c.waiterConfig(), Clock.systemUTC())),
            Map.entry(Kinds.TABLE, c -> new TableHandler(c.dynamodb(), c.waiterConfig())),
            Map.entry(Kinds.BUCKET, c -> new BucketHandler(c.s3())),
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

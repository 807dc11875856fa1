package dev.tapctl.stack;

import dev.tapctl.config.TapConfig;
import dev.tapctl.engine.spi.Inputs;
import dev.tapctl.engine.spi.Ref;
import dev.tapctl.engine.spi.ResourceDef;
import dev.tapctl.stack.spec.KmsKeySpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The desired resource graph of one environment, computed from its configuration. Pure data:
 * no AWS call is made here; values that come from other resources are read through {@link Inputs}.
 * Each layer declares its resources and hands the later layers the {@link Ref}s they read.
 */
public final class TapStack {
    public static final int DB_PORT = 5432;
    /** RDS refuses '/', '@', '"' and space in a master password. */
    public static final String RDS_EXCLUDED_PASSWORD_CHARACTERS = "/@\" ";
    /**
     * The endpoint policy AWS gives an endpoint created without one ("Control access to VPC
     * endpoints using endpoint policies": full access); tapctl states it so that drift shows.
     */
    public static final String DEFAULT_ENDPOINT_POLICY =
            "{\"Version\":\"2008-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                    + "\"Principal\":\"*\",\"Action\":\"*\",\"Resource\":\"*\"}]}";

    /**
     * The configuration key a spec attribute is set from as it is, by "resource id attribute",
     * for each attribute AWS may refuse to create (see {@link #configKey}).
     */
    private static final Map<String, String> CONFIG_KEYS = Map.of("data.db engineVersion", "database.engineVersion");

    private TapStack() {}

    /**
     * The whole stack; {@code code} holds the bundle of every configured function, {@code zones}
     * the availability zone of each subnet index (looked up in the account, or unknown offline).
     */
    public static List<ResourceDef<?>> resources(TapConfig config, Map<String, FunctionCode> code, Zones zones) {
        for (String function : config.functions().keySet()) {
            if (!code.containsKey(function)) {
                throw new IllegalArgumentException("no bundled code for function " + function);
            }
        }
        if (zones.count() != config.network().azCount()) {
            throw new IllegalArgumentException(zones.count() + " zones for network.azCount "
                    + config.network().azCount());
        }
        LayerContext context = LayerContext.of(config);
        Ref<KmsKeySpec> key = KeyLayer.declare(context);
        NetworkLayer.Refs network = NetworkLayer.declare(context, zones);
        FlowLogLayer.declare(context, key, network.vpc());
        DataLayer.Refs data = DataLayer.declare(context, key, network);
        FunctionLayer.Refs functions = FunctionLayer.declare(context, code, key, data.table());
        ApiLayer.Refs api = ApiLayer.declare(context, key, functions);
        ComputeLayer.declare(context, key, data.dbSecret(), network);
        AlarmLayer.declare(context, key, functions, api.stage(), data.db());
        return context.stack().resources();
    }

    /**
     * The dotted configuration key that sets {@code attribute} of the spec of {@code resourceId}
     * as it is, e.g. {@code database.engineVersion} for {@code data.db}'s {@code engineVersion}:
     * how a problem AWS finds with a spec value is told as a problem of the configuration. Empty
     * for attributes no single key sets.
     */
    public static Optional<String> configKey(String resourceId, String attribute) {
        return Optional.ofNullable(CONFIG_KEYS.get(resourceId + " " + attribute));
    }
}

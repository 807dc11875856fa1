package dev.tapctl.engine;

import dev.tapctl.engine.spi.Inputs;
import dev.tapctl.engine.spi.Outputs;
import dev.tapctl.engine.spi.ResourceDef;
import dev.tapctl.engine.spi.Unknown;
import java.util.Map;

/**
 * Inputs for one resource: the outputs of its declared dependencies. An output missing from the
 * map belongs to a resource that does not exist yet: during a plan that is an {@link Unknown};
 * during apply it is a bug, since a node only starts after its dependencies are done.
 */
final class RunInputs implements Inputs {
    private final ResourceDef<?> def;
    private final RunSettings settings;
    private final Map<String, Outputs> outputs;
    private final boolean unknownAllowed;

    RunInputs(ResourceDef<?> def, RunSettings settings, Map<String, Outputs> outputs, boolean unknownAllowed) {
        this.def = def;
        this.settings = settings;
        this.outputs = outputs;
        this.unknownAllowed = unknownAllowed;
    }

    @Override
    public String accountId() {
        return settings.accountId();
    }

    @Override
    public String region() {
        return settings.region();
    }

    @Override
    public String output(String id, String key) {
        if (!def.dependsOn().contains(id)) {
            throw new IllegalStateException(def.id() + " reads " + id + "." + key + " but does not depend on " + id);
        }
        Outputs upstream = outputs.get(id);
        if (upstream != null) {
            return upstream.get(key).orElseThrow(() -> new IllegalStateException(id + " has no output " + key));
        }
        if (unknownAllowed) {
            return Unknown.of(id, key);
        }
        throw new IllegalStateException(def.id() + " needs " + id + "." + key + ", which is not known yet");
    }
}

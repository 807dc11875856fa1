package dev.tapctl.stack;

import dev.tapctl.config.TapConfig;
import dev.tapctl.engine.spi.Ref;
import dev.tapctl.stack.spec.KmsKeySpec;
import dev.tapctl.stack.spec.LogGroupSpec;

/** What every layer declares with: the environment's configuration, its names and tags, and the builder. */
record LayerContext(TapConfig config, Names names, ResourceTags tags, StackBuilder stack) {
    static LayerContext of(TapConfig config) {
        return new LayerContext(config, new Names(config), new ResourceTags(config), new StackBuilder());
    }

    /** A log group of the stack (a function's, the API's access log, the flow logs): the configured retention, the stack key. */
    Ref<LogGroupSpec> logGroup(String id, String name, Ref<KmsKeySpec> key) {
        return stack.add(
                id,
                Kinds.LOG_GROUP,
                name,
                in -> new LogGroupSpec(
                        name, config.logs().retentionDays(), in.get(key, KmsKeySpec.ARN), tags.of(id, name)));
    }
}

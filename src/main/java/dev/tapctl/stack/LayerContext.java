package dev.tapctl.stack;

import dev.tapctl.config.TapConfig;

/** What every layer declares with: the environment's configuration, its names and tags, and the builder. */
record LayerContext(TapConfig config, Names names, ResourceTags tags, StackBuilder stack) {
    static LayerContext of(TapConfig config) {
        return new LayerContext(config, new Names(config), new ResourceTags(config), new StackBuilder());
    }
}

package dev.tapctl.engine.spi;

/** Finds the handler for a kind; built once per run by the composition root. */
public interface HandlerCatalog {
    ResourceHandler<?, ?> forKind(String kind);
}

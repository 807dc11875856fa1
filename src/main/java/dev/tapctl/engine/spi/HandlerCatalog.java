package dev.tapctl.engine.spi;

/** Finds the handler for a kind; built once per run by the composition root. */
public interface HandlerCatalog {
    ResourceHandler<?, ?> forKind(String kind);

    default <S> ResourceHandler<?, ?> forKind(Kind<S> kind) {
        return forKind(kind.name());
    }

    /**
     * Every kind this catalog serves, each after the kinds its objects may depend on (a NAT
     * gateway after its Elastic IP). A plan looks for orphans of all of them, also of kinds the
     * configuration no longer has at all (network.natGateways lowered to 0 leaves NAT gateways
     * behind), and removes orphans in the reverse of this order. Empty: only the graph's kinds,
     * in the graph's order.
     */
    default java.util.List<String> kinds() {
        return java.util.List.of();
    }
}

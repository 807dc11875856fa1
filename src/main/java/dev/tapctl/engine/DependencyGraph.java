package dev.tapctl.engine;

import java.util.Collection;
import java.util.List;

/** What {@link GraphExecutor} runs: nodes in an order where each comes after what it waits for, and the edges. */
public interface DependencyGraph {
    /** Every node, each after the nodes it depends on. */
    List<String> order();

    Collection<String> dependenciesOf(String id);

    Collection<String> dependantsOf(String id);
}

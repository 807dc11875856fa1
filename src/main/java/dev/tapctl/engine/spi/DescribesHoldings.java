package dev.tapctl.engine.spi;

import java.util.List;

/**
 * A kind whose objects hold data (items, objects, messages, a database, what a key encrypts), so
 * that a plan can say what a delete, a replace or a retain of one would destroy or keep. The
 * engine asks only for those steps, all at once after the plan's decisions, so a plan that keeps
 * everything as it is pays nothing for it. A read that fails is shown as not read; the plan goes on.
 *
 * @param <L> the live view record
 */
public interface DescribesHoldings<L> {

    /**
     * What {@code live} holds. {@code keptData}: the resources that depend on this one and whose
     * data the plan keeps (a retained table, a database's final snapshot), by logical id or
     * snapshot name; what a key encrypts, or a secret opens, that outlives the plan.
     */
    Holdings holdings(L live, List<String> keptData, HandlerContext ctx);
}

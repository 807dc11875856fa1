package dev.tapctl.engine;

import dev.tapctl.engine.spi.HandlerCatalog;
import java.util.List;
import java.util.function.Predicate;

/** The planned deletions a handler would refuse, asked of the live views the plan read. */
final class DeletionRefusals {
    private DeletionRefusals() {}

    /** Throws {@link DeletionRefusedException} naming every refused deletion among {@code which}. */
    static void refuse(Plan plan, HandlerCatalog catalog, Predicate<Step> which) {
        List<String> refusals = plan.changes().stream()
                .filter(change -> change.action() == Action.DELETE && change.live() != null && which.test(change))
                .flatMap(change -> new ErasedHandler(catalog.forKind(change.kind()))
                        .deletionRefusal(change.live()).map(why -> change.id() + ": " + why).stream())
                .toList();
        if (!refusals.isEmpty()) {
            throw new DeletionRefusedException(refusals);
        }
    }
}

package dev.tapctl.resources.apigateway;

import dev.tapctl.engine.spi.Tagged;
import dev.tapctl.engine.spi.Tags;
import java.util.List;
import java.util.Optional;

/**
 * The live view of an API Gateway object found by its env-keyed name: a REST API, an API key, a
 * usage plan. API Gateway keeps none of these names unique, so the {@code tapctl:logical-id} tag
 * tells the stack's object from a namesake.
 */
interface Named extends Tagged {
    String id();

    String name();

    /**
     * The one of {@code candidates} named {@code name} and tagged with {@code logicalId}. More than
     * one is refused: tapctl cannot tell which is the stack's, and guessing could change the wrong one.
     *
     * @param what the kind in the plural, as the error names them ("API keys")
     */
    static <T extends Named> Optional<T> ours(String what, List<T> candidates, String name, String logicalId) {
        List<T> ours = candidates.stream()
                .filter(candidate -> name.equals(candidate.name()))
                .filter(candidate -> logicalId.equals(candidate.tags().get(Tags.LOGICAL_ID)))
                .toList();
        if (ours.size() > 1) {
            throw new IllegalStateException(what + " "
                    + ours.stream().map(Named::id).sorted().toList()
                    + " are all named " + name + " and tagged " + Tags.LOGICAL_ID + "=" + logicalId
                    + "; tapctl cannot tell which one is the stack's: delete the extra ones");
        }
        return ours.stream().findFirst();
    }
}

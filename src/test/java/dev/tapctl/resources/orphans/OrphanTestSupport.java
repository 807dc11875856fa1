package dev.tapctl.resources.orphans;

import static dev.tapctl.testing.HandlerFixture.tags;

import dev.tapctl.engine.spi.Ownership;
import dev.tapctl.engine.spi.Tags;
import dev.tapctl.testing.HandlerFixture;
import java.util.Map;
import java.util.Set;

/**
 * What the orphan listing tests share beyond {@link HandlerFixture}: the environment they list
 * for (project {@value #PROJECT}, env {@value #ENV}, names starting {@value #PREFIX}), and the
 * ownership tags of other environments and projects.
 */
final class OrphanTestSupport {
    static final String PROJECT = HandlerFixture.PROJECT;
    static final String ENV = HandlerFixture.ENV;
    static final String PREFIX = PROJECT + "-" + ENV + "-";
    static final String OTHER_ENV = "prod";

    private OrphanTestSupport() {}

    /** This environment, whose configuration still has {@code knownNames}. */
    static Ownership owner(String... knownNames) {
        return new Ownership(PROJECT, ENV, PREFIX, Set.of(knownNames));
    }

    /** The stack's tags with another Environment: an object of {@value #OTHER_ENV}. */
    static Map<String, String> otherEnvTags(String logicalId, String name) {
        return tags(logicalId, name, OTHER_ENV);
    }

    /** The stack's tags with another Project: an object of another stack that shares the name prefix. */
    static Map<String, String> otherProjectTags(String logicalId, String name) {
        Map<String, String> tags = tags(logicalId, name);
        tags.put(Tags.PROJECT, "other");
        return tags;
    }
}

package dev.tapctl.resources.orphans;

import dev.tapctl.aws.AwsClients;
import dev.tapctl.aws.AwsSettings;
import dev.tapctl.aws.HandlerTestSupport;
import dev.tapctl.engine.spi.Ownership;
import dev.tapctl.engine.spi.Tags;
import dev.tapctl.testing.CallLog;
import dev.tapctl.testing.Emulator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the orphan listing tests share: clients on the emulator with a call log, the environment
 * they list for (project {@value #PROJECT}, env {@value #ENV}, names starting {@value #PREFIX}),
 * and the ownership tags of this and of other environments and projects.
 */
final class OrphanTestSupport {
    static final String PROJECT = HandlerTestSupport.PROJECT;
    static final String ENV = HandlerTestSupport.ENV;
    static final String PREFIX = PROJECT + "-" + ENV + "-";
    static final String OTHER_ENV = "prod";

    private OrphanTestSupport() {
    }

    static AwsClients clients(Emulator emulator, CallLog log) {
        return new AwsClients(AwsSettings.defaults(emulator.region(), null, emulator.endpoint())
                .withInterceptors(List.of(log))
                .withWaits(Duration.ofMillis(100), Duration.ofSeconds(30)));
    }

    /** This environment, whose configuration still has {@code knownNames}. */
    static Ownership owner(String... knownNames) {
        return new Ownership(PROJECT, ENV, PREFIX, Set.of(knownNames));
    }

    /** The stack's tags for an object of this environment. */
    static Map<String, String> tags(String logicalId, String name) {
        return HandlerTestSupport.tags(logicalId, name);
    }

    /** The same tags with another Environment: an object of {@value #OTHER_ENV}. */
    static Map<String, String> otherEnvTags(String logicalId, String name) {
        Map<String, String> tags = new TreeMap<>(tags(logicalId, name));
        tags.put(Tags.ENVIRONMENT, OTHER_ENV);
        return tags;
    }

    /** The same tags with another Project: an object of another stack that shares the name prefix. */
    static Map<String, String> otherProjectTags(String logicalId, String name) {
        Map<String, String> tags = new TreeMap<>(tags(logicalId, name));
        tags.put(Tags.PROJECT, "other");
        return tags;
    }

    /** The operations of the log, in order. */
    static List<String> operations(List<CallLog.Call> calls) {
        return calls.stream().map(CallLog.Call::operation).toList();
    }
}

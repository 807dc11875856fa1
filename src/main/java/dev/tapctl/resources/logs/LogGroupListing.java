package dev.tapctl.resources.logs;

import dev.tapctl.engine.spi.EnvironmentListing;
import dev.tapctl.engine.spi.SharedReads;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup;

/**
 * DescribeLogGroups (paginated) of one of an environment's name prefixes, by name, made once per
 * plan: the log groups' own reads, their orphan listing and the functions' orphan listing (a
 * function logs to {@code /aws/lambda/<its name>}) share it. Its answer grows only with the groups
 * under the prefix. A drift run over several environments of the project lists the project's
 * prefix once for all of them ({@link SharedReads#environment}).
 */
public final class LogGroupListing {
    private LogGroupListing() {}

    /** Where an environment's groups are. */
    public enum Family {
        /** Its functions' groups, {@code /aws/lambda/<project>-<env>-}. */
        FUNCTIONS("/aws/lambda/", "-"),
        /** Its own groups (flow logs, API access logs), {@code /<project>/<env>/}. */
        OWN("/", "/");

        private final String root;
        private final String separator;

        Family(String root, String separator) {
            this.root = root;
            this.separator = separator;
        }

        /** The prefix of the environment's groups of this family. */
        public String prefix(String project, String env) {
            return projectPrefix(project) + env + separator;
        }

        /** The prefix every environment's {@link #prefix} of the project starts with. */
        String projectPrefix(String project) {
            return root + project + separator;
        }
    }

    /** The groups of {@code family} of the environment, by name. */
    public static Map<String, LogGroup> of(
            CloudWatchLogsClient logs, SharedReads reads, Family family, String project, String env) {
        List<LogGroup> groups = reads.environment(new EnvironmentListing<LogGroup>(
                "logs:DescribeLogGroups:" + family,
                project,
                env,
                envs -> {
                    String prefix = envs.size() == 1
                            ? family.prefix(project, envs.iterator().next())
                            : family.projectPrefix(project);
                    return logs.describeLogGroupsPaginator(r -> r.logGroupNamePrefix(prefix)).logGroups().stream()
                            .toList();
                },
                (group, which) -> group.logGroupName().startsWith(family.prefix(project, which))));
        Map<String, LogGroup> byName = new LinkedHashMap<>();
        groups.forEach(group -> byName.put(group.logGroupName(), group));
        return Collections.unmodifiableMap(byName);
    }
}

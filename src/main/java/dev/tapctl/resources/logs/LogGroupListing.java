package dev.tapctl.resources.logs;

import dev.tapctl.engine.spi.SharedReads;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup;

/**
 * DescribeLogGroups (paginated) of one name prefix, by name, made once per plan: the log groups'
 * own reads, their orphan listing and the functions' orphan listing (a function logs to
 * {@code /aws/lambda/<its name>}) share it. Its answer grows only with the groups under the prefix.
 */
public final class LogGroupListing {
    private LogGroupListing() {}

    public static Map<String, LogGroup> byPrefix(CloudWatchLogsClient logs, SharedReads reads, String prefix) {
        return reads.get("logs:DescribeLogGroups:" + prefix, () -> {
            Map<String, LogGroup> byName = new LinkedHashMap<>();
            logs.describeLogGroupsPaginator(r -> r.logGroupNamePrefix(prefix))
                    .logGroups()
                    .forEach(group -> byName.put(group.logGroupName(), group));
            return Collections.unmodifiableMap(byName);
        });
    }
}

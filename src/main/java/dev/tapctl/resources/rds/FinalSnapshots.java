package dev.tapctl.resources.rds;

import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBSnapshot;

/**
 * The final snapshots a destroy takes of an instance, named {@code <identifier>-final-<UTC time>}
 * so that they are told from snapshots someone took by hand.
 */
record FinalSnapshots(RdsClient rds, Clock clock) {
    private static final DateTimeFormatter SNAPSHOT_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    /** What {@link #SNAPSHOT_TIME} writes. */
    private static final String SNAPSHOT_TIME_PATTERN = "\\d{8}-\\d{6}";

    /** The name a final snapshot taken now gets. */
    String newName(String identifier) {
        return prefix(identifier) + SNAPSHOT_TIME.format(clock.instant());
    }

    /**
     * Final snapshots are manual snapshots: they stay until someone deletes them. DescribeDBSnapshots
     * still finds them by the instance identifier once the instance is gone; of those, only the
     * ones named as {@link #newName} names them count, oldest first.
     */
    List<String> of(String identifier) {
        Pattern ours = Pattern.compile(Pattern.quote(prefix(identifier)) + SNAPSHOT_TIME_PATTERN);
        return rds
                .describeDBSnapshotsPaginator(
                        r -> r.dbInstanceIdentifier(identifier).snapshotType("manual"))
                .dbSnapshots()
                .stream()
                .map(DBSnapshot::dbSnapshotIdentifier)
                .filter(id -> ours.matcher(id).matches())
                .sorted()
                .toList();
    }

    /** Whether the snapshot of that name exists. */
    boolean exists(String snapshot) {
        return !rds.describeDBSnapshots(r -> r.dbSnapshotIdentifier(snapshot))
                .dbSnapshots()
                .isEmpty();
    }

    /** RDS stores snapshot identifiers in lower case. */
    static String prefix(String identifier) {
        return identifier.toLowerCase(Locale.ROOT) + "-final-";
    }
}

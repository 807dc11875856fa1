package dev.tapctl.resources.rds;

import dev.tapctl.engine.spi.Holdings;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DBSnapshot;
import software.amazon.awssdk.services.rds.model.DbInstanceNotFoundException;

/**
 * What a database can still be brought back from: its latest restorable time (DescribeDBInstances
 * LatestRestorableTime, set while automated backups are on) and its newest snapshot
 * (DescribeDBSnapshots for the instance; with no SnapshotType, RDS returns its automated and
 * manual snapshots, RDS API Reference, DescribeDBSnapshots).
 */
final class DbHoldings {
    private final RdsClient rds;

    DbHoldings(RdsClient rds) {
        this.rds = rds;
    }

    Holdings of(String identifier) {
        Optional<Instant> restorable = latestRestorableTime(identifier);
        Optional<DBSnapshot> last =
                rds.describeDBSnapshotsPaginator(r -> r.dbInstanceIdentifier(identifier)).dbSnapshots().stream()
                        .filter(s -> s.snapshotCreateTime() != null)
                        .max(Comparator.comparing(DBSnapshot::snapshotCreateTime));
        Map<String, Object> facts = new LinkedHashMap<>();
        restorable.ifPresent(t -> facts.put("latestRestorableTime", t.toString()));
        last.ifPresent(s -> facts.put(
                "lastSnapshot",
                Map.of(
                        "id", s.dbSnapshotIdentifier(),
                        "type", String.valueOf(s.snapshotType()),
                        "createdAt", s.snapshotCreateTime().toString())));
        String summary = restorable.map(t -> "restorable to " + t).orElse("no automated backups to restore from")
                + "; "
                + last.map(s -> "last snapshot " + s.dbSnapshotIdentifier() + " (" + s.snapshotType() + ", "
                                + s.snapshotCreateTime() + ")")
                        .orElse("no snapshot");
        return new Holdings(summary, facts);
    }

    private Optional<Instant> latestRestorableTime(String identifier) {
        try {
            return rds.describeDBInstances(r -> r.dbInstanceIdentifier(identifier)).dbInstances().stream()
                    .findFirst()
                    .map(DBInstance::latestRestorableTime);
        } catch (DbInstanceNotFoundException e) {
            return Optional.empty();
        }
    }
}

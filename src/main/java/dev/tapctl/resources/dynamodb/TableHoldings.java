package dev.tapctl.resources.dynamodb;

import dev.tapctl.engine.spi.Holdings;
import dev.tapctl.resources.support.Amounts;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryDescription;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryStatus;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * What a table holds, as DescribeTable (ItemCount, TableSizeBytes) and DescribeContinuousBackups
 * (the point-in-time recovery window) tell it. DynamoDB updates ItemCount and TableSizeBytes
 * about every six hours (DynamoDB API Reference, TableDescription), so the counts may lag writes.
 */
final class TableHoldings {
    static final String FRESHNESS = "DynamoDB updates ItemCount and TableSizeBytes about every six hours";

    private final DynamoDbClient dynamodb;

    TableHoldings(DynamoDbClient dynamodb) {
        this.dynamodb = dynamodb;
    }

    Holdings of(String table) {
        TableDescription description =
                dynamodb.describeTable(r -> r.tableName(table)).table();
        long items = description.itemCount() == null ? 0 : description.itemCount();
        long bytes = description.tableSizeBytes() == null ? 0 : description.tableSizeBytes();
        PointInTimeRecoveryDescription pitr = dynamodb.describeContinuousBackups(r -> r.tableName(table))
                .continuousBackupsDescription()
                .pointInTimeRecoveryDescription();
        Map<String, Object> recovery = new LinkedHashMap<>();
        String window;
        if (pitr != null && pitr.pointInTimeRecoveryStatus() == PointInTimeRecoveryStatus.ENABLED) {
            recovery.put("enabled", true);
            if (pitr.earliestRestorableDateTime() != null && pitr.latestRestorableDateTime() != null) {
                recovery.put(
                        "earliestRestorableTime",
                        pitr.earliestRestorableDateTime().toString());
                recovery.put(
                        "latestRestorableTime", pitr.latestRestorableDateTime().toString());
                window = "point-in-time recovery from " + pitr.earliestRestorableDateTime() + " to "
                        + pitr.latestRestorableDateTime();
            } else {
                window = "point-in-time recovery on, no restorable window yet";
            }
        } else {
            recovery.put("enabled", false);
            window = "point-in-time recovery off";
        }
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("items", items);
        facts.put("bytes", bytes);
        facts.put("freshness", FRESHNESS);
        facts.put("pointInTimeRecovery", recovery);
        return new Holdings(
                Amounts.count(items, "item") + ", " + Amounts.bytes(bytes) + " (" + FRESHNESS + "); " + window, facts);
    }
}

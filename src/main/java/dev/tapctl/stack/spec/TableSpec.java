package dev.tapctl.stack.spec;

import dev.tapctl.engine.spi.OutputKey;
import io.soabase.recordbuilder.core.RecordBuilder;
import java.util.Map;

/** A DynamoDB table; {@code sortKey} is null for a table with a partition key only. */
@RecordBuilder
public record TableSpec(
        String name,
        KeyAttribute partitionKey,
        KeyAttribute sortKey,
        String billingMode,
        String kmsKeyArn,
        boolean pointInTimeRecovery,
        boolean deletionProtection,
        Map<String, String> tags) {
    // Outputs of this kind: the handler writes them, dependants read them.
    public static final OutputKey<TableSpec> NAME = OutputKey.of("name");
    public static final OutputKey<TableSpec> ARN = OutputKey.of("arn");

    public TableSpec {
        tags = Map.copyOf(tags);
    }

    /** A key attribute: its name and scalar type (S, N or B). */
    public record KeyAttribute(String name, String type) {}

    public static TableSpecBuilder builder() {
        return TableSpecBuilder.builder();
    }
}

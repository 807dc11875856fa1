package dev.tapctl.resources.dynamodb;

import dev.tapctl.engine.spi.ReadsAtOnce;
import dev.tapctl.engine.spi.ReadsAtOnce.Pending;
import dev.tapctl.resources.support.Missing;
import dev.tapctl.stack.spec.TableSpec.KeyAttribute;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.ContinuousBackupsUnavailableException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ListTagsOfResourceResponse;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryDescription;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryStatus;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.SSEDescription;
import software.amazon.awssdk.services.dynamodb.model.SSEStatus;
import software.amazon.awssdk.services.dynamodb.model.SSEType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/** A table as DescribeTable, DescribeContinuousBackups and ListTagsOfResource tell it. */
final class TableReads {
    private final DynamoDbClient dynamodb;

    TableReads(DynamoDbClient dynamodb) {
        this.dynamodb = dynamodb;
    }

    /**
     * The table of that name; empty when there is none. Its backups and its tags (which needs the
     * ARN DescribeTable answers) are asked for at once during a plan: two rounds of calls, not three.
     */
    Optional<TableHandler.Live> read(String name, ReadsAtOnce atOnce) {
        return Missing.orEmpty(
                        () -> dynamodb.describeTable(r -> r.tableName(name)).table(), ResourceNotFoundException.class)
                .map(table -> live(table, atOnce));
    }

    private TableHandler.Live live(TableDescription table, ReadsAtOnce atOnce) {
        Pending<Boolean> recovery = atOnce.start(() -> pointInTimeRecovery(table.tableName()));
        Pending<Map<String, String>> tags = atOnce.start(() -> tags(table.tableArn()));
        Map<String, String> types = table.attributeDefinitions().stream()
                .collect(Collectors.toMap(
                        AttributeDefinition::attributeName, AttributeDefinition::attributeTypeAsString));
        KeyAttribute partition = null;
        KeyAttribute sort = null;
        for (KeySchemaElement key : table.keySchema()) {
            KeyAttribute attribute = new KeyAttribute(key.attributeName(), types.get(key.attributeName()));
            if (key.keyType() == KeyType.HASH) {
                partition = attribute;
            } else if (key.keyType() == KeyType.RANGE) {
                sort = attribute;
            }
        }
        // A table that never left provisioned mode has no billing mode summary at all.
        String billing =
                table.billingModeSummary() == null || table.billingModeSummary().billingMode() == null
                        ? TableSettings.PROVISIONED
                        : table.billingModeSummary().billingModeAsString();
        return new TableHandler.Live(
                table.tableName(),
                table.tableArn(),
                partition,
                sort,
                billing,
                kmsKeyArn(table.sseDescription()),
                recovery.get(),
                Boolean.TRUE.equals(table.deletionProtectionEnabled()),
                table.tableStatusAsString(),
                tags.get());
    }

    /** The customer key in use; while a key change is UPDATING, the key named is the one being applied. */
    private static String kmsKeyArn(SSEDescription sse) {
        if (sse == null || sse.sseType() != SSEType.KMS) {
            return null;
        }
        return sse.status() == SSEStatus.ENABLED || sse.status() == SSEStatus.UPDATING ? sse.kmsMasterKeyArn() : null;
    }

    private boolean pointInTimeRecovery(String table) {
        // Backups of a table that is still being set up are not on yet.
        return Missing.orEmpty(
                        () -> dynamodb.describeContinuousBackups(r -> r.tableName(table))
                                .continuousBackupsDescription()
                                .pointInTimeRecoveryDescription(),
                        ContinuousBackupsUnavailableException.class)
                .map(PointInTimeRecoveryDescription::pointInTimeRecoveryStatus)
                .filter(PointInTimeRecoveryStatus.ENABLED::equals)
                .isPresent();
    }

    /**
     * The SDK has no paginator for ListTagsOfResource (it is not modelled as paginated), so
     * NextToken is followed here; a token seen twice would loop forever, so it is an error.
     */
    private Map<String, String> tags(String arn) {
        Map<String, String> tags = new TreeMap<>();
        Set<String> seen = new HashSet<>();
        String token = null;
        do {
            String page = token;
            ListTagsOfResourceResponse response =
                    dynamodb.listTagsOfResource(r -> r.resourceArn(arn).nextToken(page));
            response.tags().forEach(t -> tags.put(t.key(), t.value()));
            token = response.nextToken();
            if (token != null && !seen.add(token)) {
                throw new IllegalStateException("ListTagsOfResource for " + arn + " returned NextToken '" + token
                        + "' twice; refusing to page forever");
            }
        } while (token != null && !token.isEmpty());
        return tags;
    }
}

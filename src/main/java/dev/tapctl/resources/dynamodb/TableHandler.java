package dev.tapctl.resources.dynamodb;

import dev.tapctl.aws.TagDiff;
import dev.tapctl.engine.spi.AttributeChange;
import dev.tapctl.engine.spi.DeleteResult;
import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.HandlerContext;
import dev.tapctl.engine.spi.Kind;
import dev.tapctl.engine.spi.Outputs;
import dev.tapctl.engine.spi.Placeholders;
import dev.tapctl.engine.spi.ResourceHandler;
import dev.tapctl.engine.spi.Tagged;
import dev.tapctl.stack.Kinds;
import dev.tapctl.stack.spec.TableSpec;
import dev.tapctl.stack.spec.TableSpec.KeyAttribute;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.waiters.Waiter;
import software.amazon.awssdk.core.waiters.WaiterAcceptor;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ContinuousBackupsUnavailableException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ListTagsOfResourceResponse;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryDescription;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryStatus;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.SSEDescription;
import software.amazon.awssdk.services.dynamodb.model.SSESpecification;
import software.amazon.awssdk.services.dynamodb.model.SSEStatus;
import software.amazon.awssdk.services.dynamodb.model.SSEType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.Tag;
import software.amazon.awssdk.services.dynamodb.model.UpdateTableRequest;
import software.amazon.awssdk.services.dynamodb.waiters.DynamoDbWaiter;

/**
 * A DynamoDB table found by its name: key schema, billing mode, SSE with a customer key,
 * point-in-time recovery, deletion protection and tags. The key schema can only change by
 * replacing the table; everything else is updated in place.
 */
public final class TableHandler implements ResourceHandler<TableSpec, TableHandler.Live> {
    static final String PAY_PER_REQUEST = BillingMode.PAY_PER_REQUEST.toString();
    static final String PROVISIONED = BillingMode.PROVISIONED.toString();

    /**
     * {@code billingMode} is DynamoDB's name (PAY_PER_REQUEST or PROVISIONED); {@code kmsKeyArn} is
     * null when the table is encrypted with the AWS owned key; {@code sortKey} is null when the
     * table has a partition key only.
     */
    public record Live(String name, String arn, KeyAttribute partitionKey, KeyAttribute sortKey, String billingMode,
                       String kmsKeyArn, boolean pointInTimeRecovery, boolean deletionProtection, String status,
                       Map<String, String> tags) implements Tagged {
        public Live {
            tags = Map.copyOf(tags);
        }
    }

    private final DynamoDbClient dynamodb;
    private final WaiterOverrideConfiguration waits;
    private final DynamoDbWaiter waiter;

    public TableHandler(DynamoDbClient dynamodb, WaiterOverrideConfiguration waits) {
        this.dynamodb = dynamodb;
        // DynamoDB's waiters stop after 25 polls by default, which at a short poll interval is far
        // less than the configured timeout: let the timeout alone bound every wait.
        this.waits = waits.maxAttempts().isPresent() ? waits : waits.toBuilder().maxAttempts(Integer.MAX_VALUE).build();
        this.waiter = DynamoDbWaiter.builder().client(dynamodb).overrideConfiguration(this.waits).build();
    }

    @Override
    public Kind<TableSpec> kind() {
        return Kinds.TABLE;
    }

    @Override
    public Optional<Live> read(TableSpec desired, HandlerContext ctx) {
        TableDescription table;
        try {
            table = dynamodb.describeTable(r -> r.tableName(desired.name())).table();
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        }
        return Optional.of(live(table));
    }

    private Live live(TableDescription table) {
        Map<String, String> types = table.attributeDefinitions().stream()
                .collect(Collectors.toMap(AttributeDefinition::attributeName, AttributeDefinition::attributeTypeAsString));
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
        String billing = table.billingModeSummary() == null || table.billingModeSummary().billingMode() == null
                ? PROVISIONED : table.billingModeSummary().billingModeAsString();
        return new Live(table.tableName(), table.tableArn(), partition, sort, billing, kmsKeyArn(table.sseDescription()),
                pointInTimeRecovery(table.tableName()), Boolean.TRUE.equals(table.deletionProtectionEnabled()),
                table.tableStatusAsString(), tags(table.tableArn()));
    }

    /** The customer key in use; while a key change is UPDATING, the key named is the one being applied. */
    private static String kmsKeyArn(SSEDescription sse) {
        if (sse == null || sse.sseType() != SSEType.KMS) {
            return null;
        }
        return sse.status() == SSEStatus.ENABLED || sse.status() == SSEStatus.UPDATING ? sse.kmsMasterKeyArn() : null;
    }

    private boolean pointInTimeRecovery(String table) {
        try {
            PointInTimeRecoveryDescription pitr = dynamodb.describeContinuousBackups(r -> r.tableName(table))
                    .continuousBackupsDescription().pointInTimeRecoveryDescription();
            return pitr != null && pitr.pointInTimeRecoveryStatus() == PointInTimeRecoveryStatus.ENABLED;
        } catch (ContinuousBackupsUnavailableException e) {
            // Backups of a table that is still being set up are not on yet.
            return false;
        }
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
            ListTagsOfResourceResponse response = dynamodb.listTagsOfResource(r -> r.resourceArn(arn).nextToken(page));
            response.tags().forEach(t -> tags.put(t.key(), t.value()));
            token = response.nextToken();
            if (token != null && !seen.add(token)) {
                throw new IllegalStateException("ListTagsOfResource for " + arn + " returned NextToken '" + token
                        + "' twice; refusing to page forever");
            }
        } while (token != null && !token.isEmpty());
        return tags;
    }

    @Override
    public List<AttributeChange> diff(TableSpec desired, Live live) {
        List<AttributeChange> changes = new ArrayList<>();
        if (!Objects.equals(live.partitionKey(), desired.partitionKey())) {
            changes.add(AttributeChange.replacing("partitionKey", live.partitionKey(), desired.partitionKey()));
        }
        if (!Objects.equals(live.sortKey(), desired.sortKey())) {
            changes.add(AttributeChange.replacing("sortKey", live.sortKey(), desired.sortKey()));
        }
        String billing = billingMode(desired);
        if (!billing.equals(live.billingMode())) {
            changes.add(AttributeChange.of("billingMode", live.billingMode(), billing));
        }
        if (!Objects.equals(live.kmsKeyArn(), desired.kmsKeyArn())) {
            changes.add(AttributeChange.of("kmsKeyArn", live.kmsKeyArn(), desired.kmsKeyArn()));
        }
        if (live.pointInTimeRecovery() != desired.pointInTimeRecovery()) {
            changes.add(AttributeChange.of("pointInTimeRecovery", live.pointInTimeRecovery(), desired.pointInTimeRecovery()));
        }
        if (live.deletionProtection() != desired.deletionProtection()) {
            changes.add(AttributeChange.of("deletionProtection", live.deletionProtection(), desired.deletionProtection()));
        }
        changes.addAll(TagDiff.diff(desired.tags(), live.tags()));
        return changes;
    }

    @Override
    public Live create(TableSpec desired, HandlerContext ctx) {
        requireKnown(desired);
        requireOnDemand(desired);
        String name = desired.name();
        try {
            dynamodb.createTable(r -> r.tableName(name)
                    .keySchema(keySchema(desired))
                    .attributeDefinitions(attributeDefinitions(desired))
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .sseSpecification(sse(desired.kmsKeyArn()))
                    .deletionProtectionEnabled(desired.deletionProtection())
                    .tags(toTags(ctx.tagsToWrite(desired.tags()))));
        } catch (ResourceInUseException e) {
            return adopt(desired, ctx, e);
        }
        awaitActive(name, ctx);
        // CreateTable cannot turn point-in-time recovery on; it takes a call of its own.
        if (desired.pointInTimeRecovery()) {
            setPointInTimeRecovery(name, true);
        }
        return read(desired, ctx).orElseThrow(() -> new IllegalStateException("table " + name
                + " was created but cannot be read back"));
    }

    /** CreateTable said the name is in use: a previous run made it (or it is still being deleted). */
    private Live adopt(TableSpec desired, HandlerContext ctx, ResourceInUseException cause) {
        Live existing = read(desired, ctx).orElseThrow(() -> cause);
        if (TableStatus.DELETING.toString().equals(existing.status())) {
            ctx.status("waiting for the old table to be deleted");
            waiter.waitUntilTableNotExists(r -> r.tableName(desired.name()));
            return create(desired, ctx);
        }
        return update(desired, existing, diff(desired, existing), ctx);
    }

    @Override
    public Live update(TableSpec desired, Live live, List<AttributeChange> changes, HandlerContext ctx) {
        requireKnown(desired);
        List<String> replacing = changes.stream().filter(AttributeChange::forcesReplace).map(AttributeChange::path).toList();
        if (!replacing.isEmpty()) {
            throw new IllegalStateException("table " + live.name() + ": " + String.join(", ", replacing)
                    + " can only change by replacing the table");
        }
        Set<String> paths = changes.stream().map(AttributeChange::path).collect(Collectors.toSet());
        String name = live.name();
        // UpdateTable takes one kind of change per call and none while the table is UPDATING.
        boolean mayBeBusy = !TableStatus.ACTIVE.toString().equals(live.status());
        if (paths.contains("billingMode")) {
            requireOnDemand(desired);
            updateTable(name, mayBeBusy, ctx, r -> r.billingMode(BillingMode.PAY_PER_REQUEST));
            mayBeBusy = true;
        }
        if (paths.contains("kmsKeyArn")) {
            updateTable(name, mayBeBusy, ctx, r -> r.sseSpecification(sseChange(desired.kmsKeyArn())));
            mayBeBusy = true;
        }
        if (paths.contains("deletionProtection")) {
            updateTable(name, mayBeBusy, ctx, r -> r.deletionProtectionEnabled(desired.deletionProtection()));
            mayBeBusy = true;
        }
        if (paths.contains("pointInTimeRecovery")) {
            setPointInTimeRecovery(name, desired.pointInTimeRecovery());
        }
        Map<String, String> tags = ctx.tagsToWrite(desired.tags());
        dynamodb.tagResource(r -> r.resourceArn(live.arn()).tags(toTags(tags)));
        String status = live.status();
        if (mayBeBusy) {
            awaitActive(name, ctx);
            status = TableStatus.ACTIVE.toString();
        }
        return new Live(name, live.arn(), live.partitionKey(), live.sortKey(),
                paths.contains("billingMode") ? billingMode(desired) : live.billingMode(), desired.kmsKeyArn(),
                desired.pointInTimeRecovery(), desired.deletionProtection(), status, TagDiff.afterWrite(live.tags(), tags));
    }

    @Override
    public DeleteResult delete(Live live, DeletionPolicy policy, HandlerContext ctx) {
        if (policy == DeletionPolicy.RETAIN) {
            return DeleteResult.retained(live.name());
        }
        if (policy == DeletionPolicy.SNAPSHOT) {
            throw new IllegalArgumentException("table " + live.name()
                    + ": deletion policy SNAPSHOT is not supported for DynamoDB tables; use RETAIN or DELETE");
        }
        String name = live.name();
        boolean mayBeBusy = !TableStatus.ACTIVE.toString().equals(live.status());
        try {
            if (live.deletionProtection()) {
                // AWS refuses DeleteTable while deletion protection is on.
                ctx.status("lifting deletion protection");
                updateTable(name, mayBeBusy, ctx, r -> r.deletionProtectionEnabled(false));
                mayBeBusy = true;
            }
            if (mayBeBusy) {
                awaitActive(name, ctx);
            }
            dynamodb.deleteTable(r -> r.tableName(name));
        } catch (ResourceNotFoundException e) {
            return DeleteResult.deleted();
        }
        ctx.status("waiting for deletion");
        waiter.waitUntilTableNotExists(r -> r.tableName(name));
        return DeleteResult.deleted();
    }

    @Override
    public Outputs outputs(Live live) {
        return Outputs.of(TableSpec.NAME, live.name(), TableSpec.ARN, live.arn());
    }

    private void updateTable(String name, boolean mayBeBusy, HandlerContext ctx, Consumer<UpdateTableRequest.Builder> change) {
        if (mayBeBusy) {
            awaitActive(name, ctx);
        }
        dynamodb.updateTable(r -> change.accept(r.tableName(name)));
    }

    private void awaitActive(String name, HandlerContext ctx) {
        ctx.status("waiting for active");
        waiter.waitUntilTableExists(r -> r.tableName(name));
    }

    /**
     * Right after a table becomes ACTIVE, AWS may still answer ContinuousBackupsUnavailableException
     * for a while; that one error is retried, within the configured wait.
     */
    private void setPointInTimeRecovery(String name, boolean enabled) {
        Waiter<Boolean> available = Waiter.builder(Boolean.class)
                .overrideConfiguration(waits)
                .addAcceptor(WaiterAcceptor.successOnResponseAcceptor(done -> done))
                .addAcceptor(WaiterAcceptor.retryOnResponseAcceptor(done -> !done))
                .build();
        try {
            available.run(() -> {
                try {
                    dynamodb.updateContinuousBackups(r -> r.tableName(name)
                            .pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(enabled)));
                    return true;
                } catch (ContinuousBackupsUnavailableException e) {
                    return false;
                }
            });
        } catch (SdkClientException e) {
            // The waiter wraps any other error; the service's own exception says more.
            if (e.getCause() instanceof AwsServiceException service) {
                throw service;
            }
            throw e;
        }
    }

    /** Null asks for the AWS owned key, which is what CreateTable does without a specification. */
    private static SSESpecification sse(String kmsKeyArn) {
        return kmsKeyArn == null ? null
                : SSESpecification.builder().enabled(true).sseType(SSEType.KMS).kmsMasterKeyId(kmsKeyArn).build();
    }

    /** On UpdateTable, going back to the AWS owned key must be said explicitly. */
    private static SSESpecification sseChange(String kmsKeyArn) {
        return kmsKeyArn == null ? SSESpecification.builder().enabled(false).build() : sse(kmsKeyArn);
    }

    /** Accepts DynamoDB's names and the config's "on-demand"; a missing mode means on-demand. */
    static String billingMode(TableSpec spec) {
        if (spec.billingMode() == null) {
            return PAY_PER_REQUEST;
        }
        String mode = spec.billingMode().trim().toUpperCase(Locale.ROOT).replace('-', '_');
        return switch (mode) {
            case "PAY_PER_REQUEST", "ON_DEMAND" -> PAY_PER_REQUEST;
            case "PROVISIONED" -> PROVISIONED;
            default -> throw new IllegalArgumentException("table " + spec.name() + ": unknown billing mode '"
                    + spec.billingMode() + "' (expected on-demand / PAY_PER_REQUEST or PROVISIONED)");
        };
    }

    /** Provisioned mode needs read and write capacity units, which the spec does not carry. */
    private static void requireOnDemand(TableSpec spec) {
        if (!billingMode(spec).equals(PAY_PER_REQUEST)) {
            throw new IllegalArgumentException("table " + spec.name() + ": billing mode " + spec.billingMode()
                    + " needs read/write capacity, which tapctl does not manage; use on-demand (PAY_PER_REQUEST)");
        }
    }

    private static List<KeySchemaElement> keySchema(TableSpec spec) {
        List<KeySchemaElement> keys = new ArrayList<>();
        keys.add(KeySchemaElement.builder().attributeName(spec.partitionKey().name()).keyType(KeyType.HASH).build());
        if (spec.sortKey() != null) {
            keys.add(KeySchemaElement.builder().attributeName(spec.sortKey().name()).keyType(KeyType.RANGE).build());
        }
        return keys;
    }

    private static List<AttributeDefinition> attributeDefinitions(TableSpec spec) {
        Map<String, String> types = new LinkedHashMap<>();
        types.put(spec.partitionKey().name(), spec.partitionKey().type());
        if (spec.sortKey() != null) {
            types.put(spec.sortKey().name(), spec.sortKey().type());
        }
        return types.entrySet().stream()
                .map(e -> AttributeDefinition.builder().attributeName(e.getKey()).attributeType(e.getValue()).build())
                .toList();
    }

    private static List<Tag> toTags(Map<String, String> tags) {
        return tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
    }

    /** A "known after apply" placeholder must never reach AWS: it would be stored as if it were real. */
    private static void requireKnown(TableSpec spec) {
        new Placeholders().check("name", spec.name()).check("kmsKeyArn", spec.kmsKeyArn()).checkTags(spec.tags())
                .requireKnown("table " + spec.name());
    }
}

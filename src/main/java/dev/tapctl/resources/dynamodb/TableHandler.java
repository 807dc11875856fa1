package dev.tapctl.resources.dynamodb;

import dev.tapctl.aws.TagDiff;
import dev.tapctl.engine.spi.AttributeChange;
import dev.tapctl.engine.spi.DeleteResult;
import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.DescribesHoldings;
import dev.tapctl.engine.spi.HandlerContext;
import dev.tapctl.engine.spi.Holdings;
import dev.tapctl.engine.spi.Tagged;
import dev.tapctl.engine.spi.TransientState;
import dev.tapctl.resources.support.AwsResourceHandler;
import dev.tapctl.resources.support.Created;
import dev.tapctl.resources.support.Diff;
import dev.tapctl.resources.support.Missing;
import dev.tapctl.resources.support.Waits;
import dev.tapctl.stack.Kinds;
import dev.tapctl.stack.spec.TableSpec;
import dev.tapctl.stack.spec.TableSpec.KeyAttribute;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ContinuousBackupsUnavailableException;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.UpdateTableRequest;
import software.amazon.awssdk.services.dynamodb.waiters.DynamoDbWaiter;

/**
 * A DynamoDB table found by its name: key schema, billing mode, SSE with a customer key,
 * point-in-time recovery, deletion protection and tags. The key schema can only change by
 * replacing the table; everything else is updated in place.
 */
public final class TableHandler extends AwsResourceHandler<TableSpec, TableHandler.Live>
        implements DescribesHoldings<TableHandler.Live> {
    /**
     * {@code billingMode} is DynamoDB's name (PAY_PER_REQUEST or PROVISIONED); {@code kmsKeyArn} is
     * null when the table is encrypted with the AWS owned key; {@code sortKey} is null when the
     * table has a partition key only.
     */
    public record Live(
            String name,
            String arn,
            KeyAttribute partitionKey,
            KeyAttribute sortKey,
            String billingMode,
            String kmsKeyArn,
            boolean pointInTimeRecovery,
            boolean deletionProtection,
            @TransientState String status,
            Map<String, String> tags)
            implements Tagged {
        public Live {
            tags = Map.copyOf(tags);
        }
    }

    private final DynamoDbClient dynamodb;
    private final TableReads reads;
    private final TableHoldings holdings;
    private final WaiterOverrideConfiguration waits;
    private final DynamoDbWaiter waiter;

    public TableHandler(DynamoDbClient dynamodb, WaiterOverrideConfiguration waits) {
        super(Kinds.TABLE);
        this.dynamodb = dynamodb;
        this.reads = new TableReads(dynamodb);
        this.holdings = new TableHoldings(dynamodb);
        // DynamoDB's waiters stop after 25 polls by default, which at a short poll interval is far
        // less than the configured timeout: let the timeout alone bound every wait.
        this.waits = waits.maxAttempts().isPresent()
                ? waits
                : waits.toBuilder().maxAttempts(Integer.MAX_VALUE).build();
        this.waiter = DynamoDbWaiter.builder()
                .client(dynamodb)
                .overrideConfiguration(this.waits)
                .build();
    }

    @Override
    public Optional<Live> read(TableSpec desired, HandlerContext ctx) {
        return reads.read(desired.name(), ctx.atOnce());
    }

    @Override
    public List<AttributeChange> diff(TableSpec desired, Live live) {
        return Diff.of(desired, live)
                .replacingFields("partitionKey", "sortKey")
                .field("billingMode", TableSettings::billingMode, Live::billingMode)
                .fields("kmsKeyArn", "pointInTimeRecovery", "deletionProtection")
                .tags()
                .changes();
    }

    @Override
    protected Live createKnown(TableSpec desired, HandlerContext ctx) {
        TableSettings.requireOnDemand(desired);
        String name = desired.name();
        try {
            dynamodb.createTable(r -> r.tableName(name)
                    .keySchema(TableSettings.keySchema(desired))
                    .attributeDefinitions(TableSettings.attributeDefinitions(desired))
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .sseSpecification(TableSettings.sse(desired.kmsKeyArn()))
                    .deletionProtectionEnabled(desired.deletionProtection())
                    .tags(TableSettings.tags(ctx.tagsToWrite(desired.tags()))));
        } catch (ResourceInUseException e) {
            return adopt(desired, ctx, e);
        }
        awaitActive(name, ctx);
        // CreateTable cannot turn point-in-time recovery on; it takes a call of its own.
        if (desired.pointInTimeRecovery()) {
            setPointInTimeRecovery(name, true);
        }
        return Created.readBack(this, desired, ctx, "table " + name);
    }

    /** CreateTable said the name is in use: a previous run made it (or it is still being deleted). */
    private Live adopt(TableSpec desired, HandlerContext ctx, ResourceInUseException cause) {
        Live existing = read(desired, ctx).orElseThrow(() -> cause);
        if (TableStatus.DELETING.toString().equals(existing.status())) {
            Waits.waitFor(
                    "the old table to be deleted",
                    waits,
                    ctx,
                    w -> waiter.waitUntilTableNotExists(byName(desired.name()), w));
            return create(desired, ctx);
        }
        return update(desired, existing, diff(desired, existing), ctx);
    }

    @Override
    protected Live updateKnown(TableSpec desired, Live live, List<AttributeChange> changes, HandlerContext ctx) {
        List<String> replacing = changes.stream()
                .filter(AttributeChange::forcesReplace)
                .map(AttributeChange::path)
                .toList();
        if (!replacing.isEmpty()) {
            throw new IllegalStateException("table " + live.name() + ": " + String.join(", ", replacing)
                    + " can only change by replacing the table");
        }
        Set<String> paths = changes.stream().map(AttributeChange::path).collect(Collectors.toSet());
        String name = live.name();
        // UpdateTable takes one kind of change per call and none while the table is UPDATING.
        boolean mayBeBusy = !TableStatus.ACTIVE.toString().equals(live.status());
        if (paths.contains("billingMode")) {
            TableSettings.requireOnDemand(desired);
            updateTable(name, mayBeBusy, ctx, r -> r.billingMode(BillingMode.PAY_PER_REQUEST));
            mayBeBusy = true;
        }
        if (paths.contains("kmsKeyArn")) {
            updateTable(name, mayBeBusy, ctx, r -> r.sseSpecification(TableSettings.sseChange(desired.kmsKeyArn())));
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
        dynamodb.tagResource(r -> r.resourceArn(live.arn()).tags(TableSettings.tags(tags)));
        String status = live.status();
        if (mayBeBusy) {
            awaitActive(name, ctx);
            status = TableStatus.ACTIVE.toString();
        }
        return new Live(
                name,
                live.arn(),
                live.partitionKey(),
                live.sortKey(),
                paths.contains("billingMode") ? TableSettings.billingMode(desired) : live.billingMode(),
                desired.kmsKeyArn(),
                desired.pointInTimeRecovery(),
                desired.deletionProtection(),
                status,
                TagDiff.afterWrite(live.tags(), tags));
    }

    @Override
    public DeleteResult delete(Live live, DeletionPolicy policy, HandlerContext ctx) {
        String name = live.name();
        boolean gone = !Missing.ok(
                () -> {
                    boolean mayBeBusy = !TableStatus.ACTIVE.toString().equals(live.status());
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
                },
                ResourceNotFoundException.class);
        if (gone) {
            return DeleteResult.deleted();
        }
        Waits.waitFor("deletion", waits, ctx, w -> waiter.waitUntilTableNotExists(byName(name), w));
        return DeleteResult.deleted();
    }

    /** Its items and size (DescribeTable's, which lag by up to six hours) and its point-in-time recovery window. */
    @Override
    public Holdings holdings(Live live, List<String> keptData, HandlerContext ctx) {
        return holdings.of(live.name());
    }

    private void updateTable(
            String name, boolean mayBeBusy, HandlerContext ctx, Consumer<UpdateTableRequest.Builder> change) {
        if (mayBeBusy) {
            awaitActive(name, ctx);
        }
        dynamodb.updateTable(r -> change.accept(r.tableName(name)));
    }

    private void awaitActive(String name, HandlerContext ctx) {
        Waits.waitFor("active", waits, ctx, w -> waiter.waitUntilTableExists(byName(name), w));
    }

    private static DescribeTableRequest byName(String name) {
        return DescribeTableRequest.builder().tableName(name).build();
    }

    /**
     * Right after a table becomes ACTIVE, AWS may still answer ContinuousBackupsUnavailableException
     * for a while; that one error is retried, within the configured wait.
     */
    private void setPointInTimeRecovery(String name, boolean enabled) {
        Waits.until(waits, () -> {
            try {
                dynamodb.updateContinuousBackups(r ->
                        r.tableName(name).pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(enabled)));
                return true;
            } catch (ContinuousBackupsUnavailableException e) {
                return false;
            }
        });
    }
}

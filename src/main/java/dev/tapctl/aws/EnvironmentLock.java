package dev.tapctl.aws;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.waiters.DynamoDbWaiter;

/**
 * One run at a time per environment: a lease on an item of an account-wide DynamoDB table,
 * taken with a conditional write (free, or its lease expired), renewed while the run is alive,
 * and deleted when it ends. A run killed outright leaves a lease that expires by itself, or that
 * {@code tapctl unlock} removes.
 */
public final class EnvironmentLock {
    public static final String TABLE = "tapctl-locks";
    private static final String KEY = "lockId";

    /** Who holds a lock and until when its lease runs. */
    public record Holder(String holder, Instant since, Instant expires) {
    }

    /** The environment is locked by another run. */
    public static final class HeldException extends RuntimeException {
        private final Holder holder;

        HeldException(String lockId, Holder holder) {
            super(lockId + " is locked by " + holder.holder() + " since " + holder.since()
                    + " (lease until " + holder.expires() + "); if that run is gone, run 'tapctl unlock'");
            this.holder = holder;
        }

        public Holder holder() {
            return holder;
        }
    }

    /** A held lock; closing it stops the renewal and releases the lease. */
    public final class Lease implements AutoCloseable {
        private final String lockId;
        private final ScheduledExecutorService renewer;

        private Lease(String lockId) {
            this.lockId = lockId;
            this.renewer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread thread = new Thread(r, "tapctl-lock-renewal");
                thread.setDaemon(true);
                return thread;
            });
            long every = Math.max(1, lease.toMillis() / 3);
            renewer.scheduleAtFixedRate(this::renew, every, every, TimeUnit.MILLISECONDS);
        }

        private void renew() {
            try {
                Instant now = clock.instant();
                dynamodb.updateItem(r -> r.tableName(TABLE).key(key(lockId))
                        .updateExpression("SET expiresAt = :expires")
                        .conditionExpression("holder = :me")
                        .expressionAttributeValues(Map.of(":expires", number(now.plus(lease)), ":me", string(holder))));
            } catch (RuntimeException e) {
                // The next renewal tries again; a lost lease shows when the run ends.
            }
        }

        @Override
        public void close() {
            renewer.shutdownNow();
            try {
                dynamodb.deleteItem(r -> r.tableName(TABLE).key(key(lockId))
                        .conditionExpression("holder = :me")
                        .expressionAttributeValues(Map.of(":me", string(holder))));
            } catch (ConditionalCheckFailedException e) {
                // Someone unlocked it in the meantime: nothing of ours to release.
            }
        }
    }

    private final DynamoDbClient dynamodb;
    private final DynamoDbWaiter waiter;
    private final String holder;
    private final Duration lease;
    private final Clock clock;

    public EnvironmentLock(DynamoDbClient dynamodb, DynamoDbWaiter waiter, String holder, Duration lease, Clock clock) {
        this.dynamodb = dynamodb;
        this.waiter = waiter;
        this.holder = holder;
        this.lease = lease;
        this.clock = clock;
    }

    /** Takes the lock of {@code lockId} or throws {@link HeldException} naming its holder. */
    public Lease acquire(String lockId) {
        try {
            put(lockId);
        } catch (ResourceNotFoundException e) {
            createTable();
            put(lockId);
        }
        return new Lease(lockId);
    }

    private void put(String lockId) {
        Instant now = clock.instant();
        try {
            dynamodb.putItem(r -> r.tableName(TABLE)
                    .item(Map.of(KEY, string(lockId), "holder", string(holder), "since", string(now.toString()),
                            "expiresAt", number(now.plus(lease))))
                    .conditionExpression("attribute_not_exists(" + KEY + ") OR expiresAt < :now")
                    .expressionAttributeValues(Map.of(":now", number(now))));
        } catch (ConditionalCheckFailedException e) {
            throw new HeldException(lockId, holderOf(lockId).orElse(new Holder("another run", now, now)));
        }
    }

    /** Who holds {@code lockId}, if anyone. */
    public Optional<Holder> holderOf(String lockId) {
        try {
            Map<String, AttributeValue> item = dynamodb.getItem(r -> r.tableName(TABLE).key(key(lockId)).consistentRead(true)).item();
            if (item == null || item.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new Holder(item.get("holder").s(), Instant.parse(item.get("since").s()),
                    Instant.ofEpochMilli(Long.parseLong(item.get("expiresAt").n()))));
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        }
    }

    /** Removes the lock whoever holds it; returns who did. */
    public Optional<Holder> forceUnlock(String lockId) {
        Optional<Holder> previous = holderOf(lockId);
        if (previous.isPresent()) {
            dynamodb.deleteItem(r -> r.tableName(TABLE).key(key(lockId)));
        }
        return previous;
    }

    private void createTable() {
        try {
            dynamodb.createTable(r -> r.tableName(TABLE)
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(a -> a.attributeName(KEY).attributeType(ScalarAttributeType.S))
                    .keySchema(k -> k.attributeName(KEY).keyType(KeyType.HASH))
                    .tags(t -> t.key("ManagedBy").value("tapctl")));
        } catch (ResourceInUseException e) {
            // Another run created it first.
        }
        waiter.waitUntilTableExists(r -> r.tableName(TABLE));
    }

    private static Map<String, AttributeValue> key(String lockId) {
        return Map.of(KEY, string(lockId));
    }

    private static AttributeValue string(String value) {
        return AttributeValue.builder().s(value).build();
    }

    private static AttributeValue number(Instant instant) {
        return AttributeValue.builder().n(Long.toString(instant.toEpochMilli())).build();
    }
}

package dev.tapctl.aws;

import dev.tapctl.engine.spi.DaemonThreads;
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
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.waiters.DynamoDbWaiter;

/**
 * One run at a time per environment: a lease on an item of an account-wide DynamoDB table,
 * taken with a conditional write (free, or its lease expired), renewed while the run is alive,
 * and given up when it ends. A run killed outright leaves a lease that expires by itself, or that
 * {@code tapctl unlock} removes.
 *
 * <p>The item also counts every taking of the lock (its generation), like the serial of a
 * Terraform state. A run that looked at the lock before it planned, saw it free, and finds the
 * same generation when it takes the lock knows that no run changed the environment meanwhile, so
 * its plan still holds and it need not plan again under the lock. The item is therefore never
 * deleted: releasing sets its lease to 0 (a deleted and recreated item would restart the count).
 *
 * <p>Builds from before the count put the whole item and deleted it on release; a released item
 * keeps what they look for (a holder, an expired lease), so they still take and report it. Their
 * put drops the count, which a later taking sees as a change. The one case left: a run that
 * looked at an environment never locked before, raced by an old build that locked and released
 * it meanwhile, sees no change.
 */
public final class EnvironmentLock {
    public static final String TABLE = "tapctl-locks";
    private static final String KEY = "lockId";
    private static final String HOLDER = "holder";
    private static final String SINCE = "since";
    private static final String EXPIRES = "expiresAt";
    private static final String GENERATION = "generation";
    /** The lease of a released lock: long expired, so any run may take it, this build or an older one. */
    private static final AttributeValue RELEASED =
            AttributeValue.builder().n("0").build();

    /** Who holds a lock and until when its lease runs. */
    public record Holder(String holder, Instant since, Instant expires) {}

    /**
     * What a look at the lock saw: how many times it had been taken, and whether a run held it
     * (a holder whose lease ran out without a release may still be changing things, so it counts
     * as held; a released lease is 0).
     */
    public record Observation(long generation, boolean held) {}

    /** The environment is locked by another run. */
    public static final class HeldException extends RuntimeException {
        private final Holder holder;

        HeldException(String lockId, Holder holder) {
            super(lockId + " is locked by " + holder.holder() + " since " + holder.since() + " (lease until "
                    + holder.expires() + "); if that run is gone, run 'tapctl unlock'");
            this.holder = holder;
        }

        public Holder holder() {
            return holder;
        }
    }

    /** A held lock; closing it stops the renewal and releases the lease. */
    public final class Lease implements AutoCloseable {
        private final String lockId;
        private final boolean unchangedSinceObservation;
        private final ScheduledExecutorService renewer;

        private Lease(String lockId, boolean unchangedSinceObservation) {
            this.lockId = lockId;
            this.unchangedSinceObservation = unchangedSinceObservation;
            this.renewer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("tapctl-lock-renewal"));
            long every = Math.max(1, lease.toMillis() / 3);
            renewer.scheduleAtFixedRate(this::renew, every, every, TimeUnit.MILLISECONDS);
        }

        /**
         * Whether no run held or took the lock between the observation this lease was taken
         * with and now: what was read after that observation is still what tapctl left.
         */
        public boolean unchangedSinceObservation() {
            return unchangedSinceObservation;
        }

        private void renew() {
            try {
                Instant now = clock.instant();
                // Never after the release: a late renewal would bring a given-up lease back.
                dynamodb.updateItem(r -> r.tableName(TABLE)
                        .key(key(lockId))
                        .updateExpression("SET " + EXPIRES + " = :expires")
                        .conditionExpression(HOLDER + " = :me AND " + EXPIRES + " > :released")
                        .expressionAttributeValues(Map.of(
                                ":expires", number(now.plus(lease)), ":me", string(holder), ":released", RELEASED)));
            } catch (RuntimeException e) {
                // The next renewal tries again; a lost lease shows when the run ends.
            }
        }

        @Override
        public void close() {
            renewer.shutdownNow();
            try {
                dynamodb.updateItem(r -> r.tableName(TABLE)
                        .key(key(lockId))
                        .updateExpression("SET " + EXPIRES + " = :released")
                        .conditionExpression(HOLDER + " = :me")
                        .expressionAttributeValues(Map.of(":me", string(holder), ":released", RELEASED)));
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

    /**
     * A consistent read of the lock, to be made before a plan's reads: with {@link
     * #acquire(String, Observation)} it tells whether the plan is still current once the lock is held.
     */
    public Observation observe(String lockId) {
        Map<String, AttributeValue> item = item(lockId);
        return new Observation(generation(item), held(item));
    }

    /** Takes the lock of {@code lockId} or throws {@link HeldException} naming its holder. */
    public Lease acquire(String lockId) {
        return acquire(lockId, null);
    }

    /**
     * Takes the lock of {@code lockId} or throws {@link HeldException} naming its holder; the
     * lease tells whether the lock is as {@code seen} left it (never, when {@code seen} is null).
     */
    public Lease acquire(String lockId, Observation seen) {
        Map<String, AttributeValue> before;
        try {
            before = take(lockId);
        } catch (ResourceNotFoundException e) {
            createTable();
            before = take(lockId);
        }
        boolean unchanged = seen != null && !seen.held() && generation(before) == seen.generation();
        return new Lease(lockId, unchanged);
    }

    /** One conditional write: holder, lease and the next generation. Returns the item as it was. */
    private Map<String, AttributeValue> take(String lockId) {
        Instant now = clock.instant();
        try {
            return dynamodb.updateItem(r -> r.tableName(TABLE)
                            .key(key(lockId))
                            .updateExpression(
                                    "SET " + HOLDER + " = :me, " + SINCE + " = :since, " + EXPIRES + " = :expires, "
                                            + GENERATION + " = if_not_exists(" + GENERATION + ", :zero) + :one")
                            .conditionExpression("attribute_not_exists(" + HOLDER + ") OR attribute_not_exists("
                                    + EXPIRES + ") OR " + EXPIRES + " < :now")
                            .expressionAttributeValues(Map.of(
                                    ":me",
                                    string(holder),
                                    ":since",
                                    string(now.toString()),
                                    ":expires",
                                    number(now.plus(lease)),
                                    ":now",
                                    number(now),
                                    ":zero",
                                    AttributeValue.builder().n("0").build(),
                                    ":one",
                                    AttributeValue.builder().n("1").build()))
                            .returnValues(ReturnValue.ALL_OLD))
                    .attributes();
        } catch (ConditionalCheckFailedException e) {
            throw new HeldException(lockId, holderOf(lockId).orElse(new Holder("another run", now, now)));
        }
    }

    /** Who holds {@code lockId}, if anyone. */
    public Optional<Holder> holderOf(String lockId) {
        Map<String, AttributeValue> item = item(lockId);
        if (!held(item)) {
            return Optional.empty();
        }
        return Optional.of(new Holder(
                item.get(HOLDER).s(),
                Instant.parse(item.get(SINCE).s()),
                Instant.ofEpochMilli(Long.parseLong(item.get(EXPIRES).n()))));
    }

    /** Removes the lock whoever holds it; returns who did. */
    public Optional<Holder> forceUnlock(String lockId) {
        Optional<Holder> previous = holderOf(lockId);
        if (previous.isPresent()) {
            dynamodb.updateItem(r -> r.tableName(TABLE)
                    .key(key(lockId))
                    .updateExpression("SET " + EXPIRES + " = :released")
                    .expressionAttributeValues(Map.of(":released", RELEASED)));
        }
        return previous;
    }

    /** The lock's item (consistent read); empty when there is none, or no table yet. */
    private Map<String, AttributeValue> item(String lockId) {
        try {
            Map<String, AttributeValue> item = dynamodb.getItem(
                            r -> r.tableName(TABLE).key(key(lockId)).consistentRead(true))
                    .item();
            return item == null ? Map.of() : item;
        } catch (ResourceNotFoundException e) {
            return Map.of();
        }
    }

    /** A holder whose lease was not given up (released leases are 0; an expired one still counts). */
    private static boolean held(Map<String, AttributeValue> item) {
        AttributeValue expires = item.get(EXPIRES);
        return item.containsKey(HOLDER) && expires != null && expires.n() != null && Long.parseLong(expires.n()) > 0;
    }

    private static long generation(Map<String, AttributeValue> item) {
        AttributeValue value = item == null ? null : item.get(GENERATION);
        return value == null || value.n() == null ? 0 : Long.parseLong(value.n());
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

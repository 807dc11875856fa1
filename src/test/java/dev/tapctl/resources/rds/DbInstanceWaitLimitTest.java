package dev.tapctl.resources.rds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tapctl.aws.AwsClients;
import dev.tapctl.engine.spi.AttributeChange;
import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.HandlerContext;
import dev.tapctl.resources.support.WaitLimitExceededException;
import dev.tapctl.stack.spec.DbInstanceSpec;
import dev.tapctl.testing.CallLog;
import dev.tapctl.testing.Emulator;
import dev.tapctl.testing.EmulatorExtension;
import dev.tapctl.testing.HandlerFixture;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A resource's configured wait limit ({@code timeouts.data.db.update: 1s}, handed over as
 * {@link HandlerContext#waitLimit()}) bounds the SDK waiter of the database for real, in place of
 * the built-in bound (30 s on these clients): an instance RDS keeps "creating" is given up on
 * after about a second, and the progress hears the wait with its limit.
 */
@ExtendWith(EmulatorExtension.class)
class DbInstanceWaitLimitTest {
    private static final String NAME = "tap-test-db";
    private static final Duration BUILT_IN = Duration.ofSeconds(30);

    private final CallLog calls = new CallLog();
    private final RdsStates states = new RdsStates();
    private AwsClients clients;
    private AwsClients plain;
    private DbInstanceHandler handler;

    /** A context with a wait limit of its own, or none, that remembers the waits it was told of. */
    private static final class LimitedContext implements HandlerContext {
        final Duration limit;
        final List<String> waits = new CopyOnWriteArrayList<>();

        LimitedContext(Duration limit) {
            this.limit = limit;
        }

        @Override
        public String logicalId() {
            return "data.db";
        }

        @Override
        public String specHash() {
            return "hash-1";
        }

        @Override
        public void status(String message) {}

        @Override
        public Optional<Duration> waitLimit() {
            return Optional.ofNullable(limit);
        }

        @Override
        public void waiting(String forWhat, Duration waitLimit) {
            waits.add(forWhat + " at most " + waitLimit.toMillis() + " ms");
        }
    }

    @BeforeEach
    void setUp(Emulator emulator) {
        clients = HandlerFixture.clients(emulator, calls, states);
        plain = HandlerFixture.clients(emulator);
        assertThat(clients.waiterConfig().waitTimeout()).contains(BUILT_IN);
        handler = new DbInstanceHandler(clients.rds(), clients.secrets(), clients.waiterConfig(), Clock.systemUTC());
        plain.rds().createDBInstance(r -> r.dbInstanceIdentifier(NAME)
                .engine("postgres")
                .dbInstanceClass("db.t4g.micro")
                .allocatedStorage(20)
                .masterUsername("app")
                .masterUserPassword("correct-horse-battery"));
    }

    @AfterEach
    void tearDown() {
        clients.close();
        plain.close();
    }

    @Test
    void theConfiguredLimitEndsAWaitThatTheBuiltInBoundWouldStillAllow() {
        // "creating" for far longer than the test would wait: 100 ms polls for 30 s at least.
        states.pass(NAME, "creating", 100_000, null);
        DbInstanceHandler.Live creating =
                handler.read(spec(), new LimitedContext(null)).orElseThrow();
        LimitedContext ctx = new LimitedContext(Duration.ofSeconds(1));

        long start = System.nanoTime();
        assertThatThrownBy(() ->
                        handler.update(spec(), creating, List.of(AttributeChange.of("backupRetentionDays", 0, 1)), ctx))
                .isInstanceOf(WaitLimitExceededException.class)
                .hasMessage("gave up waiting for available after 1s, the limit its timeouts configuration sets");
        Duration waited = Duration.ofNanos(System.nanoTime() - start);

        assertThat(waited).isBetween(Duration.ofMillis(900), Duration.ofSeconds(10));
        assertThat(ctx.waits).containsExactly("available at most 1000 ms");
        assertThat(calls.operations())
                .as("the waiter polled, and nothing was changed while the instance was not available")
                .contains("DescribeDBInstances")
                .doesNotContain("ModifyDBInstance");
    }

    @Test
    void withoutAConfiguredLimitTheBuiltInBoundIsTheOneReported() {
        states.pass(NAME, "backing-up", 3, null);
        LimitedContext ctx = new LimitedContext(null);
        DbInstanceHandler.Live backingUp = handler.read(spec(), ctx).orElseThrow();

        handler.delete(backingUp, DeletionPolicy.DELETE, ctx);

        assertThat(ctx.waits)
                .containsExactly(
                        "available at most " + BUILT_IN.toMillis() + " ms",
                        "deleted at most " + BUILT_IN.toMillis() + " ms");
    }

    private static DbInstanceSpec spec() {
        return new DbInstanceSpec(
                NAME,
                "postgres",
                "16.4",
                "db.t4g.micro",
                20,
                "gp3",
                "arn:aws:kms:key",
                false,
                false,
                1,
                false,
                "subnets",
                List.of("sg-1"),
                "app",
                "arn:aws:secretsmanager:secret",
                "app",
                5432,
                NAME + "-final",
                HandlerFixture.tags("data.db", NAME));
    }
}

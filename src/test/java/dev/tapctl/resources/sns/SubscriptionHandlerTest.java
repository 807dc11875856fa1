package dev.tapctl.resources.sns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tapctl.aws.AwsClients;
import dev.tapctl.engine.PlanReads;
import dev.tapctl.engine.spi.DeleteResult;
import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.Ownership;
import dev.tapctl.engine.spi.SpecHashes;
import dev.tapctl.engine.spi.Tags;
import dev.tapctl.stack.Kinds;
import dev.tapctl.stack.spec.SubscriptionSpec;
import dev.tapctl.testing.CallLog;
import dev.tapctl.testing.Emulator;
import dev.tapctl.testing.EmulatorExtension;
import dev.tapctl.testing.HandlerFixture;
import dev.tapctl.testing.TestContext;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sns.SnsClient;

@ExtendWith(EmulatorExtension.class)
class SubscriptionHandlerTest {
    private static final String ADDRESS = "oncall@example.com";

    private final CallLog calls = new CallLog();
    private final TestContext ctx = new TestContext("alarms.email.1");
    private AwsClients clients;
    private SnsClient sns;
    private SubscriptionHandler handler;
    private String topicArn;
    private SubscriptionSpec spec;
    private Emulator emulator;

    @BeforeEach
    void setUp(Emulator emulator) {
        this.emulator = emulator;
        clients = HandlerFixture.clients(emulator, calls);
        sns = clients.sns();
        handler = new SubscriptionHandler(sns, emulator::accountId, emulator.region());
        topicArn = sns.createTopic(r -> r.name("tap-test-alarms")).topicArn();
        spec = new SubscriptionSpec(topicArn, "email", ADDRESS);
        calls.clear();
    }

    @AfterEach
    void tearDown() {
        clients.close();
    }

    @Test
    void anEmailSubscriptionIsCreatedPendingFoundAgainAndItsDeleteLeftToSns() {
        assertThat(handler.kind()).isEqualTo(Kinds.TOPIC_SUBSCRIPTION);
        assertThat(SpecHashes.recordedBy(handler))
                .as("SNS cannot tag a subscription")
                .isFalse();
        assertThat(handler.read(spec, ctx)).isEmpty();

        calls.clear();
        SubscriptionHandler.Live created = handler.create(spec, ctx);
        assertThat(calls.mutating()).extracting(CallLog.Call::operation).containsExactly("Subscribe");
        assertThat(created.pending()).isTrue();
        assertThat(created.subscriptionArn())
                .as("asked for with ReturnSubscriptionArn")
                .startsWith(topicArn + ":");

        SubscriptionHandler.Live live = handler.read(spec, ctx).orElseThrow();
        assertThat(live.pending()).isTrue();
        assertThat(live.subscriptionArn())
                .as("SNS lists only PendingConfirmation")
                .isNull();
        assertThat(handler.diff(spec, live)).isEmpty();
        assertThat(live.tags()).containsOnly(java.util.Map.entry(Tags.NAME, ADDRESS));

        // A crashed run subscribing again gets the same subscription: no second one.
        handler.create(spec, ctx);
        assertThat(sns.listSubscriptionsByTopic(r -> r.topicArn(topicArn)).subscriptions())
                .hasSize(1);

        calls.clear();
        DeleteResult deleted = handler.delete(live, DeletionPolicy.DELETE, ctx);
        assertThat(deleted.outcome()).isEqualTo(DeleteResult.Outcome.SCHEDULED);
        assertThat(deleted.detail()).contains("48 hours");
        assertThat(calls.mutating())
                .as("AWS refuses to unsubscribe a pending subscription")
                .isEmpty();

        // With the ARN in hand (as create returns it) AWS refuses the same way; it counts as scheduled too.
        assertThat(handler.delete(created, DeletionPolicy.DELETE, ctx).outcome())
                .isEqualTo(DeleteResult.Outcome.SCHEDULED);
    }

    @Test
    void aConfirmedSubscriptionIsUnsubscribed() {
        String queueArn = clients.sqs()
                .getQueueAttributes(r -> r.queueUrl(
                                clients.sqs().createQueue(q -> q.queueName("q")).queueUrl())
                        .attributeNamesWithStrings("QueueArn"))
                .attributesAsStrings()
                .get("QueueArn");
        SubscriptionSpec toQueue = new SubscriptionSpec(topicArn, "sqs", queueArn);
        handler.create(toQueue, ctx);
        SubscriptionHandler.Live live = handler.read(toQueue, ctx).orElseThrow();
        assertThat(live.pending()).isFalse();

        calls.clear();
        assertThat(handler.delete(live, DeletionPolicy.DELETE, ctx)).isEqualTo(DeleteResult.deleted());
        assertThat(calls.mutating()).extracting(CallLog.Call::operation).containsExactly("Unsubscribe");
        assertThat(handler.read(toQueue, ctx)).isEmpty();
    }

    @Test
    void anAddressNoLongerConfiguredIsAnOrphanFoundWithTheSameListing() {
        handler.create(spec, ctx);
        handler.create(new SubscriptionSpec(topicArn, "email", "former@example.com"), ctx);

        calls.clear();
        PlanReads plan = new PlanReads();
        assertThat(handler.read(spec, ctx.sharing(plan))).isPresent();
        assertThat(handler.listOrphans(
                        new Ownership(HandlerFixture.PROJECT, HandlerFixture.ENV, "tap-test-", Set.of(ADDRESS)), plan))
                .extracting(SubscriptionHandler.Live::endpoint)
                .containsExactly("former@example.com");
        assertThat(calls.operations()).containsExactly("ListSubscriptionsByTopic");
        assertThat(emulator.accountId()).isNotBlank();
    }
}

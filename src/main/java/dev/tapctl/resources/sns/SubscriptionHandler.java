package dev.tapctl.resources.sns;

import dev.tapctl.aws.Eventually;
import dev.tapctl.engine.spi.AttributeChange;
import dev.tapctl.engine.spi.DeleteResult;
import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.HandlerContext;
import dev.tapctl.engine.spi.ListsOrphans;
import dev.tapctl.engine.spi.Outputs;
import dev.tapctl.engine.spi.Ownership;
import dev.tapctl.engine.spi.ReadsUpstreamOutputs;
import dev.tapctl.engine.spi.SharedReads;
import dev.tapctl.engine.spi.Tagged;
import dev.tapctl.engine.spi.Tags;
import dev.tapctl.engine.spi.TransientState;
import dev.tapctl.engine.spi.Unknown;
import dev.tapctl.engine.spi.Untagged;
import dev.tapctl.resources.support.AwsResourceHandler;
import dev.tapctl.resources.support.Missing;
import dev.tapctl.resources.support.NothingToUpdate;
import dev.tapctl.stack.Arns;
import dev.tapctl.stack.Kinds;
import dev.tapctl.stack.spec.SubscriptionSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.InvalidParameterException;
import software.amazon.awssdk.services.sns.model.NotFoundException;
import software.amazon.awssdk.services.sns.model.Subscription;

/**
 * A subscription of an address to the alarm topic, found among the topic's subscriptions by
 * protocol and endpoint. Protocol and endpoint are the subscription's identity: nothing else is
 * owned, so there is nothing to update.
 *
 * <p>Pending confirmation, as AWS treats it: an email subscription stays "PendingConfirmation"
 * until its owner follows the link SNS mails; ListSubscriptionsByTopic then shows the ARN as
 * {@code PendingConfirmation}, and Subscribe returns it only with {@code ReturnSubscriptionArn}
 * (SNS API Reference, Subscribe). "You can't delete a subscription that's pending confirmation.
 * Amazon SNS automatically deletes unconfirmed subscriptions after 48 hours" (SNS Developer
 * Guide, "Deleting an Amazon SNS subscription and topic"); Unsubscribe answers InvalidParameter
 * "Cannot unsubscribe a subscription that is pending confirmation", which terraform-provider-aws's
 * aws_sns_topic_subscription also takes as deleted. So a pending subscription counts as present
 * (subscribing again would only mail another link), and its delete is reported as scheduled.
 *
 * <p>SNS cannot tag a subscription: the spec hash is not recorded, and the view's "tags" are only
 * the {@code Name} under which the plan reports an orphan (its address), never AWS tags.
 */
public final class SubscriptionHandler extends AwsResourceHandler<SubscriptionSpec, SubscriptionHandler.Live>
        implements NothingToUpdate<SubscriptionSpec, SubscriptionHandler.Live>,
                // The topic's ARN is the topic resource's output.
                ReadsUpstreamOutputs<SubscriptionSpec>,
                Untagged,
                ListsOrphans<SubscriptionHandler.Live> {
    static final String PENDING = "PendingConfirmation";
    private static final String PENDING_DELETE =
            "pending confirmation: SNS deletes an unconfirmed subscription itself after 48 hours";

    /** {@code subscriptionArn} is the real ARN, or null while SNS shows only "PendingConfirmation". */
    public record Live(
            String topicArn,
            String protocol,
            String endpoint,
            String subscriptionArn,
            @TransientState boolean pending) implements Tagged {
        @Override
        public Map<String, String> tags() {
            return Map.of(Tags.NAME, endpoint);
        }
    }

    private final SnsClient sns;
    private final Supplier<String> accountId;
    private final String region;

    /** {@code accountId} and {@code region} locate the environment's topic when looking for orphans. */
    public SubscriptionHandler(SnsClient sns, Supplier<String> accountId, String region) {
        super(Kinds.TOPIC_SUBSCRIPTION);
        this.sns = sns;
        this.accountId = accountId;
        this.region = region;
    }

    @Override
    public Optional<Live> read(SubscriptionSpec desired, HandlerContext ctx) {
        if (Unknown.isUnknown(desired.topicArn())) {
            return Optional.empty();
        }
        return subscriptions(ctx.reads(), desired.topicArn()).stream()
                .filter(s ->
                        s.protocol().equals(desired.protocol()) && s.endpoint().equals(desired.endpoint()))
                .findFirst();
    }

    /** ListSubscriptionsByTopic (paginated), shared within a plan by the topic's subscriptions and the orphans. */
    private List<Live> subscriptions(SharedReads reads, String topicArn) {
        // No topic, no subscriptions.
        return reads.get("sns:ListSubscriptionsByTopic:" + topicArn, () -> Missing.orEmpty(
                        () -> sns.listSubscriptionsByTopicPaginator(r -> r.topicArn(topicArn)).subscriptions().stream()
                                .map(SubscriptionHandler::live)
                                .toList(),
                        NotFoundException.class)
                .orElse(List.of()));
    }

    private static Live live(Subscription s) {
        boolean pending = PENDING.equals(s.subscriptionArn());
        return new Live(s.topicArn(), s.protocol(), s.endpoint(), pending ? null : s.subscriptionArn(), pending);
    }

    /**
     * The email subscriptions of this environment's topic ({@code <namePrefix>alarms}) whose
     * address the configuration no longer has. One ListSubscriptionsByTopic, of that topic only.
     */
    @Override
    public List<Live> listOrphans(Ownership owner, SharedReads reads) {
        String topicArn = "arn:" + Arns.partition(region) + ":sns:" + region + ":" + accountId.get() + ":"
                + owner.namePrefix() + "alarms";
        List<Live> orphans = new ArrayList<>();
        for (Live s : subscriptions(reads, topicArn)) {
            if (s.protocol().equals("email") && !owner.knownNames().contains(s.endpoint())) {
                orphans.add(s);
            }
        }
        return orphans;
    }

    /**
     * Subscribe with ReturnSubscriptionArn, so the answer holds the ARN even while the address
     * has not confirmed. Subscribing an address already subscribed returns that subscription
     * (SNS API Reference, Subscribe): a crashed run leaves nothing to adopt.
     */
    @Override
    protected Live createKnown(SubscriptionSpec desired, HandlerContext ctx) {
        String arn = sns.subscribe(r -> r.topicArn(desired.topicArn())
                        .protocol(desired.protocol())
                        .endpoint(desired.endpoint())
                        .returnSubscriptionArn(true))
                .subscriptionArn();
        ctx.status("SNS mailed " + desired.endpoint() + " a confirmation link");
        boolean pending = !"email".equals(desired.protocol()) ? false : pendingConfirmation(arn);
        return new Live(desired.topicArn(), desired.protocol(), desired.endpoint(), arn, pending);
    }

    /** Never called with changes: the diff of this kind is always empty. */
    @Override
    protected Live updateKnown(SubscriptionSpec desired, Live live, List<AttributeChange> changes, HandlerContext ctx) {
        return live;
    }

    private boolean pendingConfirmation(String arn) {
        return Missing.orEmpty(
                        () -> Boolean.parseBoolean(sns.getSubscriptionAttributes(r -> r.subscriptionArn(arn))
                                .attributes()
                                .get(PENDING)),
                        NotFoundException.class)
                .orElse(false);
    }

    @Override
    public DeleteResult delete(Live live, DeletionPolicy policy, HandlerContext ctx) {
        if (live.pending() || live.subscriptionArn() == null) {
            return new DeleteResult(DeleteResult.Outcome.SCHEDULED, PENDING_DELETE);
        }
        try {
            Missing.ok(() -> sns.unsubscribe(r -> r.subscriptionArn(live.subscriptionArn())), NotFoundException.class);
        } catch (InvalidParameterException e) {
            if (Eventually.messageOf(e).contains("pending confirmation")) {
                return new DeleteResult(DeleteResult.Outcome.SCHEDULED, PENDING_DELETE);
            }
            throw e;
        }
        return DeleteResult.deleted();
    }

    @Override
    public Outputs outputs(Live live) {
        return live.subscriptionArn() == null
                ? Outputs.of(SubscriptionSpec.ENDPOINT, live.endpoint())
                : Outputs.of(SubscriptionSpec.ENDPOINT, live.endpoint(), SubscriptionSpec.ARN, live.subscriptionArn());
    }
}

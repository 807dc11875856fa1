package dev.tapctl.resources.sqs;

import dev.tapctl.aws.Eventually;
import dev.tapctl.aws.TagDiff;
import dev.tapctl.engine.spi.AttributeChange;
import dev.tapctl.engine.spi.DeleteResult;
import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.DescribesHoldings;
import dev.tapctl.engine.spi.HandlerContext;
import dev.tapctl.engine.spi.Holdings;
import dev.tapctl.engine.spi.ListsOrphans;
import dev.tapctl.engine.spi.Ownership;
import dev.tapctl.engine.spi.RefusesDeletion;
import dev.tapctl.engine.spi.SharedReads;
import dev.tapctl.engine.spi.Tagged;
import dev.tapctl.engine.spi.TransientState;
import dev.tapctl.resources.support.Amounts;
import dev.tapctl.resources.support.AwsResourceHandler;
import dev.tapctl.resources.support.Created;
import dev.tapctl.resources.support.Diff;
import dev.tapctl.resources.support.Missing;
import dev.tapctl.stack.Kinds;
import dev.tapctl.stack.spec.QueueSpec;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDeletedRecentlyException;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.QueueNameExistsException;

/**
 * An SQS queue found by its name: KMS key, message retention and tags. Destroy refuses to delete
 * a queue that still holds messages unless the handler was built with {@code force}: a function's
 * dead-letter queue holds the events it could not process, and deleting it loses them.
 */
public final class QueueHandler extends AwsResourceHandler<QueueSpec, QueueHandler.Live>
        implements ListsOrphans<QueueHandler.Live>,
                RefusesDeletion<QueueHandler.Live>,
                DescribesHoldings<QueueHandler.Live> {

    /**
     * {@code kmsKeyId} is what SQS reports as KmsMasterKeyId (null when the queue is not encrypted
     * with a KMS key); the message counts are SQS's approximations at the time of the read.
     */
    public record Live(
            String name,
            String url,
            String arn,
            String kmsKeyId,
            Integer messageRetentionSeconds,
            @TransientState long visibleMessages,
            @TransientState long inFlightMessages,
            @TransientState long delayedMessages,
            Map<String, String> tags)
            implements Tagged {
        public Live {
            tags = Map.copyOf(tags);
        }

        /** Every message the queue holds: visible, in flight and delayed. */
        public long messages() {
            return visibleMessages + inFlightMessages + delayedMessages;
        }
    }

    private final SqsClient sqs;
    private final Eventually eventually;
    private final boolean force;
    private final QueueReads reads;

    /** A handler whose delete refuses a queue that still holds messages. */
    public QueueHandler(SqsClient sqs, Eventually eventually) {
        this(sqs, eventually, false);
    }

    /** {@code force}: delete a queue even if it still holds messages (destroy --force). */
    public QueueHandler(SqsClient sqs, Eventually eventually, boolean force) {
        super(Kinds.QUEUE);
        this.sqs = sqs;
        this.eventually = eventually;
        this.force = force;
        this.reads = new QueueReads(sqs);
    }

    @Override
    public Optional<Live> read(QueueSpec desired, HandlerContext ctx) {
        return reads.read(desired, ctx);
    }

    /**
     * The environment's queues the configuration no longer has ({@link QueueReads#orphans}). An
     * orphan goes (the default policy, DELETE) with the queue's own safeguard intact: delete still
     * refuses a queue holding messages (a removed function's dead letters) unless this handler was
     * built with {@code force}.
     */
    @Override
    public List<Live> listOrphans(Ownership owner, SharedReads reads) {
        return this.reads.orphans(owner, reads);
    }

    @Override
    public List<AttributeChange> diff(QueueSpec desired, Live live) {
        return Diff.of(desired, live)
                .field("kmsKeyArn", QueueSpec::kmsKeyArn, Live::kmsKeyId)
                .fields("messageRetentionSeconds")
                .tags()
                .changes();
    }

    @Override
    protected Live createKnown(QueueSpec desired, HandlerContext ctx) {
        Map<String, String> tags = ctx.tagsToWrite(desired.tags());
        Map<QueueAttributeName, String> attributes = new EnumMap<>(QueueAttributeName.class);
        attributes.put(
                QueueAttributeName.MESSAGE_RETENTION_PERIOD, Integer.toString(desired.messageRetentionSeconds()));
        if (desired.kmsKeyArn() != null) {
            attributes.put(QueueAttributeName.KMS_MASTER_KEY_ID, desired.kmsKeyArn());
        }
        // QueueNameExists: the queue exists with other attributes (a previous run, or a hand-made queue).
        return createOrAdopt(desired, ctx, QueueNameExistsException.class, () -> {
            // "You must wait 60 seconds after deleting a queue before you can create another with
            // the same name" (SQS API Reference, DeleteQueue): an apply right after a destroy
            // waits the name out.
            eventually.run(
                    "queue name " + desired.name() + " to be free (SQS keeps a deleted queue's name for 60 s)",
                    e -> e instanceof QueueDeletedRecentlyException,
                    ctx::status,
                    () -> sqs.createQueue(r ->
                            r.queueName(desired.name()).attributes(attributes).tags(tags)));
            Live created = Created.readBack(this, desired, ctx, "queue " + desired.name());
            if (!created.tags().entrySet().containsAll(tags.entrySet())) {
                // CreateQueue on an existing queue with the same attributes returns it as it is, without
                // applying the request's tags.
                sqs.tagQueue(r -> r.queueUrl(created.url()).tags(tags));
                return withTags(created, TagDiff.afterWrite(created.tags(), tags));
            }
            return created;
        });
    }

    @Override
    protected Live updateKnown(QueueSpec desired, Live live, List<AttributeChange> changes, HandlerContext ctx) {
        Map<QueueAttributeName, String> attributes = new EnumMap<>(QueueAttributeName.class);
        for (AttributeChange change : changes) {
            switch (change.path()) {
                // An empty key id removes SSE-KMS (SQS then falls back to its own keys); sending
                // SqsManagedSseEnabled alongside a key is refused as two encryptions at once.
                case "kmsKeyArn" ->
                    attributes.put(
                            QueueAttributeName.KMS_MASTER_KEY_ID,
                            desired.kmsKeyArn() == null ? "" : desired.kmsKeyArn());
                case "messageRetentionSeconds" ->
                    attributes.put(
                            QueueAttributeName.MESSAGE_RETENTION_PERIOD,
                            Integer.toString(desired.messageRetentionSeconds()));
                default -> {
                    // Tags are written together below, with the new spec hash.
                }
            }
        }
        if (!attributes.isEmpty()) {
            sqs.setQueueAttributes(r -> r.queueUrl(live.url()).attributes(attributes));
        }
        Map<String, String> tags = ctx.tagsToWrite(desired.tags());
        sqs.tagQueue(r -> r.queueUrl(live.url()).tags(tags));
        return new Live(
                live.name(),
                live.url(),
                live.arn(),
                desired.kmsKeyArn(),
                desired.messageRetentionSeconds(),
                live.visibleMessages(),
                live.inFlightMessages(),
                live.delayedMessages(),
                TagDiff.afterWrite(live.tags(), tags));
    }

    /**
     * The messages the read found (SQS's approximate counts, with no call of its own): for a
     * dead-letter queue, the events its function could not process.
     */
    @Override
    public Holdings holdings(Live live, List<String> keptData, HandlerContext ctx) {
        return new Holdings(
                Amounts.count(live.messages(), "message")
                        + " (SQS's approximate counts: " + live.visibleMessages() + " visible, "
                        + live.inFlightMessages() + " in flight, " + live.delayedMessages() + " delayed)",
                Map.of(
                        "messages",
                        live.messages(),
                        "freshness",
                        "SQS's ApproximateNumberOfMessages* attributes: approximate, eventually consistent"));
    }

    @Override
    public Optional<String> deletionRefusal(Live live) {
        return force || live.messages() == 0
                ? Optional.empty()
                : Optional.of(new QueueNotEmptyException(live.name(), live.messages()).getMessage());
    }

    @Override
    public DeleteResult delete(Live live, DeletionPolicy policy, HandlerContext ctx) {
        return Missing.deleted(
                () -> {
                    if (!force) {
                        // The counts in `live` may be minutes old (read at plan time); messages that arrived
                        // since are just as lost.
                        long messages = reads.messageCount(live.url());
                        if (messages > 0) {
                            throw new QueueNotEmptyException(live.name(), messages);
                        }
                    }
                    sqs.deleteQueue(r -> r.queueUrl(live.url()));
                },
                QueueDoesNotExistException.class);
    }

    private static Live withTags(Live live, Map<String, String> tags) {
        return new Live(
                live.name(),
                live.url(),
                live.arn(),
                live.kmsKeyId(),
                live.messageRetentionSeconds(),
                live.visibleMessages(),
                live.inFlightMessages(),
                live.delayedMessages(),
                tags);
    }
}

package dev.tapctl.resources.sqs;

import dev.tapctl.aws.Eventually;
import dev.tapctl.aws.TagDiff;
import dev.tapctl.engine.spi.AttributeChange;
import dev.tapctl.engine.spi.DeleteResult;
import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.DescribesHoldings;
import dev.tapctl.engine.spi.HandlerContext;
import dev.tapctl.engine.spi.Holdings;
import dev.tapctl.engine.spi.Kind;
import dev.tapctl.engine.spi.ListsOrphans;
import dev.tapctl.engine.spi.Outputs;
import dev.tapctl.engine.spi.Ownership;
import dev.tapctl.engine.spi.Placeholders;
import dev.tapctl.engine.spi.ReadsAtOnce;
import dev.tapctl.engine.spi.ReadsAtOnce.Pending;
import dev.tapctl.engine.spi.RefusesDeletion;
import dev.tapctl.engine.spi.ResourceHandler;
import dev.tapctl.engine.spi.SharedReads;
import dev.tapctl.engine.spi.Tagged;
import dev.tapctl.engine.spi.Tags;
import dev.tapctl.engine.spi.TransientState;
import dev.tapctl.engine.spi.Unknown;
import dev.tapctl.resources.support.Adoption;
import dev.tapctl.resources.support.Amounts;
import dev.tapctl.resources.support.Diff;
import dev.tapctl.resources.support.Missing;
import dev.tapctl.resources.support.NamePrefixListing;
import dev.tapctl.stack.Kinds;
import dev.tapctl.stack.spec.QueueSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
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
public final class QueueHandler
        implements ResourceHandler<QueueSpec, QueueHandler.Live>,
                ListsOrphans<QueueHandler.Live>,
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

    /** A handler whose delete refuses a queue that still holds messages. */
    public QueueHandler(SqsClient sqs, Eventually eventually) {
        this(sqs, eventually, false);
    }

    /** {@code force}: delete a queue even if it still holds messages (destroy --force). */
    public QueueHandler(SqsClient sqs, Eventually eventually, boolean force) {
        this.sqs = sqs;
        this.eventually = eventually;
        this.force = force;
    }

    @Override
    public Kind<QueueSpec> kind() {
        return Kinds.QUEUE;
    }

    @Override
    public Optional<Live> read(QueueSpec desired, HandlerContext ctx) {
        if (Unknown.isUnknown(desired.name())) {
            return Optional.empty();
        }
        // The environment's queues are listed once per plan when the name has their prefix.
        Optional<String> prefix = Tags.namePrefix(desired.tags()).filter(desired.name()::startsWith);
        if (!ctx.reads().shared() || prefix.isEmpty()) {
            return readByName(desired.name());
        }
        String url = listed(
                        ctx.reads(),
                        desired.tags().get(Tags.PROJECT),
                        desired.tags().get(Tags.ENVIRONMENT))
                .get(desired.name());
        return url == null ? Optional.empty() : readAt(desired.name(), url, null, ctx.atOnce());
    }

    /**
     * ListQueues with the environment's name prefix (paginated: SQS pages only when MaxResults is
     * given), as name -> URL; shared within a plan by the environment's queues and its orphan
     * listing (within a drift run, by every environment of the project).
     */
    private Map<String, String> listed(SharedReads reads, String project, String env) {
        Map<String, String> byName = new TreeMap<>();
        NamePrefixListing.of(
                        reads,
                        "sqs:ListQueues",
                        project,
                        env,
                        prefix ->
                                sqs
                                        .listQueuesPaginator(
                                                r -> r.queueNamePrefix(prefix).maxResults(1000))
                                        .queueUrls()
                                        .stream()
                                        .toList(),
                        QueueHandler::nameOf)
                .forEach(url -> byName.put(nameOf(url), url));
        return Collections.unmodifiableMap(byName);
    }

    /** A queue's name is the last part of its URL. */
    private static String nameOf(String url) {
        return url.substring(url.lastIndexOf('/') + 1);
    }

    /** GetQueueUrl, then the queue's attributes and tags; empty when there is no such queue. */
    private Optional<Live> readByName(String name) {
        return Missing.orEmpty(
                        () -> sqs.getQueueUrl(r -> r.queueName(name)).queueUrl(), QueueDoesNotExistException.class)
                .flatMap(url -> readAt(name, url, null, ReadsAtOnce.NONE));
    }

    /**
     * GetQueueAttributes, and ListQueueTags unless {@code tags} were already listed (both need
     * only the URL: at once during a plan); empty when the queue was deleted meanwhile.
     */
    private Optional<Live> readAt(String name, String url, Map<String, String> tags, ReadsAtOnce atOnce) {
        Pending<Map<String, String>> listedTags = tags != null ? () -> tags : atOnce.start(() -> tags(url));
        // Deleted between the two calls: empty as well.
        return Missing.orEmpty(
                        () -> sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.ALL))
                                .attributesAsStrings(),
                        QueueDoesNotExistException.class)
                .map(attributes -> new Live(
                        name,
                        url,
                        attributes.get(QueueAttributeName.QUEUE_ARN.toString()),
                        emptyToNull(attributes.get(QueueAttributeName.KMS_MASTER_KEY_ID.toString())),
                        integer(attributes.get(QueueAttributeName.MESSAGE_RETENTION_PERIOD.toString())),
                        count(attributes, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES),
                        count(attributes, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE),
                        count(attributes, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED),
                        listedTags.get()));
    }

    /** ListQueueTags is not paginated: a queue has at most 50 tags, all in one answer. */
    private Map<String, String> tags(String url) {
        return new TreeMap<>(sqs.listQueueTags(r -> r.queueUrl(url)).tags());
    }

    /**
     * ListQueues with the environment's name prefix, names the configuration still has
     * skipped, then ListQueueTags per candidate and,
     * for the ones tagged as this environment's, GetQueueAttributes (so the view has the message
     * counts that delete's safeguard and the plan report). An orphan goes (the default policy,
     * DELETE) with the queue's own safeguard intact: delete still refuses a queue holding messages
     * (a removed function's dead letters) unless this handler was built with {@code force}.
     */
    @Override
    public List<Live> listOrphans(Ownership owner, SharedReads reads) {
        List<Live> orphans = new ArrayList<>();
        for (Map.Entry<String, String> queue :
                listed(reads, owner.project(), owner.env()).entrySet()) {
            String name = queue.getKey();
            String url = queue.getValue();
            if (!name.startsWith(owner.namePrefix()) || owner.knownNames().contains(name)) {
                continue;
            }
            // Deleted since the listing: nothing left to delete.
            Missing.orEmpty(() -> tags(url), QueueDoesNotExistException.class)
                    .filter(owner::owns)
                    .flatMap(tags -> readAt(name, url, tags, ReadsAtOnce.NONE))
                    .ifPresent(orphans::add);
        }
        return orphans;
    }

    @Override
    public List<AttributeChange> diff(QueueSpec desired, Live live) {
        return Diff.of(desired, live)
                .field("kmsKeyArn", QueueSpec::kmsKeyArn, Live::kmsKeyId)
                .field("messageRetentionSeconds", QueueSpec::messageRetentionSeconds, Live::messageRetentionSeconds)
                .tags(QueueSpec::tags, Live::tags)
                .changes();
    }

    @Override
    public Live create(QueueSpec desired, HandlerContext ctx) {
        requireKnown(desired);
        Map<String, String> tags = ctx.tagsToWrite(desired.tags());
        Map<QueueAttributeName, String> attributes = new EnumMap<>(QueueAttributeName.class);
        attributes.put(
                QueueAttributeName.MESSAGE_RETENTION_PERIOD, Integer.toString(desired.messageRetentionSeconds()));
        if (desired.kmsKeyArn() != null) {
            attributes.put(QueueAttributeName.KMS_MASTER_KEY_ID, desired.kmsKeyArn());
        }
        // QueueNameExists: the queue exists with other attributes (a previous run, or a hand-made queue).
        return Adoption.createOrAdopt(
                this,
                desired,
                ctx,
                () -> {
                    // "You must wait 60 seconds after deleting a queue before you can create another with
                    // the same name" (SQS API Reference, DeleteQueue): an apply right after a destroy
                    // waits the name out.
                    eventually.run(
                            "queue name " + desired.name() + " to be free (SQS keeps a deleted queue's name for 60 s)",
                            e -> e instanceof QueueDeletedRecentlyException,
                            ctx::status,
                            () -> sqs.createQueue(r -> r.queueName(desired.name())
                                    .attributes(attributes)
                                    .tags(tags)));
                    Live created = read(desired, ctx)
                            .orElseThrow(() -> new IllegalStateException(
                                    "queue " + desired.name() + " was created but cannot be read back"));
                    if (!created.tags().entrySet().containsAll(tags.entrySet())) {
                        // CreateQueue on an existing queue with the same attributes returns it as it is, without
                        // applying the request's tags.
                        sqs.tagQueue(r -> r.queueUrl(created.url()).tags(tags));
                        return withTags(created, TagDiff.afterWrite(created.tags(), tags));
                    }
                    return created;
                },
                QueueNameExistsException.class);
    }

    @Override
    public Live update(QueueSpec desired, Live live, List<AttributeChange> changes, HandlerContext ctx) {
        requireKnown(desired);
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
        Missing.ok(
                () -> {
                    if (!force) {
                        // The counts in `live` may be minutes old (read at plan time); messages that arrived
                        // since are just as lost.
                        long messages = messageCount(live.url());
                        if (messages > 0) {
                            throw new QueueNotEmptyException(live.name(), messages);
                        }
                    }
                    sqs.deleteQueue(r -> r.queueUrl(live.url()));
                },
                QueueDoesNotExistException.class);
        return DeleteResult.deleted();
    }

    @Override
    public Outputs outputs(Live live) {
        return Outputs.of(QueueSpec.NAME, live.name(), QueueSpec.URL, live.url(), QueueSpec.ARN, live.arn());
    }

    private long messageCount(String url) {
        Map<String, String> attributes = sqs.getQueueAttributes(r -> r.queueUrl(url)
                        .attributeNames(
                                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED))
                .attributesAsStrings();
        return count(attributes, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)
                + count(attributes, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)
                + count(attributes, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED);
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

    private static long count(Map<String, String> attributes, QueueAttributeName name) {
        String value = attributes.get(name.toString());
        return value == null || value.isEmpty() ? 0 : Long.parseLong(value);
    }

    /** A queue whose key was removed may report an empty key id: it has none. */
    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    private static Integer integer(String value) {
        return value == null || value.isEmpty() ? null : Integer.valueOf(value);
    }

    /** A "known after apply" placeholder must never reach AWS: it would be stored as if it were real. */
    private static void requireKnown(QueueSpec spec) {
        new Placeholders()
                .check("name", spec.name())
                .check("kmsKeyArn", spec.kmsKeyArn())
                .checkTags(spec.tags())
                .requireKnown("queue " + spec.name());
    }
}

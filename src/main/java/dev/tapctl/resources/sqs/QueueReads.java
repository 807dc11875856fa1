package dev.tapctl.resources.sqs;

import dev.tapctl.engine.spi.HandlerContext;
import dev.tapctl.engine.spi.Ownership;
import dev.tapctl.engine.spi.ReadsAtOnce;
import dev.tapctl.engine.spi.ReadsAtOnce.Pending;
import dev.tapctl.engine.spi.SharedReads;
import dev.tapctl.engine.spi.Tags;
import dev.tapctl.engine.spi.Unknown;
import dev.tapctl.resources.support.Missing;
import dev.tapctl.resources.support.NamePrefixListing;
import dev.tapctl.stack.spec.QueueSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * How a queue is found and read: by its name, or within a plan from the environment's one
 * ListQueues, shared with the orphan listing; then its attributes and tags.
 */
final class QueueReads {
    private final SqsClient sqs;

    QueueReads(SqsClient sqs) {
        this.sqs = sqs;
    }

    Optional<QueueHandler.Live> read(QueueSpec desired, HandlerContext ctx) {
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
                        QueueReads::nameOf)
                .forEach(url -> byName.put(nameOf(url), url));
        return Collections.unmodifiableMap(byName);
    }

    /** A queue's name is the last part of its URL. */
    private static String nameOf(String url) {
        return url.substring(url.lastIndexOf('/') + 1);
    }

    /** GetQueueUrl, then the queue's attributes and tags; empty when there is no such queue. */
    private Optional<QueueHandler.Live> readByName(String name) {
        return Missing.orEmpty(
                        () -> sqs.getQueueUrl(r -> r.queueName(name)).queueUrl(), QueueDoesNotExistException.class)
                .flatMap(url -> readAt(name, url, null, ReadsAtOnce.NONE));
    }

    /**
     * GetQueueAttributes, and ListQueueTags unless {@code tags} were already listed (both need
     * only the URL: at once during a plan); empty when the queue was deleted meanwhile.
     */
    private Optional<QueueHandler.Live> readAt(String name, String url, Map<String, String> tags, ReadsAtOnce atOnce) {
        Pending<Map<String, String>> listedTags = tags != null ? () -> tags : atOnce.start(() -> tags(url));
        // Deleted between the two calls: empty as well.
        return Missing.orEmpty(
                        () -> sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.ALL))
                                .attributesAsStrings(),
                        QueueDoesNotExistException.class)
                .map(attributes -> new QueueHandler.Live(
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
     * counts that delete's safeguard and the plan report).
     */
    List<QueueHandler.Live> orphans(Ownership owner, SharedReads reads) {
        List<QueueHandler.Live> orphans = new ArrayList<>();
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

    /** The queue's messages now (visible, in flight, delayed), read again just before a delete. */
    long messageCount(String url) {
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
}

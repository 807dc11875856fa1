package dev.tapctl.resources.sns;

import dev.tapctl.aws.TagDiff;
import dev.tapctl.engine.spi.AttributeChange;
import dev.tapctl.engine.spi.DeleteResult;
import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.HandlerContext;
import dev.tapctl.engine.spi.ReadsAtOnce;
import dev.tapctl.engine.spi.Tagged;
import dev.tapctl.engine.spi.Tags;
import dev.tapctl.engine.spi.Unknown;
import dev.tapctl.resources.support.AwsResourceHandler;
import dev.tapctl.resources.support.Created;
import dev.tapctl.resources.support.Diff;
import dev.tapctl.resources.support.Missing;
import dev.tapctl.resources.support.SdkTags;
import dev.tapctl.stack.Kinds;
import dev.tapctl.stack.spec.TopicSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.InvalidParameterException;
import software.amazon.awssdk.services.sns.model.NotFoundException;
import software.amazon.awssdk.services.sns.model.Tag;

/**
 * An SNS topic found by its ARN (SNS names a topic {@code arn:aws:sns:<region>:<account>:<name>}):
 * its KMS key and tags. One topic per environment, so there are no orphans of this kind.
 */
public final class TopicHandler extends AwsResourceHandler<TopicSpec, TopicHandler.Live> {
    private static final String KMS_MASTER_KEY_ID = "KmsMasterKeyId";

    /** {@code kmsKeyId}: SNS's KmsMasterKeyId as set (null when the topic is not encrypted). */
    public record Live(String name, String arn, String kmsKeyId, Map<String, String> tags) implements Tagged {
        public Live {
            tags = Map.copyOf(tags);
        }
    }

    private final SnsClient sns;

    public TopicHandler(SnsClient sns) {
        super(Kinds.TOPIC);
        this.sns = sns;
    }

    /** GetTopicAttributes, then ListTagsForResource: two calls, and no listing of the account's topics. */
    @Override
    public Optional<Live> read(TopicSpec desired, HandlerContext ctx) {
        if (Unknown.isUnknown(desired.arn())) {
            // Offline: the account is unknown, so is the ARN; nothing can be read.
            return Optional.empty();
        }
        // Both at once: the ARN holds the account id, so a plan reads the topic a round later than most.
        ReadsAtOnce.Pending<Optional<Map<String, String>>> tags =
                ctx.atOnce().start(() -> Missing.orEmpty(() -> tags(desired.arn()), NotFoundException.class));
        return Missing.orEmpty(
                        () -> sns.getTopicAttributes(r -> r.topicArn(desired.arn()))
                                .attributes(),
                        NotFoundException.class)
                // Deleted between the two calls: empty as well.
                .flatMap(attributes -> tags.get()
                        .map(found -> new Live(
                                desired.name(), desired.arn(), emptyToNull(attributes.get(KMS_MASTER_KEY_ID)), found)));
    }

    private Map<String, String> tags(String arn) {
        return SdkTags.toMap(sns.listTagsForResource(r -> r.resourceArn(arn)).tags(), Tag::key, Tag::value);
    }

    @Override
    public List<AttributeChange> diff(TopicSpec desired, Live live) {
        return Diff.of(desired, live)
                .field("kmsKeyArn", TopicSpec::kmsKeyArn, Live::kmsKeyId)
                .tags()
                .changes();
    }

    /**
     * CreateTopic is idempotent: on a topic of that name that already exists it "returns that
     * topic's ARN without creating a new topic" (SNS API Reference, CreateTopic), and AWS
     * refuses with InvalidParameter when the request's attributes or tags differ from the
     * topic's. Either way the topic a previous run (or someone) made is read back and
     * reconciled: adopted, never duplicated.
     */
    @Override
    protected Live createKnown(TopicSpec desired, HandlerContext ctx) {
        Map<String, String> tags = ctx.tagsToWrite(desired.tags());
        Map<String, String> attributes =
                desired.kmsKeyArn() == null ? Map.of() : Map.of(KMS_MASTER_KEY_ID, desired.kmsKeyArn());
        return createOrAdopt(desired, ctx, InvalidParameterException.class, () -> {
            sns.createTopic(r -> r.name(desired.name()).attributes(attributes).tags(snsTags(tags)));
            Live created = Created.readBack(this, desired, ctx, "topic " + desired.name());
            List<AttributeChange> left = diff(desired, created);
            boolean hashWritten = tags.get(Tags.SPEC_HASH).equals(created.tags().get(Tags.SPEC_HASH));
            return left.isEmpty() && hashWritten ? created : update(desired, created, left, ctx);
        });
    }

    @Override
    protected Live updateKnown(TopicSpec desired, Live live, List<AttributeChange> changes, HandlerContext ctx) {
        if (changes.stream().anyMatch(c -> c.path().equals("kmsKeyArn"))) {
            // An empty KmsMasterKeyId turns server-side encryption off (SNS API Reference, SetTopicAttributes).
            sns.setTopicAttributes(r -> r.topicArn(live.arn())
                    .attributeName(KMS_MASTER_KEY_ID)
                    .attributeValue(desired.kmsKeyArn() == null ? "" : desired.kmsKeyArn()));
        }
        Map<String, String> tags = ctx.tagsToWrite(desired.tags());
        sns.tagResource(r -> r.resourceArn(live.arn()).tags(snsTags(tags)));
        return new Live(live.name(), live.arn(), desired.kmsKeyArn(), TagDiff.afterWrite(live.tags(), tags));
    }

    /**
     * DeleteTopic; "Deleting a topic that does not exist does not result in an error" (SNS API
     * Reference, DeleteTopic). SNS deletes the topic's subscriptions with it, asynchronously.
     */
    @Override
    public DeleteResult delete(Live live, DeletionPolicy policy, HandlerContext ctx) {
        return Missing.deleted(() -> sns.deleteTopic(r -> r.topicArn(live.arn())), NotFoundException.class);
    }

    private static List<Tag> snsTags(Map<String, String> tags) {
        return SdkTags.toList(
                tags, (key, value) -> Tag.builder().key(key).value(value).build());
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}

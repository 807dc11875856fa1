package dev.tapctl.resources.ec2;

import dev.tapctl.aws.TagDiff;
import dev.tapctl.engine.spi.HandlerContext;
import dev.tapctl.engine.spi.Tagged;
import dev.tapctl.engine.spi.Tags;
import dev.tapctl.resources.support.SdkTags;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/** EC2's tag shapes, the filters that find an object tapctl owns, and the tag writes. */
final class Ec2Tags {
    /** The tags that identify an object across runs; the rest of the spec's tags are only compared. */
    static final List<String> OWNERSHIP = List.of(Tags.LOGICAL_ID, Tags.ENVIRONMENT, Tags.PROJECT);

    private Ec2Tags() {}

    static List<Tag> toTags(Map<String, String> tags) {
        return SdkTags.toList(
                tags, (key, value) -> Tag.builder().key(key).value(value).build());
    }

    static Map<String, String> toMap(List<Tag> tags) {
        return SdkTags.toMap(tags, Tag::key, Tag::value);
    }

    /** Tags applied by the create call itself, so an object never exists untagged (and undiscoverable). */
    static TagSpecification specification(ResourceType type, Map<String, String> tags) {
        return TagSpecification.builder().resourceType(type).tags(toTags(tags)).build();
    }

    /**
     * {@code tag:K=V} filters on the ownership tags. A spec without one of them is refused: the
     * filters would then match objects of other environments or other resources.
     */
    static List<Filter> ownedBy(Map<String, String> specTags) {
        return OWNERSHIP.stream()
                .map(key -> filter("tag:" + key, required(specTags, key)))
                .toList();
    }

    static String required(Map<String, String> specTags, String key) {
        String value = specTags.get(key);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(
                    "the spec's tags have no " + key + ": tapctl could not tell its object" + " from anyone else's");
        }
        return value;
    }

    static Filter filter(String name, String value) {
        return Filter.builder().name(name).values(value).build();
    }

    /** CreateTags: adds {@code tags} to each of {@code resources}, changing none of their other tags. */
    static void create(Ec2Client ec2, Map<String, String> tags, List<String> resources) {
        ec2.createTags(r -> r.resources(resources).tags(toTags(tags)));
    }

    /**
     * An update's tag write: the spec's tags with the engine's own ({@link HandlerContext#tagsToWrite})
     * on the object {@code id}; answers the tags {@code live} carries after it.
     */
    static Map<String, String> retag(
            Ec2Client ec2, HandlerContext ctx, Map<String, String> specTags, Tagged live, String id) {
        Map<String, String> tags = ctx.tagsToWrite(specTags);
        create(ec2, tags, List.of(id));
        return TagDiff.afterWrite(live.tags(), tags);
    }
}

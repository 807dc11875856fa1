package dev.tapctl.resources.ec2;

import dev.tapctl.engine.spi.HandlerContext;
import dev.tapctl.engine.spi.Tags;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/** EC2's tag shapes and the filters that find an object tapctl owns. */
final class Ec2Tags {
    /** The tags that identify an object across runs; the rest of the spec's tags are only compared. */
    private static final List<String> OWNERSHIP = List.of(Tags.LOGICAL_ID, Tags.ENVIRONMENT, Tags.PROJECT);

    private Ec2Tags() {
    }

    static List<Tag> toTags(Map<String, String> tags) {
        return new TreeMap<>(tags).entrySet().stream()
                .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build())
                .toList();
    }

    static Map<String, String> toMap(List<Tag> tags) {
        Map<String, String> map = new TreeMap<>();
        tags.forEach(t -> map.put(t.key(), t.value()));
        return map;
    }

    /** Tags applied by the create call itself, so an object never exists untagged (and undiscoverable). */
    static TagSpecification specification(ResourceType type, Map<String, String> tags) {
        return TagSpecification.builder().resourceType(type).tags(toTags(tags)).build();
    }

    /** What the object carries after tapctl wrote {@code written} over {@code live}: CreateTags never removes one. */
    static Map<String, String> merged(Map<String, String> live, Map<String, String> written) {
        Map<String, String> all = new TreeMap<>(live);
        all.putAll(written);
        return all;
    }

    /** {@code tag:K=V} filters for the ownership tags the spec carries. */
    static List<Filter> ownedBy(Map<String, String> specTags) {
        return OWNERSHIP.stream()
                .filter(specTags::containsKey)
                .map(key -> filter("tag:" + key, specTags.get(key)))
                .toList();
    }

    static Filter filter(String name, String value) {
        return Filter.builder().name(name).values(value).build();
    }

    /**
     * A client token that is the same for every attempt at the same creation, including the
     * attempt of a later run after a crash, so that AWS creates the object only once.
     */
    static String clientToken(HandlerContext ctx) {
        return UUID.nameUUIDFromBytes((ctx.logicalId() + "\n" + ctx.specHash()).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    /** Whether the call failed because the object is not there (any EC2 {@code *.NotFound} code). */
    static boolean isNotFound(AwsServiceException e) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        return code != null && code.endsWith(".NotFound");
    }

    /** At most one object may carry a logical id's ownership tags; more is a mess to report, not to guess at. */
    static <T> Optional<T> single(List<T> found, String what, Map<String, String> specTags, Function<T, String> id) {
        if (found.size() > 1) {
            throw new IllegalStateException("found " + found.size() + " " + what + "s tagged "
                    + Tags.LOGICAL_ID + "=" + specTags.get(Tags.LOGICAL_ID) + ": "
                    + found.stream().map(id).toList() + "; delete the extra ones, then run again");
        }
        return found.stream().findFirst();
    }
}

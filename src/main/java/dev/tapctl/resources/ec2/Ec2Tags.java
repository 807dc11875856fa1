package dev.tapctl.resources.ec2;

import dev.tapctl.engine.spi.EnvironmentListing;
import dev.tapctl.engine.spi.HandlerContext;
import dev.tapctl.engine.spi.Ownership;
import dev.tapctl.engine.spi.SharedReads;
import dev.tapctl.engine.spi.Tagged;
import dev.tapctl.engine.spi.Tags;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/** EC2's tag shapes and the filters that find an object tapctl owns. */
final class Ec2Tags {
    /** The tags that identify an object across runs; the rest of the spec's tags are only compared. */
    static final List<String> OWNERSHIP = List.of(Tags.LOGICAL_ID, Tags.ENVIRONMENT, Tags.PROJECT);

    private Ec2Tags() {}

    static List<Tag> toTags(Map<String, String> tags) {
        return new TreeMap<>(tags)
                .entrySet().stream()
                        .map(e -> Tag.builder()
                                .key(e.getKey())
                                .value(e.getValue())
                                .build())
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

    /**
     * {@code tag:K=V} filters on the ownership tags. A spec without one of them is refused: the
     * filters would then match objects of other environments or other resources.
     */
    static List<Filter> ownedBy(Map<String, String> specTags) {
        return OWNERSHIP.stream()
                .map(key -> filter("tag:" + key, required(specTags, key)))
                .toList();
    }

    /**
     * The objects a describe finds with the spec's ownership tags. In a plan one describe of the
     * whole environment (its project and environment tags) serves every resource of the kind,
     * each keeping the objects of its own logical id; outside a plan the describe filters by
     * the logical id as well. {@code describe} names the call and any filter it adds of its own
     * (e.g. {@code DescribeInstances:running}), so that different describes never share an answer.
     */
    static <T> List<T> owned(
            HandlerContext ctx,
            String describe,
            Map<String, String> specTags,
            Function<List<Filter>, List<T>> call,
            Function<T, List<Tag>> tagsOf) {
        if (!ctx.reads().shared()) {
            return call.apply(ownedBy(specTags));
        }
        String logicalId = required(specTags, Tags.LOGICAL_ID);
        return environment(
                        ctx.reads(),
                        describe,
                        required(specTags, Tags.PROJECT),
                        required(specTags, Tags.ENVIRONMENT),
                        call,
                        tagsOf)
                .stream()
                .filter(object -> tagsOf.apply(object).stream()
                        .anyMatch(tag ->
                                tag.key().equals(Tags.LOGICAL_ID) && tag.value().equals(logicalId)))
                .toList();
    }

    /**
     * Every object a describe finds with an environment's project and environment tags, shared
     * within a plan. EC2 filters take several values ("any of"), so a run over several
     * environments of the project describes them all with one call, {@code tag:Environment} naming
     * each, and an environment keeps the objects tagged with its own name.
     */
    static <T> List<T> environment(
            SharedReads reads,
            String describe,
            String project,
            String env,
            Function<List<Filter>, List<T>> call,
            Function<T, List<Tag>> tagsOf) {
        return reads.environment(new EnvironmentListing<T>(
                "ec2:" + describe,
                project,
                env,
                envs -> List.copyOf(call.apply(List.of(
                        filter("tag:" + Tags.PROJECT, project),
                        Filter.builder()
                                .name("tag:" + Tags.ENVIRONMENT)
                                .values(new TreeSet<>(envs))
                                .build()))),
                (object, which) -> tagsOf.apply(object).stream()
                        .anyMatch(tag -> tag.key().equals(Tags.ENVIRONMENT)
                                && tag.value().equals(which))));
    }

    /**
     * The orphans among an environment's objects ({@link #environment}): those tagged as this
     * environment's whose {@code Name} the configuration no longer has.
     */
    static <T, L extends Tagged> List<L> orphans(
            SharedReads reads,
            String describe,
            Ownership owner,
            Function<List<Filter>, List<T>> call,
            Function<T, List<Tag>> tagsOf,
            Function<T, L> live) {
        return orphans(reads, describe, owner, call, tagsOf, object -> true, live);
    }

    /** Like {@link #orphans(SharedReads, String, Ownership, Function, Function, Function)}, of the objects {@code eligible} keeps. */
    static <T, L extends Tagged> List<L> orphans(
            SharedReads reads,
            String describe,
            Ownership owner,
            Function<List<Filter>, List<T>> call,
            Function<T, List<Tag>> tagsOf,
            Predicate<T> eligible,
            Function<T, L> live) {
        return environment(reads, describe, owner.project(), owner.env(), call, tagsOf).stream()
                .filter(eligible)
                .map(live)
                .filter(view -> owner.owns(view.tags())
                        && !owner.knownNames().contains(view.tags().getOrDefault(Tags.NAME, "")))
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

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
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * How the objects of one EC2 kind are found by the ownership tags tapctl writes on them, declared
 * once per kind and shared by its read, its orphan listing and a create that looks for what an
 * earlier run left.
 *
 * @param describe the name under which a plan shares the describe's answer: the call and any
 *     filter {@code call} adds of its own (e.g. {@code DescribeInstances:running}), so that
 *     different describes never share an answer
 * @param what the kind as messages name it ("VPC")
 * @param call the describe (every page) with the given filters
 * @param tagsOf an object's tags
 * @param idOf an object's id
 * @param <T> the SDK's object
 */
record Ec2Finder<T>(
        String describe,
        String what,
        Function<List<Filter>, List<T>> call,
        Function<T, List<Tag>> tagsOf,
        Function<T, String> idOf) {

    /** The object with the spec's ownership tags, if there is one ({@link #owned}, {@link #single}). */
    Optional<T> find(HandlerContext ctx, Map<String, String> specTags) {
        return single(owned(ctx, specTags), specTags);
    }

    /** The same, among the owned objects {@code keep} keeps. */
    Optional<T> find(HandlerContext ctx, Map<String, String> specTags, Predicate<? super T> keep) {
        return single(owned(ctx, specTags).stream().filter(keep).toList(), specTags);
    }

    /**
     * The objects the describe finds with the spec's ownership tags. In a plan one describe of the
     * whole environment (its project and environment tags) serves every resource of the kind,
     * each keeping the objects of its own logical id; outside a plan the describe filters by
     * the logical id as well.
     */
    List<T> owned(HandlerContext ctx, Map<String, String> specTags) {
        if (!ctx.reads().shared()) {
            return call.apply(Ec2Tags.ownedBy(specTags));
        }
        String logicalId = Ec2Tags.required(specTags, Tags.LOGICAL_ID);
        return environment(
                        ctx.reads(),
                        Ec2Tags.required(specTags, Tags.PROJECT),
                        Ec2Tags.required(specTags, Tags.ENVIRONMENT))
                .stream()
                .filter(object -> tagsOf.apply(object).stream()
                        .anyMatch(tag ->
                                tag.key().equals(Tags.LOGICAL_ID) && tag.value().equals(logicalId)))
                .toList();
    }

    /**
     * At most one object may carry a logical id's ownership tags; more is a mess to report, not
     * to guess at.
     */
    Optional<T> single(List<T> found, Map<String, String> specTags) {
        if (found.size() > 1) {
            throw new IllegalStateException("found " + found.size() + " " + what + "s tagged "
                    + Tags.LOGICAL_ID + "=" + specTags.get(Tags.LOGICAL_ID) + ": "
                    + found.stream().map(idOf).toList() + "; delete the extra ones, then run again");
        }
        return found.stream().findFirst();
    }

    /**
     * Every object the describe finds with an environment's project and environment tags, shared
     * within a plan. EC2 filters take several values ("any of"), so a run over several
     * environments of the project describes them all with one call, {@code tag:Environment} naming
     * each, and an environment keeps the objects tagged with its own name.
     */
    List<T> environment(SharedReads reads, String project, String env) {
        return reads.environment(new EnvironmentListing<T>(
                "ec2:" + describe,
                project,
                env,
                envs -> List.copyOf(call.apply(List.of(
                        Ec2Tags.filter("tag:" + Tags.PROJECT, project),
                        Filter.builder()
                                .name("tag:" + Tags.ENVIRONMENT)
                                .values(new TreeSet<>(envs))
                                .build()))),
                (object, which) -> tagsOf.apply(object).stream()
                        .anyMatch(tag -> tag.key().equals(Tags.ENVIRONMENT)
                                && tag.value().equals(which))));
    }

    /** The orphans among the environment's objects ({@link #orphans(SharedReads, Ownership, Predicate, Function)}). */
    <L extends Tagged> List<L> orphans(SharedReads reads, Ownership owner, Function<T, L> live) {
        return orphans(reads, owner, object -> true, live);
    }

    /**
     * The orphans among the environment's objects ({@link #environment}) that {@code eligible}
     * keeps: those tagged as this environment's whose {@code Name} the configuration no longer
     * has, by the SDK object's tags (every EC2 kind's live view carries them as they are). Only
     * they are made live views (an instance's costs a DescribeVolumes).
     */
    <L extends Tagged> List<L> orphans(
            SharedReads reads, Ownership owner, Predicate<? super T> eligible, Function<T, L> live) {
        return environment(reads, owner.project(), owner.env()).stream()
                .filter(eligible)
                .filter(object -> {
                    Map<String, String> tags = Ec2Tags.toMap(tagsOf.apply(object));
                    // knownNames is an immutable set: contains(null) would throw.
                    return owner.owns(tags) && !owner.knownNames().contains(tags.getOrDefault(Tags.NAME, ""));
                })
                .map(live)
                .toList();
    }
}

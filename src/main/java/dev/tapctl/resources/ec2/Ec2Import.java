package dev.tapctl.resources.ec2;

import dev.tapctl.engine.spi.HandlerContext;
import dev.tapctl.engine.spi.Imports;
import dev.tapctl.engine.spi.Tagged;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;

/**
 * What every EC2 kind's import shares, so that a handler gives only its describe by id: an
 * unknown id is "not here" (EC2 ids are regional, and a describe naming an id this region does not
 * know answers {@code *.NotFound}, or {@code *.Malformed} for one that cannot be an id at all), and
 * the tags written are the ownership tags {@link Ec2Tags#ownedBy} filters on, with CreateTags,
 * which adds to an object's tags and changes none of the others.
 *
 * @param idPrefix what every id of the kind starts with
 * @param idOf a live view's id
 * @param ownerOf the account that owns an object (null: the kind does not say)
 * @param refusalOf why an object cannot be adopted (empty: it can; see {@link #refusing})
 * @param <S> the desired spec record
 * @param <T> the SDK's object
 * @param <L> the live view record
 */
record Ec2Import<S extends Tagged, T, L extends Tagged>(
        Ec2Client ec2,
        String idPrefix,
        Function<L, String> idOf,
        Describe<T> describe,
        Function<T, String> ownerOf,
        Function<T, L> live,
        Function<T, String> refusalOf)
        implements Imports.ById<S, L> {

    /** A describe of one id: the object, or nothing; a NotFound it throws is "not here" too. */
    interface Describe<T> {
        List<T> byId(String id);
    }

    /** The import of a kind every object of which can be adopted. */
    Ec2Import(
            Ec2Client ec2,
            String idPrefix,
            Function<L, String> idOf,
            Describe<T> describe,
            Function<T, String> ownerOf,
            Function<T, L> live) {
        this(ec2, idPrefix, idOf, describe, ownerOf, live, object -> "");
    }

    /**
     * The same import, refusing the objects {@code refusalOf} gives a reason for; named, since
     * {@code ownerOf} has the same type and a swap of the two would compile.
     */
    Ec2Import<S, T, L> refusing(Function<T, String> refusalOf) {
        return new Ec2Import<>(ec2, idPrefix, idOf, describe, ownerOf, live, refusalOf);
    }

    @Override
    public Optional<Imports.Found<L>> describe(String id, HandlerContext ctx) {
        List<T> found;
        try {
            found = describe.byId(id);
        } catch (Ec2Exception e) {
            // "Error codes for the Amazon EC2 API"
            // (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html):
            // InvalidVpcID.NotFound and its peers, NatGatewayNotFound without the dot, and
            // InvalidVpcID.Malformed for what cannot be an id of the kind at all.
            String code = Ec2Calls.errorCode(e);
            if (code.endsWith("NotFound") || code.endsWith(".Malformed")) {
                return Optional.empty();
            }
            throw e;
        }
        return found.stream()
                .findFirst()
                .map(object -> new Imports.Found<>(live.apply(object), ownerOf.apply(object), refusalOf.apply(object)));
    }

    @Override
    public String idOf(L live) {
        return idOf.apply(live);
    }

    @Override
    public Map<String, String> findingTags(S desired) {
        Map<String, String> tags = desired.tags();
        Map<String, String> finding = new TreeMap<>();
        Ec2Tags.OWNERSHIP.forEach(key -> finding.put(key, Ec2Tags.required(tags, key)));
        return finding;
    }

    @Override
    public void tag(String id, Map<String, String> tags, HandlerContext ctx) {
        Ec2Tags.create(ec2, tags, List.of(id));
    }
}

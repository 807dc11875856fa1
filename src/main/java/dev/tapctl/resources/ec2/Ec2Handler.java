package dev.tapctl.resources.ec2;

import dev.tapctl.aws.Eventually;
import dev.tapctl.engine.spi.HandlerContext;
import dev.tapctl.engine.spi.Imports;
import dev.tapctl.engine.spi.Kind;
import dev.tapctl.engine.spi.ListsOrphans;
import dev.tapctl.engine.spi.Ownership;
import dev.tapctl.engine.spi.ReadsBy;
import dev.tapctl.engine.spi.SharedReads;
import dev.tapctl.engine.spi.Tagged;
import dev.tapctl.resources.support.AwsResourceHandler;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * What every EC2 kind found by its ownership tags does alike, written once over the kind's
 * {@link Ec2Objects}: its read (the one object with the spec's ownership tags, among those that
 * {@link #counts}), its import by id, its orphan listing, a new id's confirmation and an update's
 * tag write. A handler gives the live view of an SDK object; a kind that can be
 * imported or that has orphans says so by declaring {@link Imports} or {@link ListsOrphans}, whose
 * methods {@link #byId} and {@link #listOrphans} are.
 *
 * @param <S> the desired spec record
 * @param <L> the live view record
 * @param <T> the SDK's object
 */
abstract class Ec2Handler<S extends Tagged, L extends Tagged, T> extends AwsResourceHandler<S, L>
        implements ReadsBy<S> {
    final Ec2Client ec2;
    final Eventually eventually;
    final Ec2Objects<T> objects;
    /** The describe a plan shares (the environment's objects of the kind, or every environment's of a drift run). */
    final Ec2Finder<T> finder;

    private final Function<L, String> idOf;

    /** {@code idOf}: a live view's id, the one {@link Ec2Objects#idOf} gives its SDK object. */
    Ec2Handler(Kind<S> kind, Ec2Client ec2, Eventually eventually, Ec2Objects<T> objects, Function<L, String> idOf) {
        super(kind);
        this.ec2 = ec2;
        this.eventually = eventually;
        this.objects = objects;
        this.finder = objects.finder();
        this.idOf = idOf;
    }

    /** The live view of one of the kind's objects. */
    abstract L live(T object);

    /**
     * Whether an object with the ownership tags is the resource at all: someone may have tagged
     * the VPC's main route table, which tapctl never owns. Such an object is never read, imported
     * or listed as an orphan.
     */
    boolean counts(T object) {
        return true;
    }

    /** Why an object found by its id cannot be adopted; empty when it can. */
    String refusal(T object) {
        return "";
    }

    @Override
    public Object readsBy(S spec) {
        // Found by its ownership tags; a subnet's zone is compared, not looked up by.
        return spec.tags();
    }

    @Override
    public Optional<L> read(S desired, HandlerContext ctx) {
        return finder.find(ctx, desired.tags(), this::counts).map(this::live);
    }

    /** By id ({@link Imports}, for the kinds that declare it). */
    public Imports.ById<S, L> byId() {
        return new Ec2Import<S, T, L>(ec2, objects.idPrefix(), idOf, objects.byId(), objects.ownerOf(), this::live)
                .refusing(this::refusal);
    }

    /**
     * The objects of the environment whose {@code Name} the configuration no longer has
     * ({@link ListsOrphans}, for the kinds that declare it); the plan's listing serves.
     */
    public List<L> listOrphans(Ownership owner, SharedReads reads) {
        return finder.orphans(reads, owner, this::counts, this::live);
    }

    /**
     * The object with the spec's ownership tags as EC2 answers now, never the plan's earlier
     * describe: what a create looks for that an interrupted run may have left.
     */
    final Optional<T> findNow(S desired) {
        return finder.single(objects.byFilters().apply(Ec2Tags.ownedBy(desired.tags())), desired.tags());
    }

    /** The describe of a new id, again while EC2 answers that it does not exist ({@link Ec2Calls#awaitVisible}). */
    final T awaitVisible(String id, HandlerContext ctx) {
        return Ec2Calls.awaitVisible(eventually, id, ctx, () -> describeId(id)).get(0);
    }

    /** The describe of one id, whatever the object's state: an import's, a create's confirmation and read-back. */
    final List<T> describeId(String id) {
        return objects.byId().byId(id);
    }

    /** An update's tag write ({@link Ec2Tags#retag}): the tags {@code live} carries after it. */
    final Map<String, String> retag(S desired, L live, HandlerContext ctx) {
        return Ec2Tags.retag(ec2, ctx, desired.tags(), live, idOf.apply(live));
    }
}

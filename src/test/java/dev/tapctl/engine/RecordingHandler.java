package dev.tapctl.engine;

import dev.tapctl.engine.spi.AttributeChange;
import dev.tapctl.engine.spi.CreationRefusal;
import dev.tapctl.engine.spi.DeleteResult;
import dev.tapctl.engine.spi.DeletesBySpec;
import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.HandlerCatalog;
import dev.tapctl.engine.spi.HandlerContext;
import dev.tapctl.engine.spi.Inputs;
import dev.tapctl.engine.spi.KeepsFinalSnapshots;
import dev.tapctl.engine.spi.Kind;
import dev.tapctl.engine.spi.OutputKey;
import dev.tapctl.engine.spi.Outputs;
import dev.tapctl.engine.spi.ReadsUpstreamOutputs;
import dev.tapctl.engine.spi.RefusesCreation;
import dev.tapctl.engine.spi.RefusesDeletion;
import dev.tapctl.engine.spi.ResourceDef;
import dev.tapctl.engine.spi.ResourceHandler;
import dev.tapctl.engine.spi.Tagged;
import dev.tapctl.engine.spi.Tags;
import dev.tapctl.engine.spi.Unknown;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * An in-memory handler behind {@code engine.spi}: a fake "cloud" of objects keyed by name, each
 * with attributes and tags, and a log of every call (method, logical id, thread, start and end
 * time). It can be told to fail the create of a logical id, to sleep in a create, and to diff in
 * a given way. One instance serves kind {@link #KIND}; {@link #catalog()} hands it to the engine.
 * A SNAPSHOT delete leaves a final snapshot {@code <name>-final} that {@link #finalSnapshots} reports.
 *
 * <p>Outputs of a live object: {@code id} (a fresh cloud id per create), {@code name}, {@code arn}.
 * A create or update that receives a spec holding an {@link Unknown} records it in
 * {@link #unknownsSeen()} and fails, since the engine promises never to do that (a delete may get
 * one: it uses only what the configuration sets).
 */
final class RecordingHandler
        implements ResourceHandler<RecordingHandler.Spec, RecordingHandler.Live>,
                RefusesDeletion<RecordingHandler.Live>,
                RefusesCreation<RecordingHandler.Spec>,
                KeepsFinalSnapshots<RecordingHandler.Spec>,
                DeletesBySpec<RecordingHandler.Spec, RecordingHandler.Live> {
    static final String KIND = "test.thing";
    static final Kind<Spec> THING = Kind.of(KIND, Spec.class);
    static final OutputKey<Spec> ID = OutputKey.of("id");
    static final OutputKey<Spec> NAME = OutputKey.of("name");
    static final OutputKey<Spec> ARN = OutputKey.of("arn");

    /** Desired: a name and flat attributes (values may be {@link Unknown} during a plan). */
    record Spec(String name, Map<String, String> attributes) {
        Spec {
            attributes = new TreeMap<>(attributes);
        }
    }

    /** Live view: what the fake cloud holds. */
    record Live(String name, String cloudId, Map<String, String> attributes, Map<String, String> tags)
            implements Tagged {
        Live {
            attributes = Map.copyOf(attributes);
            tags = Map.copyOf(tags);
        }
    }

    /** One handler call; {@code endNanos} is 0 while it runs. */
    record Call(
            String method,
            String logicalId,
            String name,
            String thread,
            long startNanos,
            long endNanos,
            DeletionPolicy policy,
            Spec spec) {
        boolean mutating() {
            return method.equals("create") || method.equals("update") || method.equals("delete");
        }
    }

    private final Map<String, Live> cloud = new ConcurrentHashMap<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final List<String> unknownsSeen = new CopyOnWriteArrayList<>();
    private final Set<String> failCreateOf = ConcurrentHashMap.newKeySet();
    private final Map<String, Duration> createSleep = new ConcurrentHashMap<>();
    private final Map<String, Duration> readSleep = new ConcurrentHashMap<>();
    private final Map<String, List<String>> finalSnapshots = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final AtomicInteger listings = new AtomicInteger();
    private final List<String> mutationsWithSharedReads = new CopyOnWriteArrayList<>();
    private volatile BiFunction<Spec, Live, List<AttributeChange>> diff = RecordingHandler::attributeDiff;
    private volatile boolean refuseDeleteWhileReferenced;
    private final Map<String, String> deletionRefusals = new ConcurrentHashMap<>();
    private final Map<String, CreationRefusal> creationRefusals = new ConcurrentHashMap<>();
    private volatile boolean readsUpstreamOutputs;
    private final Map<String, String> waitLimitsSeen = new ConcurrentHashMap<>();

    // ---- configuration -------------------------------------------------------------------

    RecordingHandler failCreateOf(String logicalId) {
        failCreateOf.add(logicalId);
        return this;
    }

    /** Makes the handler say its read looks objects up by upstream outputs, as a stage's does. */
    RecordingHandler readingUpstreamOutputs() {
        readsUpstreamOutputs = true;
        return this;
    }

    RecordingHandler sleepInRead(String logicalId, Duration duration) {
        readSleep.put(logicalId, duration);
        return this;
    }

    RecordingHandler sleepInCreate(String logicalId, Duration duration) {
        createSleep.put(logicalId, duration);
        return this;
    }

    /** Replaces the default diff (attribute by attribute, none forcing replacement). */
    RecordingHandler diffWith(BiFunction<Spec, Live, List<AttributeChange>> diff) {
        this.diff = diff;
        return this;
    }

    /**
     * Makes delete fail, like AWS's DependencyViolation, while another object's attributes still
     * hold the cloud id of the one being deleted.
     */
    /** Makes the handler refuse, up front, to delete the object named {@code name} (as a queue holding messages). */
    RecordingHandler refuseToDelete(String name, String why) {
        deletionRefusals.put(name, why);
        return this;
    }

    @Override
    public Optional<String> deletionRefusal(Live live) {
        return Optional.ofNullable(deletionRefusals.get(live.name()));
    }

    /** Makes the handler say AWS would refuse to create the object named {@code name}, for {@code attribute}. */
    RecordingHandler refuseToCreate(String name, String attribute, String why) {
        creationRefusals.put(name, new CreationRefusal(attribute, why));
        return this;
    }

    @Override
    public Optional<CreationRefusal> creationRefusal(Spec desired, HandlerContext ctx) {
        return record(
                "creationRefusal",
                ctx.logicalId(),
                desired.name(),
                null,
                desired,
                () -> Optional.ofNullable(creationRefusals.get(desired.name())));
    }

    RecordingHandler refuseDeleteWhileReferenced() {
        refuseDeleteWhileReferenced = true;
        return this;
    }

    /** Makes {@link #finalSnapshots} report these for the object named {@code name}, as if an earlier destroy had left them. */
    RecordingHandler finalSnapshotsOf(String name, String... snapshots) {
        finalSnapshots.put(name, List.of(snapshots));
        return this;
    }

    /** Forgets the final snapshots of {@code name}, as if someone had deleted them. */
    RecordingHandler deleteFinalSnapshotsOf(String name) {
        finalSnapshots.remove(name);
        return this;
    }

    /** Puts an object into the cloud as if an earlier run (or someone else) had made it. */
    Live seed(String name, Map<String, String> attributes, String specHashTag) {
        Map<String, String> tags = new TreeMap<>(Map.of(Tags.MANAGED_BY, Tags.MANAGED_BY_VALUE));
        if (specHashTag != null) {
            tags.put(Tags.SPEC_HASH, specHashTag);
        }
        Live live = new Live(name, "cloud-" + ids.incrementAndGet(), attributes, tags);
        cloud.put(name, live);
        return live;
    }

    HandlerCatalog catalog() {
        return kind -> {
            if (!KIND.equals(kind)) {
                throw new IllegalArgumentException("no handler for " + kind);
            }
            return readsUpstreamOutputs ? readingUpstreamOutputsView() : this;
        };
    }

    /** This handler with the {@link ReadsUpstreamOutputs} capability too: every call goes to it. */
    private ResourceHandler<?, ?> readingUpstreamOutputsView() {
        List<Class<?>> interfaces = new ArrayList<>(List.of(RecordingHandler.class.getInterfaces()));
        interfaces.add(ReadsUpstreamOutputs.class);
        return (ResourceHandler<?, ?>) Proxy.newProxyInstance(
                RecordingHandler.class.getClassLoader(), interfaces.toArray(Class<?>[]::new), (proxy, method, args) -> {
                    if (method.isDefault() && !method.getDeclaringClass().isInstance(this)) {
                        // ReadsUpstreamOutputs.readsBy: the capability's own default (the whole spec).
                        return InvocationHandler.invokeDefault(proxy, method, args);
                    }
                    try {
                        return method.invoke(this, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    // ---- inspection ----------------------------------------------------------------------

    Map<String, Live> cloud() {
        return cloud;
    }

    List<Call> calls() {
        return List.copyOf(calls);
    }

    List<Call> calls(String method) {
        return calls.stream().filter(c -> c.method().equals(method)).toList();
    }

    /** How many times a read listed the fake cloud (shared within a plan, as a real handler's listing). */
    int listings() {
        return listings.get();
    }

    /** Logical ids whose create was handed shared (possibly stale) reads, which the engine must never do. */
    List<String> mutationsWithSharedReads() {
        return List.copyOf(mutationsWithSharedReads);
    }

    List<Call> mutatingCalls() {
        return calls.stream().filter(Call::mutating).toList();
    }

    /** Logical ids in the order their {@code method} calls started. */
    List<String> idsOf(String method) {
        return calls(method).stream().map(Call::logicalId).toList();
    }

    Call call(String method, String logicalId) {
        return calls(method).stream()
                .filter(c -> c.logicalId().equals(logicalId))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + method + " of " + logicalId + " in " + calls));
    }

    List<String> unknownsSeen() {
        return List.copyOf(unknownsSeen);
    }

    // ---- the handler ---------------------------------------------------------------------

    @Override
    public Kind<Spec> kind() {
        return THING;
    }

    @Override
    public Optional<Live> read(Spec desired, HandlerContext ctx) {
        // Like a handler that lists its kind once per plan and picks its object from the answer.
        return record("read", ctx.logicalId(), desired.name(), null, desired, () -> {
            Duration sleep = readSleep.get(ctx.logicalId());
            if (sleep != null) {
                sleep(sleep);
            }
            return Optional.ofNullable(ctx.reads()
                    .get(KIND + ":listing", () -> {
                        listings.incrementAndGet();
                        return Map.copyOf(cloud);
                    })
                    .get(desired.name()));
        });
    }

    @Override
    public List<String> finalSnapshots(Spec desired, HandlerContext ctx) {
        return record(
                "finalSnapshots",
                ctx.logicalId(),
                desired.name(),
                null,
                desired,
                () -> finalSnapshots.getOrDefault(desired.name(), List.of()));
    }

    @Override
    public List<AttributeChange> diff(Spec desired, Live live) {
        return record("diff", null, desired.name(), null, desired, () -> diff.apply(desired, live));
    }

    @Override
    public Live create(Spec desired, HandlerContext ctx) {
        seeWaitLimit("create", ctx);
        return record("create", ctx.logicalId(), desired.name(), null, desired, () -> {
            refuseUnknowns("create", ctx.logicalId(), desired);
            if (ctx.reads().shared()) {
                mutationsWithSharedReads.add(ctx.logicalId());
            }
            Duration sleep = createSleep.get(ctx.logicalId());
            if (sleep != null) {
                sleep(sleep);
            }
            if (failCreateOf.contains(ctx.logicalId())) {
                throw new IllegalStateException("injected failure creating " + ctx.logicalId());
            }
            Live live = new Live(
                    desired.name(),
                    "cloud-" + ids.incrementAndGet(),
                    desired.attributes(),
                    ctx.tagsToWrite(Map.of(Tags.LOGICAL_ID, ctx.logicalId())));
            if (cloud.putIfAbsent(desired.name(), live) != null) {
                throw new IllegalStateException("duplicate: " + desired.name() + " already exists");
            }
            return live;
        });
    }

    @Override
    public Live update(Spec desired, Live live, List<AttributeChange> changes, HandlerContext ctx) {
        seeWaitLimit("update", ctx);
        return record("update", ctx.logicalId(), desired.name(), null, desired, () -> {
            refuseUnknowns("update", ctx.logicalId(), desired);
            Map<String, String> tags = new TreeMap<>(live.tags());
            tags.putAll(ctx.tagsToWrite(Map.of(Tags.LOGICAL_ID, ctx.logicalId())));
            Live updated = new Live(live.name(), live.cloudId(), desired.attributes(), tags);
            cloud.put(live.name(), updated);
            return updated;
        });
    }

    @Override
    public DeleteResult delete(Live live, DeletionPolicy policy, HandlerContext ctx) {
        return delete(null, live, policy, ctx);
    }

    @Override
    public DeleteResult delete(Spec desired, Live live, DeletionPolicy policy, HandlerContext ctx) {
        seeWaitLimit("delete", ctx);
        return record("delete", ctx.logicalId(), live.name(), policy, desired, () -> {
            if (policy != DeletionPolicy.RETAIN && refuseDeleteWhileReferenced) {
                cloud.values().stream()
                        .filter(other -> other.attributes().containsValue(live.cloudId()))
                        .findFirst()
                        .ifPresent(other -> {
                            throw new IllegalStateException("DependencyViolation: " + live.name() + " ("
                                    + live.cloudId() + ") is still used by " + other.name());
                        });
            }
            return switch (policy) {
                case RETAIN -> DeleteResult.retained(live.name());
                case SNAPSHOT -> {
                    // The snapshot outlives the object, as a final DB snapshot does.
                    cloud.remove(live.name());
                    finalSnapshots.merge(
                            live.name(),
                            List.of(live.name() + "-final"),
                            (before, added) -> java.util.stream.Stream.concat(before.stream(), added.stream())
                                    .toList());
                    yield new DeleteResult(DeleteResult.Outcome.SNAPSHOTTED, live.name() + "-final");
                }
                case DELETE -> {
                    cloud.remove(live.name());
                    yield DeleteResult.deleted();
                }
            };
        });
    }

    @Override
    public Outputs outputs(Live live) {
        return Outputs.of(ID, live.cloudId(), NAME, live.name(), ARN, "arn:fake:thing:" + live.name());
    }

    // ---- helpers -------------------------------------------------------------------------

    /** Compares attribute by attribute; nothing forces a replacement. */
    static List<AttributeChange> attributeDiff(Spec desired, Live live) {
        return attributeDiff(desired, live, Set.of());
    }

    /** Compares attribute by attribute; a change of any of {@code replacing} forces a replacement. */
    static List<AttributeChange> attributeDiff(Spec desired, Live live, Set<String> replacing) {
        List<AttributeChange> changes = new ArrayList<>();
        desired.attributes().forEach((key, value) -> {
            String before = live.attributes().get(key);
            if (!value.equals(before)) {
                changes.add(new AttributeChange(key, before, value, replacing.contains(key)));
            }
        });
        return changes;
    }

    private void refuseUnknowns(String method, String logicalId, Spec desired) {
        desired.attributes().forEach((key, value) -> {
            if (Unknown.isUnknown(value)) {
                unknownsSeen.add(method + " " + logicalId + "." + key + "=" + value);
                throw new IllegalStateException(method + " of " + logicalId + " got an unknown " + key);
            }
        });
    }

    private <T> T record(
            String method,
            String logicalId,
            String name,
            DeletionPolicy policy,
            Spec spec,
            java.util.function.Supplier<T> work) {
        long start = System.nanoTime();
        try {
            return work.get();
        } finally {
            calls.add(new Call(
                    method, logicalId, name, Thread.currentThread().getName(), start, System.nanoTime(), policy, spec));
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    // ---- building graphs -----------------------------------------------------------------

    private void seeWaitLimit(String method, HandlerContext ctx) {
        waitLimitsSeen.put(
                method + " " + ctx.logicalId(),
                ctx.waitLimit().map(Duration::toString).orElse("built-in"));
    }

    /**
     * The wait limit each create, update and delete was handed, by {@code "<method> <id>"}: the
     * duration, or "built-in" when none was configured.
     */
    Map<String, String> waitLimitsSeen() {
        return Map.copyOf(waitLimitsSeen);
    }

    /** Name of the cloud object of logical id {@code id}. */
    static String nameOf(String id) {
        return "tap-test-" + id;
    }

    /** A resource with fixed attributes. */
    static ResourceDef<Spec> def(String id, String... dependsOn) {
        return def(id, DeletionPolicy.DELETE, in -> Map.of("size", "1"), dependsOn);
    }

    /** A resource whose attributes are computed from its inputs. */
    static ResourceDef<Spec> def(
            String id, DeletionPolicy policy, Function<Inputs, Map<String, String>> attributes, String... dependsOn) {
        return new ResourceDef<>(
                id,
                THING,
                nameOf(id),
                policy,
                Arrays.asList(dependsOn),
                in -> new Spec(nameOf(id), attributes.apply(in)));
    }

    /** Like {@code def}, marked as needed by retained data (a key, a secret): destroy keeps it while such data exists. */
    static ResourceDef<Spec> keptForRetainedData(ResourceDef<Spec> def) {
        return new ResourceDef<>(
                def.id(), def.kind(), def.name(), def.deletionPolicy(), def.dependsOn(), def.desired(), true);
    }

    /** A resource whose attributes record the {@code id} output of each dependency, as {@code <dep>.id}. */
    static ResourceDef<Spec> wired(String id, DeletionPolicy policy, String... dependsOn) {
        return def(
                id,
                policy,
                in -> {
                    Map<String, String> attributes = new TreeMap<>();
                    for (String dependency : dependsOn) {
                        attributes.put(dependency + ".id", in.output(dependency, "id"));
                    }
                    return attributes;
                },
                dependsOn);
    }

    /** Runs {@code run}; a {@link RunFailedException} becomes an assertion failure naming each node's error. */
    static <T> T expectSuccess(java.util.concurrent.Callable<T> run) throws Exception {
        try {
            return run.call();
        } catch (RunFailedException e) {
            StringBuilder why = new StringBuilder(e.getMessage());
            e.results().values().stream()
                    .filter(r -> r.status() != NodeResult.Status.SUCCEEDED)
                    .forEach(r -> why.append("\n  ")
                            .append(r.id())
                            .append(' ')
                            .append(r.status())
                            .append(r.error() != null ? ": " + r.error().getMessage() : "")
                            .append(r.blockedBy() != null ? " by " + r.blockedBy() : ""));
            throw new AssertionError(why.toString(), e);
        }
    }

    static RunSettings settings(int parallelism, String... allowReplace) {
        return new RunSettings(
                "test", "eu-west-1", "123456789012", parallelism, Set.of(allowReplace), ProgressListener.SILENT);
    }
}

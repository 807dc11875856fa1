package dev.tapctl.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tapctl.engine.spi.AttributeChange;
import dev.tapctl.engine.spi.DeleteResult;
import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.HandlerContext;
import dev.tapctl.engine.spi.Kind;
import dev.tapctl.engine.spi.Outputs;
import dev.tapctl.engine.spi.ResourceDef;
import dev.tapctl.engine.spi.ResourceHandler;
import dev.tapctl.engine.spi.Tagged;
import dev.tapctl.engine.spi.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Adoption in the engine: an object found under a resource's name that carries no tapctl tags is
 * planned as {@code adopt} (reason {@code unmanaged}) with its differences, and apply tags it and
 * reconciles it in place; one this environment's tags mark is decided as before (a retained table,
 * a half-made object); a difference only a replacement could make, and an object of another
 * environment or project, are refused, naming why, before any change.
 */
class DeciderAdoptionTest {
    private static final Kind<BoxSpec> BOX = Kind.of("test.box", BoxSpec.class);
    private static final String NAME = "tap-dev-box";
    private static final Map<String, String> OURS = Map.of(
            Tags.PROJECT, "tap",
            Tags.ENVIRONMENT, "dev",
            Tags.MANAGED_BY, Tags.MANAGED_BY_VALUE,
            Tags.LOGICAL_ID, "data.box");

    /** {@code key} can only change by replacement (a table's key schema); {@code colour} in place. */
    record BoxSpec(String name, String key, String colour, Map<String, String> tags) {}

    record BoxLive(String name, String key, String colour, Map<String, String> tags) implements Tagged {}

    /** One kind in memory: the objects by name, and every mutating call. */
    static final class Boxes implements ResourceHandler<BoxSpec, BoxLive> {
        final Map<String, BoxLive> cloud = new ConcurrentHashMap<>();
        final List<String> mutations = new CopyOnWriteArrayList<>();

        @Override
        public Kind<BoxSpec> kind() {
            return BOX;
        }

        @Override
        public Optional<BoxLive> read(BoxSpec desired, HandlerContext ctx) {
            return Optional.ofNullable(cloud.get(desired.name()));
        }

        @Override
        public List<AttributeChange> diff(BoxSpec desired, BoxLive live) {
            List<AttributeChange> changes = new ArrayList<>();
            if (!desired.key().equals(live.key())) {
                changes.add(AttributeChange.replacing("key", live.key(), desired.key()));
            }
            if (!desired.colour().equals(live.colour())) {
                changes.add(AttributeChange.of("colour", live.colour(), desired.colour()));
            }
            new TreeMap<>(desired.tags()).forEach((key, value) -> {
                if (!value.equals(live.tags().get(key))) {
                    changes.add(AttributeChange.of("tags." + key, live.tags().get(key), value));
                }
            });
            return changes;
        }

        @Override
        public BoxLive create(BoxSpec desired, HandlerContext ctx) {
            mutations.add("create " + desired.name());
            BoxLive live =
                    new BoxLive(desired.name(), desired.key(), desired.colour(), ctx.tagsToWrite(desired.tags()));
            cloud.put(desired.name(), live);
            return live;
        }

        @Override
        public BoxLive update(BoxSpec desired, BoxLive live, List<AttributeChange> changes, HandlerContext ctx) {
            mutations.add("update " + live.name() + " "
                    + changes.stream().map(AttributeChange::path).toList());
            Map<String, String> tags = new TreeMap<>(live.tags());
            tags.putAll(ctx.tagsToWrite(desired.tags()));
            BoxLive updated = new BoxLive(live.name(), live.key(), desired.colour(), tags);
            cloud.put(live.name(), updated);
            return updated;
        }

        @Override
        public DeleteResult delete(BoxLive live, DeletionPolicy policy, HandlerContext ctx) {
            mutations.add("delete " + live.name());
            cloud.remove(live.name());
            return DeleteResult.deleted();
        }

        @Override
        public Outputs outputs(BoxLive live) {
            return Outputs.of(dev.tapctl.engine.spi.OutputKey.<BoxSpec>of("name"), live.name());
        }
    }

    private final Boxes boxes = new Boxes();

    private static ResourceGraph graph(DeletionPolicy policy, Map<String, String> specTags) {
        return ResourceGraph.of(List.of(new ResourceDef<>(
                "data.box", BOX, NAME, policy, List.of(), in -> new BoxSpec(NAME, "id", "blue", specTags))));
    }

    private static ResourceGraph graph() {
        return graph(DeletionPolicy.RETAIN, OURS);
    }

    private Plan plan(ResourceGraph graph, IgnoredPaths ignored) {
        return new Planner(graph, kind -> boxes, settings().withIgnored(ignored)).plan();
    }

    private Plan plan(ResourceGraph graph) {
        return plan(graph, IgnoredPaths.NONE);
    }

    private static RunSettings settings() {
        return new RunSettings("dev", "eu-west-1", "123456789012", 2, Set.of(), ProgressListener.SILENT);
    }

    private void madeElsewhere(String key, String colour, Map<String, String> tags) {
        boxes.cloud.put(NAME, new BoxLive(NAME, key, colour, tags));
    }

    @Test
    void anUntaggedObjectUnderTheNameIsAdoptedWithItsDifferencesAndApplyTagsAndReconcilesIt() {
        madeElsewhere("id", "red", Map.of("CostCenter", "42"));
        ResourceGraph graph = graph();

        Plan plan = plan(graph);

        Step step = plan.change("data.box").orElseThrow();
        assertThat(step).isInstanceOf(Step.Adopt.class);
        assertThat(step.action()).isEqualTo(Action.ADOPT);
        assertThat(step.reason()).isEqualTo(Reason.UNMANAGED);
        assertThat(((Step.Adopt) step).refused()).isFalse();
        assertThat(step.attributes())
                .contains(AttributeChange.of("colour", "red", "blue"))
                .contains(AttributeChange.of("tags." + Tags.MANAGED_BY, null, Tags.MANAGED_BY_VALUE));
        assertThat(plan.hasChanges()).isTrue();
        assertThat(plan.summary()).containsEntry(Action.ADOPT, 1).containsEntry(Action.UPDATE, 0);
        new Planner(graph, kind -> boxes, settings()).refuseRefusedAdoptions(plan);

        new Applier(graph, kind -> boxes, settings()).apply(plan);

        assertThat(boxes.mutations).hasSize(1).allMatch(m -> m.startsWith("update " + NAME));
        BoxLive adopted = boxes.cloud.get(NAME);
        assertThat(adopted.colour()).isEqualTo("blue");
        assertThat(adopted.tags())
                .containsAllEntriesOf(OURS)
                .containsEntry("CostCenter", "42")
                .containsKey(Tags.SPEC_HASH);
        Plan next = plan(graph);
        assertThat(next.change("data.box").orElseThrow()).isInstanceOf(Step.NoOp.class);
        assertThat(next.hasChanges()).isFalse();
    }

    @Test
    void anObjectThisEnvironmentsTagsMarkIsDecidedAsBeforeEvenWithoutItsSpecHash() {
        // A retained table, or what a crashed run left tagged: re-adopted silently, as an update.
        madeElsewhere("id", "red", OURS);

        Step step = plan(graph()).change("data.box").orElseThrow();

        assertThat(step).isInstanceOf(Step.Update.class);
        assertThat(step.reason()).isEqualTo(Reason.CONFIG);
    }

    @Test
    void anObjectWhoseManagedByTagWasEditedIsStillThisEnvironmentsByItsTapctlKeys() {
        Map<String, String> edited = new TreeMap<>(OURS);
        edited.put(Tags.MANAGED_BY, "console");
        madeElsewhere("id", "blue", edited);

        Step step = plan(graph()).change("data.box").orElseThrow();

        assertThat(step).isInstanceOf(Step.Update.class);
        assertThat(step.attributes()).contains(AttributeChange.of("tags." + Tags.MANAGED_BY, "console", "tapctl"));
    }

    @Test
    void aDifferenceOnlyAReplacementCouldMakeIsRefusedNamingTheAttributeAndNothingChanges() {
        madeElsewhere("pk", "red", Map.of());
        ResourceGraph graph = graph();

        Plan plan = plan(graph);

        Step.Adopt step = (Step.Adopt) plan.change("data.box").orElseThrow();
        assertThat(step.refused()).isTrue();
        assertThat(step.refusal())
                .contains("key \"pk\" -> \"id\" forces a replacement")
                .contains("destroy what it holds")
                .contains("never replaces an object it adopts");
        assertThat(step.forcing()).extracting(AttributeChange::path).containsExactly("key");
        assertThatThrownBy(() -> new Planner(graph, kind -> boxes, settings()).refuseRefusedAdoptions(plan))
                .isInstanceOf(AdoptionRefusedException.class)
                .hasMessage("nothing was changed: 1 adoption is refused")
                .satisfies(e -> assertThat(((AdoptionRefusedException) e).refusals())
                        .singleElement()
                        .asString()
                        .startsWith("data.box (tap-dev-box): ")
                        .contains("key \"pk\" -> \"id\""));
        assertThatThrownBy(() -> new Applier(graph, kind -> boxes, settings()).apply(plan))
                .isInstanceOf(RunFailedException.class);
        assertThat(boxes.mutations).as("no call carries out a refused adoption").isEmpty();
        assertThat(boxes.cloud.get(NAME).key()).isEqualTo("pk");
    }

    @Test
    void aResourceWithoutDataIsNotReplacedOnAdoptionEither() {
        madeElsewhere("pk", "blue", Map.of());

        Step.Adopt step = (Step.Adopt)
                plan(graph(DeletionPolicy.DELETE, OURS)).change("data.box").orElseThrow();

        assertThat(step.refused()).isTrue();
        assertThat(step.refusal()).contains("key \"pk\" -> \"id\"").doesNotContain("what it holds");
    }

    @Test
    void anIgnoredReplacingDifferenceDoesNotStopTheAdoption() {
        madeElsewhere("pk", "red", Map.of());
        IgnoredPaths keyIgnored = new IgnoredPaths(Map.of("data.box", Map.of("key", "key")));

        Step.Adopt step =
                (Step.Adopt) plan(graph(), keyIgnored).change("data.box").orElseThrow();

        assertThat(step.refused()).isFalse();
        assertThat(step.attributes())
                .filteredOn(a -> a.path().equals("key"))
                .singleElement()
                .satisfies(a -> assertThat(a.isIgnored()).isTrue());
    }

    @Test
    void destroyLeavesAnObjectTapctlNeverMadeNorAdoptedAsItIs() {
        madeElsewhere("id", "blue", Map.of("Owner", "someone"));
        ResourceGraph graph = graph(DeletionPolicy.DELETE, OURS);

        Plan plan = new DestroyPlanner(graph, kind -> boxes, settings()).plan();

        Step step = plan.change("data.box").orElseThrow();
        assertThat(step).isInstanceOf(Step.Retain.class);
        assertThat(step.note()).contains("not tapctl's");
        new Destroyer(graph, kind -> boxes, settings()).destroy(plan);
        assertThat(boxes.mutations).isEmpty();
        assertThat(boxes.cloud).containsKey(NAME);
    }

    @Test
    void destroyLeavesAnotherEnvironmentsObjectAsItIs() {
        Map<String, String> staging = new TreeMap<>(OURS);
        staging.put(Tags.ENVIRONMENT, "staging");
        madeElsewhere("id", "blue", staging);

        Step step = new DestroyPlanner(graph(DeletionPolicy.DELETE, OURS), kind -> boxes, settings())
                .plan()
                .change("data.box")
                .orElseThrow();

        assertThat(step).isInstanceOf(Step.Retain.class);
        assertThat(step.note()).contains("another environment's");
    }

    @Test
    void destroyStillDeletesThisEnvironmentsObject() {
        madeElsewhere("id", "blue", OURS);

        Step step = new DestroyPlanner(graph(DeletionPolicy.DELETE, OURS), kind -> boxes, settings())
                .plan()
                .change("data.box")
                .orElseThrow();

        assertThat(step).isInstanceOf(Step.Delete.class);
    }

    @Test
    void anObjectTaggedForAnotherEnvironmentIsRefusedNotAdopted() {
        Map<String, String> staging = new TreeMap<>(OURS);
        staging.put(Tags.ENVIRONMENT, "staging");
        madeElsewhere("id", "blue", staging);
        ResourceGraph graph = graph();

        Plan plan = plan(graph);

        Step.Adopt step = (Step.Adopt) plan.change("data.box").orElseThrow();
        assertThat(step.refused()).isTrue();
        assertThat(step.refusal())
                .contains("tagged Environment=staging")
                .contains("this stack is Environment=dev")
                .contains("another environment");
        assertThatThrownBy(() -> new Planner(graph, kind -> boxes, settings()).refuseRefusedAdoptions(plan))
                .isInstanceOf(AdoptionRefusedException.class);
    }

    @Test
    void anObjectTaggedForAnotherProjectIsRefused() {
        Map<String, String> other = new TreeMap<>(OURS);
        other.put(Tags.PROJECT, "shop");
        madeElsewhere("id", "blue", other);

        Step.Adopt step = (Step.Adopt) plan(graph()).change("data.box").orElseThrow();

        assertThat(step.refusal()).contains("tagged Project=shop").contains("another project");
    }

    @Test
    void anAccountWideObjectWhoseSpecNamesNoEnvironmentIsNotAnotherEnvironments() {
        // The API Gateway logging role: one per account, tagged by whichever environment made it.
        Map<String, String> accountWide = new TreeMap<>(OURS);
        accountWide.remove(Tags.ENVIRONMENT);
        Map<String, String> madeByProd = new TreeMap<>(accountWide);
        madeByProd.put(Tags.ENVIRONMENT, "prod");
        madeElsewhere("id", "blue", madeByProd);

        Step step = plan(graph(DeletionPolicy.RETAIN, accountWide))
                .change("data.box")
                .orElseThrow();

        assertThat(step).isNotInstanceOf(Step.Adopt.class);
    }

    @Test
    void aKindWhoseSpecCarriesNoOwnershipTagsIsNeverAdopted() {
        // Untaggable kinds (a Lambda permission, the account setting) have nothing to tell an owner by.
        madeElsewhere("id", "red", Map.of());

        Step step =
                plan(graph(DeletionPolicy.DELETE, Map.of())).change("data.box").orElseThrow();

        assertThat(step).isInstanceOf(Step.Update.class);
    }
}

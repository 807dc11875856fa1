package dev.tapctl.stack;

import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.Inputs;
import dev.tapctl.engine.spi.Kind;
import dev.tapctl.engine.spi.Ref;
import dev.tapctl.engine.spi.ResourceDef;
import dev.tapctl.engine.spi.Unknown;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Collects the stack's resources as the layers declare them. A resource's dependencies are not
 * written by hand: they are the resources its desired function reads, found by evaluating it once
 * with every output an {@link Unknown} placeholder (what a plan hands it for a resource not created
 * yet), in the order it reads them, then the ordering-only edges its declaration adds with
 * {@link Declaration#after}. Only a declared resource has a {@link Ref}, so a resource can only
 * depend on one declared before it: the graph's order is the declaration order.
 */
final class StackBuilder {
    private final List<ResourceDef<?>> resources = new ArrayList<>();

    /** A resource deleted on destroy, depending on what it reads. */
    <S> Ref<S> add(String id, Kind<S> kind, String name, Function<Inputs, S> desired) {
        return declare(id, kind, name).spec(desired);
    }

    /** A resource whose deletion policy or ordering-only dependencies differ from the defaults. */
    <S> Declaration<S> declare(String id, Kind<S> kind, String name) {
        return new Declaration<>(id, kind, name);
    }

    List<ResourceDef<?>> resources() {
        return List.copyOf(resources);
    }

    /** One resource being declared; {@link #spec} ends the declaration. */
    final class Declaration<S> {
        private final String id;
        private final Kind<S> kind;
        private final String name;
        private DeletionPolicy policy = DeletionPolicy.DELETE;
        private final List<Ref<?>> after = new ArrayList<>();
        private boolean keptForRetainedData;

        private Declaration(String id, Kind<S> kind, String name) {
            this.id = id;
            this.kind = kind;
            this.name = name;
        }

        Declaration<S> policy(DeletionPolicy policy) {
            this.policy = policy;
            return this;
        }

        /**
         * Created after (and destroyed before) {@code refs}, though the spec reads nothing of
         * them: e.g. a function waits for the log group it writes to by name.
         */
        Declaration<S> after(Ref<?>... refs) {
            after.addAll(List.of(refs));
            return this;
        }

        /** What retained or snapshotted data still needs after a destroy (see {@link ResourceDef}). */
        Declaration<S> keptForRetainedData() {
            keptForRetainedData = true;
            return this;
        }

        Ref<S> spec(Function<Inputs, S> desired) {
            Set<String> dependsOn = new LinkedHashSet<>(reads(desired));
            after.forEach(ref -> dependsOn.add(ref.id()));
            resources.add(
                    new ResourceDef<>(id, kind, name, policy, List.copyOf(dependsOn), desired, keptForRetainedData));
            return new Ref<>(id, kind);
        }
    }

    /** The resources {@code desired} reads, in the order it first reads them. */
    private static List<String> reads(Function<Inputs, ?> desired) {
        RecordingInputs recording = new RecordingInputs();
        desired.apply(recording);
        return List.copyOf(recording.read);
    }

    /** Answers placeholders, as a plan does before anything exists, and notes whose outputs are read. */
    private static final class RecordingInputs implements Inputs {
        private final Set<String> read = new LinkedHashSet<>();

        @Override
        public String accountId() {
            return Unknown.ofAccount("accountId");
        }

        @Override
        public String region() {
            return Unknown.ofAccount("region");
        }

        @Override
        public String output(String id, String key) {
            read.add(id);
            return Unknown.of(id, key);
        }
    }
}

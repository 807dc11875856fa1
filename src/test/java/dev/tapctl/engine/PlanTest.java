package dev.tapctl.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tapctl.engine.spi.DeletionPolicy;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlanTest {

    private static Step change(String id, Action action) {
        return switch (action) {
            case RETAIN -> new Step.Retain(id, "test.thing", id, List.of(), DeletionPolicy.RETAIN, null, null, "");
            case DELETE -> new Step.Delete(id, "test.thing", id, List.of(), DeletionPolicy.RETAIN, null, null, "");
            case NO_OP -> new Step.Absent(id, "test.thing", id, List.of(), DeletionPolicy.RETAIN, null);
            default -> throw new IllegalArgumentException("no destroy step " + action);
        };
    }

    @Test
    void keepingWhatIsKeptChangesNothing() {
        // What is left after a destroy: --detailed-exitcode must say "nothing to do" (0), not 2.
        Plan afterDestroy = new Plan(
                "dev",
                "us-east-1",
                true,
                List.of(change("data.table", Action.RETAIN), change("network.vpc", Action.NO_OP)));
        assertThat(afterDestroy.hasChanges()).isFalse();
        assertThat(Action.RETAIN.shown()).as("a retain is still shown").isTrue();

        Plan beforeDestroy = new Plan(
                "dev",
                "us-east-1",
                true,
                List.of(change("data.table", Action.RETAIN), change("network.vpc", Action.DELETE)));
        assertThat(beforeDestroy.hasChanges()).isTrue();
    }
}

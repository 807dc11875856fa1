package dev.tapctl.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tapctl.engine.spi.EnvironmentListing;
import dev.tapctl.engine.spi.SharedReads;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * {@link PlanReads#across}: a run over several environments of a project lists them with one call
 * and gives each environment exactly what its own listing finds; one plan lists its own.
 */
class PlanReadsAcrossTest {
    /** The objects of a fake account: "env/name", listed by environment set. */
    private static final List<String> ACCOUNT = List.of("dev/a", "dev/b", "prod/a", "staging/a", "dev-2/a");

    /** Records every call and the environments it asked for. */
    private final List<Set<String>> calls = new CopyOnWriteArrayList<>();

    private EnvironmentListing<String> listing(String project, String env) {
        return new EnvironmentListing<>(
                "fake:List",
                project,
                env,
                envs -> {
                    calls.add(envs);
                    return ACCOUNT.stream()
                            .filter(o -> envs.contains(o.substring(0, o.indexOf('/'))))
                            .toList();
                },
                (object, which) -> object.startsWith(which + "/"));
    }

    @Test
    void oneCallAnswersEveryEnvironmentOfTheRunAndEachKeepsItsOwn() {
        SharedReads run = PlanReads.across(Map.of("tap", Set.of("dev", "prod")));

        List<String> dev = run.environment(listing("tap", "dev"));
        List<String> prod = run.environment(listing("tap", "prod"));
        List<String> devAgain = run.environment(listing("tap", "dev"));

        assertThat(dev).containsExactly("dev/a", "dev/b");
        assertThat(prod).containsExactly("prod/a");
        assertThat(devAgain).isEqualTo(dev);
        assertThat(calls).containsExactly(Set.of("dev", "prod"));
    }

    @Test
    void aPlanAndAnEnvironmentAloneInItsProjectListOnlyTheirOwn() {
        SharedReads plan = new PlanReads();
        assertThat(plan.environment(listing("tap", "dev"))).containsExactly("dev/a", "dev/b");
        assertThat(plan.environment(listing("tap", "dev"))).containsExactly("dev/a", "dev/b");

        SharedReads run = PlanReads.across(Map.of("tap", Set.of("dev", "prod"), "other", Set.of("staging")));
        assertThat(run.environment(listing("other", "staging"))).containsExactly("staging/a");
        // An environment the run was not told about is listed on its own, not given another's answer.
        assertThat(run.environment(listing("tap", "dev-2"))).containsExactly("dev-2/a");

        assertThat(new ArrayList<>(calls)).containsExactly(Set.of("dev"), Set.of("staging"), Set.of("dev-2"));
    }

    @Test
    void outsideAPlanEveryAskIsACall() {
        SharedReads.NONE.environment(listing("tap", "dev"));
        SharedReads.NONE.environment(listing("tap", "dev"));
        assertThat(calls).containsExactly(Set.of("dev"), Set.of("dev"));
    }
}

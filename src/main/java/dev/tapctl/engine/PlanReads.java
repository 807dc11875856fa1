package dev.tapctl.engine;

import dev.tapctl.engine.spi.EnvironmentListing;
import dev.tapctl.engine.spi.SharedReads;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The shared reads of one plan: the first caller of a key makes the call on its own thread, the
 * others wait for its answer. Made fresh by every plan, so nothing outlives the plan that read it;
 * or, for a run that plans several environments and changes nothing ({@code drift}), made once
 * for the run ({@link #across}) and given to each of its plans, so that one listing answers
 * every environment of a project, and what every plan asks the same (the account's REST APIs,
 * its usage plans) is asked once.
 */
public final class PlanReads implements SharedReads {
    private final ConcurrentHashMap<String, CompletableFuture<Object>> answers = new ConcurrentHashMap<>();
    /** The environments of the run by project; empty for one plan, whose listings are its own. */
    private final Map<String, Set<String>> environmentsByProject;

    /** The reads of one plan. */
    public PlanReads() {
        this(Map.of());
    }

    private PlanReads(Map<String, Set<String>> environmentsByProject) {
        Map<String, Set<String>> copy = new TreeMap<>();
        environmentsByProject.forEach((project, envs) -> copy.put(project, Set.copyOf(new TreeSet<>(envs))));
        this.environmentsByProject = Map.copyOf(copy);
    }

    /**
     * The reads of a run over {@code environmentsByProject} (project -> its environments in the
     * run), one region and one account, that changes nothing in between: its listings may be
     * older than the plan that uses them by the run's length, never by a change of its own.
     */
    public static PlanReads across(Map<String, Set<String>> environmentsByProject) {
        return new PlanReads(environmentsByProject);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T get(String key, Supplier<T> read) {
        CompletableFuture<Object> mine = new CompletableFuture<>();
        CompletableFuture<Object> first = answers.putIfAbsent(key, mine);
        if (first == null) {
            try {
                T answer = read.get();
                mine.complete(answer);
                return answer;
            } catch (RuntimeException | Error e) {
                // The plan fails with this error; the resources waiting on the key fail with it too.
                mine.completeExceptionally(e);
                throw e;
            }
        }
        return (T) Futures.join(first);
    }

    /**
     * The environment's own listing, once; when the run has other environments of its project,
     * one listing of all of them, once per run, of which the environment keeps its own objects.
     */
    @Override
    public <T> List<T> environment(EnvironmentListing<T> listing) {
        Set<String> envs = environmentsByProject.getOrDefault(listing.project(), Set.of());
        if (envs.size() < 2 || !envs.contains(listing.env())) {
            return get(
                    listing.operation() + ":" + listing.project() + "/" + listing.env(),
                    () -> List.copyOf(listing.listAlone()));
        }
        String key = listing.operation() + ":" + listing.project() + "/" + String.join(",", new TreeSet<>(envs));
        return listing.mine(get(key, () -> List.copyOf(listing.list().apply(envs))));
    }

    @Override
    public boolean shared() {
        return true;
    }
}

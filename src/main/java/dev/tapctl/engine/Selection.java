package dev.tapctl.engine;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The resources one run works on: every one, or the sub-graph that {@code --target} and
 * {@code --exclude} patterns (logical ids, {@code *} and {@code ?} as globs) select, with the
 * same edges.
 *
 * <p>A plan or an apply needs the outputs of what a resource depends on, so a target pulls in
 * its dependencies (transitively), and an exclusion drops its dependants (transitively): the
 * selection never needs an output of something left out. A destroy goes the other way, as
 * Terraform's {@code destroy -target} does: destroying a target destroys what depends on it
 * (AWS refuses to delete what is still used), and keeping an excluded resource keeps what it
 * depends on. Finding a selected resource may still need an output of a dependency left out (a
 * security group is looked up in its VPC), so a partial destroy reads those dependencies too;
 * it never changes them.
 *
 * <p>Orphans are left alone in a partial run, unless a target names one: {@code orphan:ID},
 * where ID is the orphan's id in the plan (its logical id, or {@code KIND:NAME} for one
 * without). Targets and exclusions are one or the other: a target's dependency cannot also be
 * excluded.
 */
public final class Selection {
    /** A target naming an orphan starts with this. */
    public static final String ORPHAN = "orphan:";

    private final ResourceGraph configured;
    private final ResourceGraph selected;
    private final ResourceGraph read;
    private final Partial partial;
    private final List<Pattern> orphanTargets;

    private Selection(ResourceGraph configured, Set<String> selected, Set<String> read, Partial partial) {
        this.configured = configured;
        this.selected = configured.restrictedTo(selected);
        this.read = configured.restrictedTo(read);
        this.partial = partial;
        this.orphanTargets =
                partial.orphanTargets().stream().map(Selection::glob).toList();
    }

    /** Every resource of {@code graph}, and its orphans. */
    public static Selection all(ResourceGraph graph) {
        Set<String> every = new LinkedHashSet<>(graph.order());
        return new Selection(graph, every, every, Partial.NONE);
    }

    /**
     * What {@code targets} or {@code excludes} select of {@code graph} (at most one of them given);
     * both empty is {@link #all}. Every pattern, except a target naming an orphan, must match a
     * resource (see {@link #unmatched}).
     */
    public static Selection of(ResourceGraph graph, List<String> targets, List<String> excludes, boolean destroy) {
        if (!targets.isEmpty() && !excludes.isEmpty()) {
            throw new IllegalArgumentException("targets and exclusions are one or the other");
        }
        if (targets.isEmpty() && excludes.isEmpty()) {
            return all(graph);
        }
        List<String> problems = unmatched(graph, targets);
        problems.addAll(unmatched(graph, excludes));
        if (!problems.isEmpty() || excludes.stream().anyMatch(Selection::namesOrphan)) {
            throw new IllegalArgumentException("patterns that match no resource: " + problems);
        }
        // Apply follows dependencies; destroy, dependants. Exclusions go the opposite way of targets.
        Function<String, Collection<String>> towardsNeeded = destroy ? graph::dependantsOf : graph::dependenciesOf;
        Function<String, Collection<String>> towardsUsers = destroy ? graph::dependenciesOf : graph::dependantsOf;
        Map<String, List<String>> brought = new LinkedHashMap<>();
        Set<String> chosen;
        if (!targets.isEmpty()) {
            chosen = withClosures(graph, matching(graph, targets), towardsNeeded, brought);
        } else {
            Set<String> left = withClosures(graph, matching(graph, excludes), towardsUsers, brought);
            chosen = new LinkedHashSet<>();
            graph.order().stream().filter(id -> !left.contains(id)).forEach(chosen::add);
        }
        List<String> selectedIds = inOrder(graph, chosen);
        // A destroy must find what it deletes: it reads, never changes, the dependencies left out.
        Set<String> read = new LinkedHashSet<>(selectedIds);
        if (destroy) {
            for (String id : selectedIds) {
                read.addAll(closure(id, graph::dependenciesOf));
            }
        }
        Partial partial = new Partial(
                targets,
                excludes,
                selectedIds,
                graph.size(),
                targets.isEmpty() ? Map.of() : brought,
                targets.isEmpty() ? brought : Map.of(),
                destroy);
        return new Selection(graph, new LinkedHashSet<>(selectedIds), read, partial);
    }

    /**
     * The patterns that match no resource of {@code graph}, in the order given; a target naming an
     * orphan ({@code orphan:...}) is not among them, since orphans are known only once the
     * account is read (see {@link #unmatchedOrphanTargets}).
     */
    public static List<String> unmatched(ResourceGraph graph, List<String> patterns) {
        return new java.util.ArrayList<>(patterns.stream()
                .filter(p -> !namesOrphan(p))
                .filter(p -> graph.order().stream().noneMatch(glob(p).asMatchPredicate()))
                .distinct()
                .toList());
    }

    /** Whether {@code pattern} names an orphan rather than a configured resource. */
    public static boolean namesOrphan(String pattern) {
        return pattern.startsWith(ORPHAN);
    }

    /** The orphan targets that name no orphan of {@code plan}, in the order given. */
    public List<String> unmatchedOrphanTargets(Plan plan) {
        List<String> orphanIds = plan.changes().stream()
                .filter(step -> step instanceof Step.Orphan)
                .map(step -> orphanTarget(step.id()))
                .toList();
        return partial.orphanTargets().stream()
                .filter(p -> orphanIds.stream().noneMatch(glob(p).asMatchPredicate()))
                .distinct()
                .toList();
    }

    /** The selected sub-graph: what is planned and changed. */
    public ResourceGraph graph() {
        return selected;
    }

    /** What a partial run left out; {@link Partial#NONE} when it works on everything. */
    public Partial partial() {
        return partial;
    }

    /** What the plan reads: the selection, and for a partial destroy the dependencies it needs to find it. */
    ResourceGraph readGraph() {
        return read;
    }

    /** Every configured resource, which orphans are told apart from. */
    ResourceGraph configured() {
        return configured;
    }

    /** Whether the plan looks for orphans at all: a whole run, or one that targets an orphan. */
    boolean looksForOrphans() {
        return !partial.active() || !orphanTargets.isEmpty();
    }

    /** Whether the orphan planned as {@code id} is worked on. */
    boolean includesOrphan(String id) {
        return !partial.active()
                || orphanTargets.stream()
                        .anyMatch(p -> p.matcher(orphanTarget(id)).matches());
    }

    /** What {@code orphan:...} pattern names the orphan planned as {@code id}. */
    private static String orphanTarget(String id) {
        return id.startsWith(ORPHAN) ? id : ORPHAN + id;
    }

    private static Set<String> matching(ResourceGraph graph, List<String> patterns) {
        List<Pattern> globs = patterns.stream()
                .filter(p -> !namesOrphan(p))
                .map(Selection::glob)
                .toList();
        Set<String> matched = new LinkedHashSet<>();
        for (String id : graph.order()) {
            if (globs.stream().anyMatch(g -> g.matcher(id).matches())) {
                matched.add(id);
            }
        }
        return matched;
    }

    /** Everything reachable from {@code id} along {@code next}, without {@code id} itself. */
    private static Set<String> closure(String id, Function<String, Collection<String>> next) {
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(next.apply(id));
        while (!todo.isEmpty()) {
            String other = todo.pop();
            if (seen.add(other)) {
                todo.addAll(next.apply(other));
            }
        }
        return seen;
    }

    /**
     * {@code matched} with every id each of them reaches by {@code next}; what each brings that is
     * not matched itself goes in {@code brought}, in graph order.
     */
    private static Set<String> withClosures(
            ResourceGraph graph,
            Set<String> matched,
            Function<String, Collection<String>> next,
            Map<String, List<String>> brought) {
        Set<String> all = new LinkedHashSet<>(matched);
        for (String id : matched) {
            Set<String> closure = closure(id, next);
            all.addAll(closure);
            List<String> added = inOrder(graph, closure).stream()
                    .filter(other -> !matched.contains(other))
                    .toList();
            if (!added.isEmpty()) {
                brought.put(id, added);
            }
        }
        return all;
    }

    private static List<String> inOrder(ResourceGraph graph, Set<String> ids) {
        return graph.order().stream().filter(ids::contains).toList();
    }

    /** {@code *} any run of characters, {@code ?} one; everything else as it is. */
    static Pattern glob(String pattern) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            if (c == '*' || c == '?') {
                if (!literal.isEmpty()) {
                    regex.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                regex.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (!literal.isEmpty()) {
            regex.append(Pattern.quote(literal.toString()));
        }
        return Pattern.compile(regex.toString());
    }
}

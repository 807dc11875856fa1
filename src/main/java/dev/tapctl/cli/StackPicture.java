package dev.tapctl.cli;

import dev.tapctl.engine.Action;
import dev.tapctl.engine.Plan;
import dev.tapctl.engine.ResourceGraph;
import dev.tapctl.engine.Step;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code tapctl graph} draws: every resource, grouped by layer, with an edge from each
 * dependency to its dependant (the order apply builds in), and, drawn from a plan, each node's
 * planned action. One model for both formats, so DOT and Mermaid cannot disagree.
 *
 * @param coloured whether the nodes carry planned actions ({@code --plan}); otherwise every
 *     action is {@link Action#NO_OP} and no node is coloured
 */
record StackPicture(String title, List<Node> nodes, boolean coloured) {

    /** One resource; {@code layer} is the first part of its logical id ({@code network}, {@code data}, ...). */
    record Node(String id, String kind, List<String> dependsOn, Action action) {
        Node {
            dependsOn = List.copyOf(dependsOn);
        }

        String layer() {
            int dot = id.indexOf('.');
            return dot < 0 ? id : id.substring(0, dot);
        }
    }

    /** An edge, dependency first. */
    record Edge(String from, String to) {}

    StackPicture {
        nodes = List.copyOf(nodes);
    }

    /** The configured stack, in the graph's order, not coloured. */
    static StackPicture of(String title, ResourceGraph graph) {
        List<Node> nodes = new ArrayList<>();
        for (String id : graph.order()) {
            nodes.add(new Node(id, graph.get(id).kind().name(), graph.dependenciesOf(id), Action.NO_OP));
        }
        return new StackPicture(title, nodes, false);
    }

    /**
     * The plan's steps coloured by action; a step the configuration no longer declares (an
     * orphan to delete) is a node too, so a picture of a plan shows everything it touches.
     */
    static StackPicture of(String title, Plan plan) {
        List<Node> nodes = new ArrayList<>();
        for (Step step : plan.changes()) {
            nodes.add(new Node(step.id(), step.kind(), step.dependsOn(), step.action()));
        }
        return new StackPicture(title, nodes, true);
    }

    /**
     * The plan's changes and their direct dependants (what a change may disturb), coloured by
     * action: the picture a pull request comment shows.
     */
    static StackPicture ofChanges(String title, Plan plan) {
        java.util.Set<String> changed = new java.util.HashSet<>();
        plan.changes().stream().filter(step -> step.action().shown()).forEach(step -> changed.add(step.id()));
        List<Node> nodes = new ArrayList<>();
        for (Step step : plan.changes()) {
            if (changed.contains(step.id()) || step.dependsOn().stream().anyMatch(changed::contains)) {
                nodes.add(new Node(step.id(), step.kind(), step.dependsOn(), step.action()));
            }
        }
        return new StackPicture(title, nodes, true);
    }

    /** Every dependency edge between two drawn nodes, in node order. */
    List<Edge> edges() {
        Map<String, Node> byId = new LinkedHashMap<>();
        nodes.forEach(node -> byId.put(node.id(), node));
        List<Edge> edges = new ArrayList<>();
        for (Node node : nodes) {
            for (String dependency : node.dependsOn()) {
                if (byId.containsKey(dependency)) {
                    edges.add(new Edge(dependency, node.id()));
                }
            }
        }
        return edges;
    }

    /** The nodes of each layer, layers in the order their first resource comes. */
    Map<String, List<Node>> layers() {
        Map<String, List<Node>> layers = new LinkedHashMap<>();
        nodes.forEach(node ->
                layers.computeIfAbsent(node.layer(), k -> new ArrayList<>()).add(node));
        return layers;
    }

    /**
     * The fill of a planned action, Terraform's plan colours where it has them (create green,
     * update yellow, delete red), replace between the two, retain blue, adopt violet, no-op grey.
     */
    static String fill(Action action) {
        return switch (action) {
            case CREATE -> "#b7e4c7";
            case ADOPT -> "#d7bde2";
            case UPDATE -> "#ffe8a3";
            case REPLACE -> "#ffc48c";
            case DELETE -> "#f4a6a6";
            case RETAIN -> "#a9cce3";
            case NO_OP -> "#e5e5e5";
        };
    }
}

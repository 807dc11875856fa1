package dev.tapctl.cli;

import dev.tapctl.engine.Action;
import java.util.List;
import java.util.Map;

/** A {@link StackPicture} in Graphviz DOT: one cluster per layer, left to right in build order. */
final class DotPicture {
    private DotPicture() {}

    static String render(StackPicture picture) {
        StringBuilder dot = new StringBuilder();
        dot.append("digraph ").append(quote(picture.title())).append(" {\n");
        dot.append("  rankdir=LR;\n");
        dot.append("  node [shape=box, style=\"rounded,filled\", fillcolor=\"white\", fontname=\"Helvetica\"];\n");
        for (Map.Entry<String, List<StackPicture.Node>> layer : picture.layers().entrySet()) {
            dot.append("  subgraph ").append(quote("cluster_" + layer.getKey())).append(" {\n");
            dot.append("    label=").append(quote(layer.getKey())).append(";\n");
            for (StackPicture.Node node : layer.getValue()) {
                dot.append("    ").append(quote(node.id())).append(" [label=").append(quote(label(picture, node)));
                if (picture.coloured()) {
                    dot.append(", fillcolor=").append(quote(StackPicture.fill(node.action())));
                }
                dot.append("];\n");
            }
            dot.append("  }\n");
        }
        for (StackPicture.Edge edge : picture.edges()) {
            dot.append("  ")
                    .append(quote(edge.from()))
                    .append(" -> ")
                    .append(quote(edge.to()))
                    .append(";\n");
        }
        return dot.append("}\n").toString();
    }

    private static String label(StackPicture picture, StackPicture.Node node) {
        String label = node.id() + "\n" + node.kind();
        return picture.coloured() && node.action() != Action.NO_OP
                ? node.action().symbol() + " " + label + "\n(" + node.action().json() + ")"
                : label;
    }

    /** A DOT ID in double quotes; ids and kinds hold dots and dashes, which bare IDs may not. */
    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}

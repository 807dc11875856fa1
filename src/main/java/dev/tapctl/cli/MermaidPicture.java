package dev.tapctl.cli;

import dev.tapctl.engine.Action;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@link StackPicture} as a Mermaid flowchart, which GitHub renders inline in Markdown: one
 * subgraph per layer. Mermaid node ids may not hold dots, so each node gets {@code n<index>}
 * and shows its logical id as its label.
 */
final class MermaidPicture {
    private MermaidPicture() {}

    static String render(StackPicture picture) {
        Map<String, String> ids = new LinkedHashMap<>();
        picture.nodes().forEach(node -> ids.put(node.id(), "n" + ids.size()));
        StringBuilder out = new StringBuilder("flowchart LR\n");
        for (Map.Entry<String, List<StackPicture.Node>> layer : picture.layers().entrySet()) {
            out.append("  subgraph ").append(layer.getKey()).append("\n");
            for (StackPicture.Node node : layer.getValue()) {
                out.append("    ").append(ids.get(node.id())).append("[\"").append(label(picture, node));
                out.append("\"]");
                if (picture.coloured()) {
                    out.append(":::").append(className(node.action()));
                }
                out.append("\n");
            }
            out.append("  end\n");
        }
        for (StackPicture.Edge edge : picture.edges()) {
            out.append("  ")
                    .append(ids.get(edge.from()))
                    .append(" --> ")
                    .append(ids.get(edge.to()))
                    .append("\n");
        }
        if (picture.coloured()) {
            Set<Action> used = EnumSet.noneOf(Action.class);
            picture.nodes().forEach(node -> used.add(node.action()));
            for (Action action : used) {
                out.append("  classDef ")
                        .append(className(action))
                        .append(" fill:")
                        .append(StackPicture.fill(action))
                        .append("\n");
            }
        }
        return out.toString();
    }

    private static String label(StackPicture picture, StackPicture.Node node) {
        String label = node.id() + "<br/>" + node.kind();
        // Mermaid reads a double quote as the end of the label; ids and kinds never hold one.
        return picture.coloured() && node.action() != Action.NO_OP
                ? node.action().symbol() + " " + label + "<br/>("
                        + node.action().json() + ")"
                : label;
    }

    /** A CSS class name per action: "no-op" and "-/+" are not names Mermaid takes. */
    static String className(Action action) {
        return action.name().toLowerCase(java.util.Locale.ROOT).replace("_", "");
    }
}

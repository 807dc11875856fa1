package dev.tapctl.testing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads back what {@code tapctl graph} printed, independently of the code that printed it: the
 * node ids, their fills and the edges of its DOT and Mermaid, by the grammar of each format.
 */
public final class GraphReading {
    private static final Pattern DOT_NODE = Pattern.compile(
            "^\\s*\"([^\"]+)\" \\[label=(\"(?:[^\"\\\\]|\\\\.)*\")(?:, fillcolor=\"([^\"]+)\")?\\];$",
            Pattern.MULTILINE);
    private static final Pattern DOT_EDGE = Pattern.compile("^\\s*\"([^\"]+)\" -> \"([^\"]+)\";$", Pattern.MULTILINE);
    private static final Pattern MERMAID_NODE =
            Pattern.compile("^\\s*(n\\d+)\\[\"([^\"<]+)<br/>[^\"]*\"\\](?::::(\\w+))?$", Pattern.MULTILINE);
    private static final Pattern MERMAID_EDGE = Pattern.compile("^\\s*(n\\d+) --> (n\\d+)$", Pattern.MULTILINE);
    private static final Pattern MERMAID_CLASS =
            Pattern.compile("^\\s*classDef (\\w+) fill:(#[0-9a-f]{6})$", Pattern.MULTILINE);

    private GraphReading() {}

    /** A Mermaid flowchart's nodes by logical id (the label's first line), with the fill of their class. */
    public record Mermaid(List<String> nodes, List<List<String>> edges, Map<String, String> fills) {}

    public static List<String> dotNodes(String dot) {
        return new ArrayList<>(dotFills(dot).keySet());
    }

    /** Node id to fill colour ("" where the node has none). */
    public static Map<String, String> dotFills(String dot) {
        Map<String, String> fills = new LinkedHashMap<>();
        Matcher m = DOT_NODE.matcher(dot);
        while (m.find()) {
            fills.put(m.group(1), m.group(3) == null ? "" : m.group(3));
        }
        return fills;
    }

    public static List<List<String>> dotEdges(String dot) {
        List<List<String>> edges = new ArrayList<>();
        Matcher m = DOT_EDGE.matcher(dot);
        while (m.find()) {
            edges.add(List.of(m.group(1), m.group(2)));
        }
        return edges;
    }

    public static Mermaid mermaid(String text) {
        Map<String, String> idOf = new HashMap<>();
        Map<String, String> classOf = new LinkedHashMap<>();
        Matcher node = MERMAID_NODE.matcher(text);
        List<String> nodes = new ArrayList<>();
        while (node.find()) {
            String id = node.group(2).replaceFirst("^\\S+ (?=\\S+\\.)", "");
            idOf.put(node.group(1), id);
            nodes.add(id);
            classOf.put(id, node.group(3) == null ? "" : node.group(3));
        }
        List<List<String>> edges = new ArrayList<>();
        Matcher edge = MERMAID_EDGE.matcher(text);
        while (edge.find()) {
            edges.add(List.of(idOf.get(edge.group(1)), idOf.get(edge.group(2))));
        }
        Map<String, String> fillOfClass = new HashMap<>();
        Matcher classDef = MERMAID_CLASS.matcher(text);
        while (classDef.find()) {
            fillOfClass.put(classDef.group(1), classDef.group(2));
        }
        Map<String, String> fills = new LinkedHashMap<>();
        classOf.forEach((id, cls) -> fills.put(id, fillOfClass.getOrDefault(cls, "")));
        return new Mermaid(nodes, edges, fills);
    }
}

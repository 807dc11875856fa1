package dev.tapctl.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tapctl.testing.CliRun;
import dev.tapctl.testing.GraphReading;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code tapctl graph}: the same nodes and edges as the plan's {@code dependsOn}, in DOT and Mermaid. */
class GraphCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void dotHasOneNodePerResourceAndOneEdgePerDependencyAndGraphvizReadsIt(String env, @TempDir Path dir)
            throws Exception {
        JsonNode plan = offlinePlan(env);
        String dot = run("graph", "--env", env);

        assertThat(GraphReading.dotNodes(dot)).containsExactlyInAnyOrderElementsOf(ids(plan));
        assertThat(GraphReading.dotEdges(dot)).containsExactlyInAnyOrderElementsOf(edges(plan));
        assertThat(GraphReading.dotEdges(dot)).hasSameSizeAs(edges(plan));
        assertGraphvizRenders(dot, dir);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void mermaidHasTheSameNodesAndEdges(String env) throws IOException {
        JsonNode plan = offlinePlan(env);
        String mermaid = run("graph", "--env", env, "--format", "mermaid");

        assertThat(mermaid).startsWith("flowchart LR\n");
        GraphReading.Mermaid read = GraphReading.mermaid(mermaid);
        assertThat(read.nodes()).containsExactlyInAnyOrderElementsOf(ids(plan));
        assertThat(read.edges()).containsExactlyInAnyOrderElementsOf(edges(plan));
        assertThat(read.edges()).hasSameSizeAs(edges(plan));
    }

    @Test
    void eachLayerIsAClusterOfItsResources() throws IOException {
        String dot = run("graph", "--env", "dev");
        assertThat(dot)
                .contains("subgraph \"cluster_network\"", "subgraph \"cluster_data\"", "subgraph \"cluster_api\"");
        String network = dot.substring(dot.indexOf("subgraph \"cluster_network\""));
        network = network.substring(0, network.indexOf("  }\n"));
        assertThat(GraphReading.dotNodes(network)).isNotEmpty().allMatch(id -> id.startsWith("network."));
    }

    @Test
    void theReadmesPictureIsDevsGraphAsTheCodeDrawsIt() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        int start = readme.indexOf("```mermaid\n");
        assertThat(start).as("README has a mermaid block").isNotNegative();
        String block = readme.substring(start + "```mermaid\n".length());
        block = block.substring(0, block.indexOf("```\n"));
        assertThat(block)
                .as("README's graph; remake it with: scripts/tapctl graph --format mermaid")
                .isEqualTo(run("graph", "--env", "dev", "--format", "mermaid"));
    }

    @Test
    void anUnknownFormatIsAUsageError() {
        CliRun.Result result = CliRun.offline().run("graph", "--format", "png");
        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("--format").contains("dot, mermaid");
    }

    private static void assertGraphvizRenders(String dot, Path dir) throws Exception {
        if (!hasGraphviz()) {
            if (System.getenv("CI") != null) {
                fail("Graphviz's dot is not installed; .ci/run installs Debian's graphviz");
            }
            Assumptions.abort("Graphviz's dot is not installed here (Debian: apt-get install graphviz)");
        }
        Path file = Files.writeString(dir.resolve("graph.dot"), dot);
        Path svg = dir.resolve("graph.svg");
        Process process = new ProcessBuilder("dot", "-Tsvg", "-o", svg.toString(), file.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).as("Graphviz warnings").isEmpty();
        assertThat(Files.readString(svg)).contains("<svg").contains("network.vpc");
    }

    private static boolean hasGraphviz() {
        try {
            Process process =
                    new ProcessBuilder("dot", "-V").redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String run(String... args) {
        CliRun.Result result = CliRun.offline().run(args);
        assertThat(result.exitCode()).as(result.all()).isZero();
        return result.out();
    }

    private static JsonNode offlinePlan(String env) throws IOException {
        return JSON.readTree(run("plan", "--env", env, "--offline", "--json"));
    }

    static List<String> ids(JsonNode plan) {
        return StreamSupport.stream(plan.path("changes").spliterator(), false)
                .map(change -> change.path("id").asText())
                .toList();
    }

    /** Every (dependency, dependant) pair the plan's dependsOn lists. */
    static Set<List<String>> edges(JsonNode plan) {
        Set<List<String>> edges = new HashSet<>();
        for (JsonNode change : plan.path("changes")) {
            for (JsonNode dependency : change.path("dependsOn")) {
                edges.add(List.of(dependency.asText(), change.path("id").asText()));
            }
        }
        return edges;
    }
}

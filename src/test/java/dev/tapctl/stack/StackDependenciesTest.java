package dev.tapctl.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tapctl.config.ConfigLoader;
import dev.tapctl.config.TapConfig;
import dev.tapctl.engine.ResourceGraph;
import dev.tapctl.engine.spi.ResourceDef;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every resource's dependencies, and the graph's order, in the three shapes of the stack (dev,
 * prod, and dev without NAT gateway but with an alarm email), against golden files recorded from
 * the hand-written {@code dependsOn} lists the stack had before its dependencies were inferred
 * from its lookups. One line per resource in graph order: {@code id <- dependency ...}.
 */
class StackDependenciesTest {
    @Test
    void devDependsOnWhatItAlwaysDid() {
        assertMatchesGolden(new ConfigLoader().load(Path.of("config"), "dev"), "dependencies-dev.txt");
    }

    @Test
    void prodDependsOnWhatItAlwaysDid() {
        assertMatchesGolden(new ConfigLoader().load(Path.of("config"), "prod"), "dependencies-prod.txt");
    }

    @Test
    void devWithoutNatDependsOnWhatItAlwaysDid(@TempDir Path dir) throws IOException {
        assertMatchesGolden(noNat(dir), "dependencies-dev-no-nat.txt");
    }

    /** The no-NAT shape of AwsHandlerCatalogTest: interface endpoints instead of NAT gateways, one subscription. */
    static TapConfig noNat(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(Path.of("config"))) {
            for (Path file : files.toList()) {
                Files.copy(file, dir.resolve(file.getFileName()));
            }
        }
        Path dev = dir.resolve("dev.yaml");
        Files.writeString(
                dev,
                Files.readString(dev).replace("  cidr: 10.10.0.0/16", "  cidr: 10.10.0.0/16\n  natGateways: 0")
                        + "alarms:\n  email: [ops@example.com]\n");
        return new ConfigLoader().load(dir, "dev");
    }

    /** Dependencies of each resource as the graph orders them (the plan's order). */
    static Map<String, List<String>> dependencies(TapConfig config) {
        List<ResourceDef<?>> defs = TapStack.resources(config, code(config), Zones.unknown(config));
        ResourceGraph graph = ResourceGraph.of(defs);
        Map<String, List<String>> dependencies = new LinkedHashMap<>();
        graph.order().forEach(id -> dependencies.put(id, graph.dependenciesOf(id)));
        return dependencies;
    }

    static String render(Map<String, List<String>> dependencies) {
        StringBuilder text = new StringBuilder();
        dependencies.forEach((id, deps) -> text.append(id)
                .append(" <-")
                .append(deps.stream().map(dep -> " " + dep).reduce("", String::concat))
                .append('\n'));
        return text.toString();
    }

    private static void assertMatchesGolden(TapConfig config, String golden) {
        Map<String, List<String>> expected = parse(read(golden));
        Map<String, List<String>> actual = dependencies(config);

        assertThat(actual.keySet()).as("graph order").containsExactlyElementsOf(expected.keySet());
        expected.forEach((id, deps) ->
                assertThat(actual.get(id)).as("dependencies of %s", id).containsExactlyInAnyOrderElementsOf(deps));
    }

    private static Map<String, List<String>> parse(String text) {
        Map<String, List<String>> dependencies = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            String[] parts = line.split(" <-", 2);
            dependencies.put(
                    parts[0],
                    Arrays.stream(parts[1].trim().split(" "))
                            .filter(s -> !s.isEmpty())
                            .toList());
        }
        return dependencies;
    }

    private static String read(String resource) {
        try (InputStream in = StackDependenciesTest.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, FunctionCode> code(TapConfig config) {
        Map<String, FunctionCode> code = new TreeMap<>();
        config.functions()
                .keySet()
                .forEach(name -> code.put(name, new FunctionCode("sha-of-" + name, Path.of(name + ".zip"))));
        return code;
    }
}

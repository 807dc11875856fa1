package dev.tapctl.resources;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tapctl.aws.AwsClients;
import dev.tapctl.aws.AwsSettings;
import dev.tapctl.config.ConfigLoader;
import dev.tapctl.config.TapConfig;
import dev.tapctl.engine.spi.ResourceDef;
import dev.tapctl.stack.FunctionCode;
import dev.tapctl.stack.TapStack;
import dev.tapctl.stack.Zones;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The catalog's order of kinds is what orphans are removed by (in reverse): it must put every
 * kind after the kinds it depends on in every shape of the stack, also the shapes whose kinds
 * another shape lacks (NAT gateways with natGateways 1, interface endpoints with 0).
 */
class AwsHandlerCatalogTest {
    private final AwsClients clients = new AwsClients(AwsSettings.defaults("us-east-1", null, null));
    private final AwsHandlerCatalog catalog = new AwsHandlerCatalog(clients, AwsHandlerCatalog.Options.DEFAULT);

    @AfterEach
    void close() {
        clients.close();
    }

    @Test
    void everyKindComesAfterTheKindsItDependsOnInDevProdAndAStackWithoutNat(@TempDir Path dir) throws IOException {
        ConfigLoader loader = new ConfigLoader();
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
        List<String> kinds = catalog.kinds();
        List<String> seen = new ArrayList<>();
        for (TapConfig config : List.of(
                loader.load(Path.of("config"), "dev"),
                loader.load(Path.of("config"), "prod"),
                loader.load(dir, "dev"))) {
            List<ResourceDef<?>> defs = TapStack.resources(config, code(config), Zones.unknown(config));
            Map<String, String> kindOf = new TreeMap<>();
            defs.forEach(def -> kindOf.put(def.id(), def.kind().name()));
            for (ResourceDef<?> def : defs) {
                assertThat(kinds).as("kinds of the catalog").contains(def.kind().name());
                for (String dependency : def.dependsOn()) {
                    assertThat(kinds.indexOf(kindOf.get(dependency)))
                            .as("%s (%s) depends on %s (%s)", def.id(), def.kind(), dependency, kindOf.get(dependency))
                            .isLessThanOrEqualTo(kinds.indexOf(def.kind().name()));
                }
                seen.add(def.kind().name());
            }
        }
        assertThat(seen)
                .as("every kind of the catalog is in one of the three stacks")
                .containsAll(kinds);
        kinds.forEach(kind -> assertThat(catalog.forKind(kind)).isNotNull());
    }

    private static Map<String, FunctionCode> code(TapConfig config) {
        Map<String, FunctionCode> code = new TreeMap<>();
        config.functions()
                .keySet()
                .forEach(name -> code.put(name, new FunctionCode("sha-of-" + name, Path.of(name + ".zip"))));
        return code;
    }
}

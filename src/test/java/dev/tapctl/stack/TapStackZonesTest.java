package dev.tapctl.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tapctl.config.ConfigLoader;
import dev.tapctl.config.TapConfig;
import dev.tapctl.engine.spi.Inputs;
import dev.tapctl.engine.spi.ResourceDef;
import dev.tapctl.engine.spi.Unknown;
import dev.tapctl.stack.spec.SubnetSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Subnets go to the zones they are given, by index; their ids and names do not depend on the zones. */
class TapStackZonesTest {
    private static final TapConfig DEV =
            new ConfigLoader().load(Path.of("config"), "dev").withRegion("ap-northeast-1");
    private static final Inputs PLAN = new Inputs() {
        @Override
        public String accountId() {
            return "123456789012";
        }

        @Override
        public String region() {
            return DEV.region();
        }

        @Override
        public String output(String id, String key) {
            return Unknown.of(id, key);
        }
    };

    @Test
    void eachIndexGetsItsZoneAndKeepsTheNameItAlwaysHad() {
        Map<String, SubnetSpec> subnets = subnets(new Zones(List.of("ap-northeast-1a", "ap-northeast-1c")));

        assertThat(subnets)
                .containsOnlyKeys(
                        "network.subnet.public-1",
                        "network.subnet.public-2",
                        "network.subnet.private-1",
                        "network.subnet.private-2");
        assertThat(subnets.get("network.subnet.public-1").availabilityZone()).isEqualTo("ap-northeast-1a");
        assertThat(subnets.get("network.subnet.private-1").availabilityZone()).isEqualTo("ap-northeast-1a");
        assertThat(subnets.get("network.subnet.public-2").availabilityZone()).isEqualTo("ap-northeast-1c");
        assertThat(subnets.get("network.subnet.private-2").availabilityZone()).isEqualTo("ap-northeast-1c");
        // The letter is the index: the second subnet is "-b" though its zone is ap-northeast-1c.
        assertThat(subnets.get("network.subnet.public-2").name()).isEqualTo("tap-dev-public-b");
        assertThat(subnets.get("network.subnet.private-2").tags()).containsEntry("Name", "tap-dev-private-b");
    }

    @Test
    void offlineTheZonesAreUnknownAndTheNamesTheSame() {
        Map<String, SubnetSpec> known = subnets(new Zones(List.of("ap-northeast-1a", "ap-northeast-1c")));
        Map<String, SubnetSpec> offline = subnets(Zones.unknown(DEV));

        assertThat(offline.values()).allMatch(subnet -> Unknown.isUnknown(subnet.availabilityZone()));
        offline.forEach((id, subnet) ->
                assertThat(subnet.name()).isEqualTo(known.get(id).name()));
    }

    @Test
    void refusesAZoneListThatDoesNotMatchAzCount() {
        assertThatThrownBy(() -> TapStack.resources(DEV, code(), new Zones(List.of("ap-northeast-1a"))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static Map<String, SubnetSpec> subnets(Zones zones) {
        Map<String, SubnetSpec> subnets = new TreeMap<>();
        for (ResourceDef<?> def : TapStack.resources(DEV, code(), zones)) {
            if (def.kind().equals(Kinds.SUBNET)) {
                subnets.put(def.id(), (SubnetSpec) def.desired().apply(PLAN));
            }
        }
        return subnets;
    }

    private static Map<String, FunctionCode> code() {
        Map<String, FunctionCode> code = new TreeMap<>();
        DEV.functions()
                .keySet()
                .forEach(name -> code.put(name, new FunctionCode("sha-of-" + name, Path.of(name + ".zip"))));
        return code;
    }
}

package dev.tapctl.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tapctl.config.ConfigException;
import dev.tapctl.config.ConfigLoader;
import dev.tapctl.config.TapConfig;
import dev.tapctl.engine.spi.Unknown;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The choice of the subnets' zones among those AWS lists, with no AWS involved. */
class ZonesTest {
    private static final TapConfig DEV = new ConfigLoader().load(Path.of("config"), "dev"); // azCount 2
    private static final TapConfig PROD = new ConfigLoader().load(Path.of("config"), "prod"); // azCount 3

    @Test
    void takesTheFirstZonesByNameWhateverOrderAwsListsThemIn() {
        List<String> listed = List.of("ap-northeast-1d", "ap-northeast-1a", "ap-northeast-1c");

        assertThat(Zones.choose(DEV.withRegion("ap-northeast-1"), listed).names())
                .containsExactly("ap-northeast-1a", "ap-northeast-1c");
        assertThat(Zones.choose(PROD.withRegion("ap-northeast-1"), listed).names())
                .containsExactly("ap-northeast-1a", "ap-northeast-1c", "ap-northeast-1d");
    }

    @Test
    void theSameZonesOnEveryRunAsLongAsAwsListsTheSameOnes() {
        List<String> one = List.of("ca-central-1a", "ca-central-1b", "ca-central-1d");
        List<String> other = List.of("ca-central-1d", "ca-central-1b", "ca-central-1a");

        assertThat(Zones.choose(DEV, one)).isEqualTo(Zones.choose(DEV, other));
    }

    @Test
    void fewerZonesThanAzCountNamesTheKeyTheRegionAndTheZonesFound() {
        assertThatThrownBy(() -> Zones.choose(PROD.withRegion("us-west-1"), List.of("us-west-1c", "us-west-1b")))
                .isInstanceOfSatisfying(
                        ConfigException.class,
                        e -> assertThat(e.problems())
                                .containsExactly(
                                        "network.azCount: 3 availability zones wanted, but region us-west-1 has only 2 available to "
                                                + "this account (us-west-1b, us-west-1c): lower network.azCount or choose another region"));
    }

    @Test
    void noZoneAtAllSaysNone() {
        assertThatThrownBy(() -> Zones.choose(DEV, List.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage(
                        "network.azCount: 2 availability zones wanted, but region us-east-1 has only 0 available to "
                                + "this account (none): lower network.azCount or choose another region");
    }

    @Test
    void aZoneListedTwiceCountsOnce() {
        assertThatThrownBy(() -> Zones.choose(DEV, List.of("us-east-1a", "us-east-1a")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("has only 1 available to this account (us-east-1a)");
    }

    @Test
    void offlineZonesAreUnknownPlaceholdersOnePerIndex() {
        Zones zones = Zones.unknown(PROD);

        assertThat(zones.count()).isEqualTo(3);
        assertThat(zones.names()).allMatch(Unknown::isUnknown).doesNotHaveDuplicates();
        assertThat(Unknown.display(zones.of(0))).isEqualTo("(known after apply)");
    }
}

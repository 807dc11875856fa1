package dev.tapctl.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Carving the VPC block into 16 equal subnets (TapStack: public from 0, private from 8). */
class CidrsTest {
    @ParameterizedTest(name = "{0} block {2} of 2^{1} = {3}")
    @CsvSource({
        "10.0.0.0/16,     4, 0,  10.0.0.0/20",
        "10.0.0.0/16,     4, 1,  10.0.16.0/20",
        "10.0.0.0/16,     4, 8,  10.0.128.0/20",
        "10.0.0.0/16,     4, 15, 10.0.240.0/20",
        "10.30.0.0/16,    4, 10, 10.30.160.0/20",
        "192.168.0.0/16,  4, 15, 192.168.240.0/20",
        "255.255.0.0/16,  4, 15, 255.255.240.0/20",
        "172.16.4.0/22,   4, 3,  172.16.4.192/26",
        "10.1.2.0/24,     4, 0,  10.1.2.0/28",
        "10.1.2.0/24,     4, 15, 10.1.2.240/28",
        "10.0.0.0/16,     0, 0,  10.0.0.0/16",
        "10.0.0.0/16,     1, 1,  10.0.128.0/17",
    })
    void carvesTheIndexthBlock(String cidr, int extraBits, int index, String expected) {
        assertThat(Cidrs.subnet(cidr, extraBits, index)).isEqualTo(expected);
    }

    @Test
    void theSixteenBlocksOfASlash16AreContiguousAndCoverIt() {
        List<String> blocks = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            blocks.add(Cidrs.subnet("10.20.0.0/16", 4, i));
        }
        assertThat(blocks).doesNotHaveDuplicates().first().isEqualTo("10.20.0.0/20");
        assertThat(blocks).last().isEqualTo("10.20.240.0/20");
        for (int i = 1; i < 16; i++) {
            long previous = Cidrs.parse(blocks.get(i - 1).split("/")[0]);
            long current = Cidrs.parse(blocks.get(i).split("/")[0]);
            assertThat(current - previous).as(blocks.get(i)).isEqualTo(4096);
        }
    }

    @Test
    void anIndexPastTheLastBlockIsRefused() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Cidrs.subnet("10.0.0.0/16", 4, 16))
                .withMessage("cannot carve block 16 of /20 from 10.0.0.0/16");
    }

    @Test
    void aNegativeIndexIsRefused() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Cidrs.subnet("10.0.0.0/16", 4, -1))
                .withMessageContaining("10.0.0.0/16");
    }

    @Test
    void blocksSmallerThanSlash28AreRefusedAsAwsHasNoSuchSubnets() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Cidrs.subnet("10.0.0.0/25", 4, 0))
                .withMessage("cannot carve block 0 of /29 from 10.0.0.0/25");
    }

    @Test
    void parseAndFormatRoundTrip() {
        for (String address : List.of("0.0.0.0", "10.0.0.1", "172.31.255.254", "255.255.255.255")) {
            assertThat(Cidrs.format(Cidrs.parse(address), 32)).isEqualTo(address + "/32");
        }
    }
}

package dev.tapctl.stack.spec;

import dev.tapctl.engine.spi.OutputKey;
import dev.tapctl.engine.spi.Tagged;
import java.util.Map;

/**
 * An Elastic IP address of the VPC domain, for one public NAT gateway. It has nothing to
 * configure but its tags, which are also how it is found again.
 */
public record ElasticIpSpec(String name, Map<String, String> tags) implements Tagged {
    // Outputs of this kind: the handler writes them, dependants read them.
    public static final OutputKey<ElasticIpSpec> ALLOCATION_ID = OutputKey.of("allocationId");
    public static final OutputKey<ElasticIpSpec> PUBLIC_IP = OutputKey.of("publicIp");

    public ElasticIpSpec {
        tags = Map.copyOf(tags);
    }
}

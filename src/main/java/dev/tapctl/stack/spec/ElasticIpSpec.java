package dev.tapctl.stack.spec;

import java.util.Map;

/**
 * An Elastic IP address of the VPC domain, for one public NAT gateway. It has nothing to
 * configure but its tags, which are also how it is found again.
 */
public record ElasticIpSpec(String name, Map<String, String> tags) {
    public ElasticIpSpec {
        tags = Map.copyOf(tags);
    }
}

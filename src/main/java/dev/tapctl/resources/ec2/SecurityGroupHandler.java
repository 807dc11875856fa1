package dev.tapctl.resources.ec2;

import dev.tapctl.aws.Eventually;
import dev.tapctl.engine.spi.AttributeChange;
import dev.tapctl.engine.spi.DeleteResult;
import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.HandlerContext;
import dev.tapctl.engine.spi.Imports;
import dev.tapctl.engine.spi.ReadsUpstreamOutputs;
import dev.tapctl.engine.spi.Tagged;
import dev.tapctl.engine.spi.Unknown;
import dev.tapctl.resources.support.Diff;
import dev.tapctl.stack.Kinds;
import dev.tapctl.stack.spec.SecurityGroupSpec;
import dev.tapctl.stack.spec.SecurityGroupSpec.IngressRule;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;

/**
 * A VPC security group whose ingress rules are exactly the spec's (its egress rules are left as
 * they are). Found by its ownership tags within its VPC.
 */
public final class SecurityGroupHandler extends Ec2Handler<SecurityGroupSpec, SecurityGroupHandler.Live, SecurityGroup>
        implements // Read once upstream outputs are known: a group is looked for in its VPC, whose id the VPC outputs.
                ReadsUpstreamOutputs<SecurityGroupSpec>,
                Imports<SecurityGroupSpec, SecurityGroupHandler.Live> {

    private static final Set<String> OPEN_WORLD = Set.of("0.0.0.0/0", "::/0");

    /**
     * One ingress permission as AWS enforces it: descriptions are labels and not compared.
     * {@code protocol} is lower case and {@code -1} for all; ports are -1 when AWS has none.
     * {@code source} is a group id, an IPv4 or IPv6 CIDR, or a prefix list id.
     */
    public record Rule(String protocol, int fromPort, int toPort, String source) {
        private static final Comparator<Rule> ORDER = Comparator.comparing(Rule::source)
                .thenComparing(Rule::protocol)
                .thenComparingInt(Rule::fromPort)
                .thenComparingInt(Rule::toPort);

        static Rule of(String protocol, Integer fromPort, Integer toPort, String source) {
            String p =
                    switch (protocol.toLowerCase(Locale.ROOT)) {
                        case "6" -> "tcp";
                        case "17" -> "udp";
                        case "1" -> "icmp";
                        case "all" -> "-1";
                        default -> protocol.toLowerCase(Locale.ROOT);
                    };
            boolean allTraffic = p.equals("-1");
            return new Rule(
                    p,
                    allTraffic || fromPort == null ? -1 : fromPort,
                    allTraffic || toPort == null ? -1 : toPort,
                    source);
        }

        @Override
        public String toString() {
            return protocol + " " + fromPort + "-" + toPort + " from " + source;
        }
    }

    public record Live(
            String groupId, String name, String description, String vpcId, Set<Rule> ingress, Map<String, String> tags)
            implements Tagged {
        public Live {
            ingress = Set.copyOf(ingress);
            tags = Map.copyOf(tags);
        }
    }

    public SecurityGroupHandler(Ec2Client ec2, Eventually eventually) {
        super(Kinds.SECURITY_GROUP, ec2, eventually, Ec2Objects.securityGroups(ec2), Live::groupId);
    }

    @Override
    public Object readsBy(SecurityGroupSpec spec) {
        return List.of(spec.tags(), spec.vpcId());
    }

    @Override
    public Optional<Live> read(SecurityGroupSpec desired, HandlerContext ctx) {
        if (Unknown.isUnknown(desired.vpcId())) {
            // The VPC is yet to be created, so no group can be in it; and a placeholder is no filter value.
            return Optional.empty();
        }
        // The VPC is compared here rather than filtered on, so that one describe serves all groups of a plan.
        return finder.find(ctx, desired.tags(), group -> desired.vpcId().equals(group.vpcId()))
                .map(this::live);
    }

    @Override
    Live live(SecurityGroup group) {
        return new Live(
                group.groupId(),
                group.groupName(),
                group.description(),
                group.vpcId(),
                rules(group.ipPermissions()),
                Ec2Tags.toMap(group.tags()));
    }

    @Override
    public List<AttributeChange> diff(SecurityGroupSpec desired, Live live) {
        Set<Rule> wanted = wanted(desired).keySet();
        return Diff.of(desired, live)
                .replacingFields("name", "description", "vpcId")
                .when(!live.ingress().equals(wanted), "ingress", rendered(live.ingress()), rendered(wanted))
                .tags()
                .changes();
    }

    @Override
    protected Live createKnown(SecurityGroupSpec desired, HandlerContext ctx) {
        requireNoOpenIngress(desired);
        Map<String, String> tags = ctx.tagsToWrite(desired.tags());
        String groupId = ec2.createSecurityGroup(r -> r.groupName(desired.name())
                        .description(desired.description())
                        .vpcId(desired.vpcId())
                        .tagSpecifications(Ec2Tags.specification(ResourceType.SECURITY_GROUP, tags)))
                .groupId();
        awaitVisible(groupId, ctx);
        Live created = new Live(groupId, desired.name(), desired.description(), desired.vpcId(), Set.of(), tags);
        return reconcileIngress(desired, created);
    }

    @Override
    protected Live updateKnown(
            SecurityGroupSpec desired, Live live, List<AttributeChange> changes, HandlerContext ctx) {
        requireNoOpenIngress(desired);
        Map<String, String> tags = retag(desired, live, ctx);
        Live tagged = new Live(live.groupId(), live.name(), live.description(), live.vpcId(), live.ingress(), tags);
        return reconcileIngress(desired, tagged);
    }

    @Override
    public DeleteResult delete(Live live, DeletionPolicy policy, HandlerContext ctx) {
        Ec2Calls.deleteWhenReleased(
                eventually, live.groupId(), ctx, () -> ec2.deleteSecurityGroup(r -> r.groupId(live.groupId())));
        return DeleteResult.deleted();
    }

    /** Authorizes what is missing before revoking what is extra, so a changed rule never leaves a gap. */
    private Live reconcileIngress(SecurityGroupSpec desired, Live live) {
        Map<Rule, String> wanted = wanted(desired);
        List<IpPermission> missing = wanted.entrySet().stream()
                .filter(rule -> !live.ingress().contains(rule.getKey()))
                .map(rule -> permission(rule.getKey(), rule.getValue()))
                .toList();
        if (!missing.isEmpty()) {
            ec2.authorizeSecurityGroupIngress(r -> r.groupId(live.groupId()).ipPermissions(missing));
        }
        List<IpPermission> extra = live.ingress().stream()
                .filter(rule -> !wanted.containsKey(rule))
                .map(rule -> permission(rule, null))
                .toList();
        if (!extra.isEmpty()) {
            ec2.revokeSecurityGroupIngress(r -> r.groupId(live.groupId()).ipPermissions(extra));
        }
        return new Live(live.groupId(), live.name(), live.description(), live.vpcId(), wanted.keySet(), live.tags());
    }

    /**
     * The stack never asks for ingress from anywhere; should a spec ever carry it, nothing is
     * created or changed rather than opening the group to the internet.
     */
    private static void requireNoOpenIngress(SecurityGroupSpec desired) {
        for (IngressRule rule : desired.ingress()) {
            if (OPEN_WORLD.contains(rule.sourceGroupId().strip())) {
                throw new IllegalArgumentException("security group " + desired.name() + ": ingress from "
                        + rule.sourceGroupId() + " (anywhere) is refused");
            }
        }
    }

    /** The spec's rules, normalized, each with the description it is authorized with. */
    private static Map<Rule, String> wanted(SecurityGroupSpec desired) {
        Map<Rule, String> rules = new LinkedHashMap<>();
        desired.ingress()
                .forEach(rule -> rules.putIfAbsent(
                        Rule.of(rule.protocol(), rule.fromPort(), rule.toPort(), rule.sourceGroupId()),
                        rule.description()));
        return rules;
    }

    /** AWS groups sources under one permission; tapctl compares one rule per source. */
    private static Set<Rule> rules(List<IpPermission> permissions) {
        Set<Rule> rules = new TreeSet<>(Rule.ORDER);
        for (IpPermission p : permissions) {
            Stream.of(
                            p.userIdGroupPairs().stream().map(pair -> pair.groupId()),
                            p.ipRanges().stream().map(range -> range.cidrIp()),
                            p.ipv6Ranges().stream().map(range -> range.cidrIpv6()),
                            p.prefixListIds().stream().map(list -> list.prefixListId()))
                    .flatMap(s -> s)
                    .forEach(source -> rules.add(Rule.of(p.ipProtocol(), p.fromPort(), p.toPort(), source)));
        }
        return rules;
    }

    private static IpPermission permission(Rule rule, String description) {
        IpPermission.Builder p = IpPermission.builder().ipProtocol(rule.protocol());
        if (!rule.protocol().equals("-1")) {
            p.fromPort(rule.fromPort()).toPort(rule.toPort());
        }
        String source = rule.source();
        if (source.startsWith("sg-")) {
            p.userIdGroupPairs(b -> b.groupId(source).description(description));
        } else if (source.startsWith("pl-")) {
            p.prefixListIds(b -> b.prefixListId(source).description(description));
        } else if (source.contains(":")) {
            p.ipv6Ranges(b -> b.cidrIpv6(source).description(description));
        } else {
            p.ipRanges(b -> b.cidrIp(source).description(description));
        }
        return p.build();
    }

    private static List<String> rendered(Set<Rule> rules) {
        return rules.stream().sorted(Rule.ORDER).map(Rule::toString).toList();
    }
}

package dev.tapctl.resources.ec2;

import dev.tapctl.aws.Eventually;
import dev.tapctl.aws.PolicyDocuments;
import dev.tapctl.engine.spi.AttributeChange;
import dev.tapctl.engine.spi.DeleteResult;
import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.HandlerContext;
import dev.tapctl.engine.spi.Imports;
import dev.tapctl.engine.spi.ListsOrphans;
import dev.tapctl.engine.spi.Tagged;
import dev.tapctl.engine.spi.TransientState;
import dev.tapctl.resources.support.Diff;
import dev.tapctl.resources.support.Missing;
import dev.tapctl.resources.support.Waits;
import dev.tapctl.stack.Kinds;
import dev.tapctl.stack.spec.VpcEndpointSpec;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.waiters.Waiter;
import software.amazon.awssdk.core.waiters.WaiterAcceptor;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.CreateVpcEndpointRequest;
import software.amazon.awssdk.services.ec2.model.ModifyVpcEndpointRequest;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.SecurityGroupIdentifier;
import software.amazon.awssdk.services.ec2.model.VpcEndpoint;
import software.amazon.awssdk.services.ec2.model.VpcEndpointType;

/**
 * A gateway or interface VPC endpoint of an AWS service, found by its ownership tags among the
 * endpoints that are there. States ("VpcEndpoint", EC2 API Reference: PendingAcceptance, Pending,
 * Available, Deleting, Deleted, Rejected, Failed, Expired, Partial): an endpoint that is deleting,
 * deleted, rejected, failed or expired is not the resource any more and is ignored. The SDK has
 * no waiter for endpoints, so create and delete poll DescribeVpcEndpoints with an SDK
 * {@link Waiter} of their own, bounded by the run's waiter configuration. Its orphans are the
 * endpoints of a network.natGateways raised from 0.
 */
public final class VpcEndpointHandler extends Ec2Handler<VpcEndpointSpec, VpcEndpointHandler.Live, VpcEndpoint>
        implements ListsOrphans<VpcEndpointHandler.Live>, Imports<VpcEndpointSpec, VpcEndpointHandler.Live> {

    /** Id lists are sorted; {@code policy} is the endpoint policy JSON as AWS answers it. */
    public record Live(
            String vpcEndpointId,
            @TransientState String state,
            String vpcId,
            String serviceName,
            VpcEndpointSpec.Type type,
            List<String> routeTableIds,
            List<String> subnetIds,
            List<String> securityGroupIds,
            boolean privateDnsEnabled,
            String policy,
            Map<String, String> tags)
            implements Tagged {
        public Live {
            routeTableIds = List.copyOf(new TreeSet<>(routeTableIds));
            subnetIds = List.copyOf(new TreeSet<>(subnetIds));
            securityGroupIds = List.copyOf(new TreeSet<>(securityGroupIds));
            tags = Map.copyOf(tags);
        }
    }

    /** States (lower case, as the API answers them) in which an endpoint is gone or never will be. */
    private static final Set<String> GONE = Set.of("deleting", "deleted", "rejected", "failed", "expired");

    private static final String AVAILABLE = "available";

    private final WaiterOverrideConfiguration waits;

    public VpcEndpointHandler(Ec2Client ec2, WaiterOverrideConfiguration waits, Eventually eventually) {
        super(
                Kinds.VPC_ENDPOINT,
                ec2,
                eventually,
                Ec2Objects.vpcEndpoints(ec2, GONE, endpoint -> lower(endpoint.stateAsString())),
                Live::vpcEndpointId);
        this.waits = waits;
    }

    /** An endpoint on its way out (or refused by its service) is refused, as its read never finds one. */
    @Override
    String refusal(VpcEndpoint endpoint) {
        return GONE.contains(lower(endpoint.stateAsString())) ? "it is " + endpoint.stateAsString() : "";
    }

    @Override
    public List<AttributeChange> diff(VpcEndpointSpec desired, Live live) {
        return Diff.of(desired, live)
                .replacingFields("vpcId", "serviceName", "type")
                .field("routeTableIds", d -> sorted(d.routeTableIds()), Live::routeTableIds)
                .field("subnetIds", d -> sorted(d.subnetIds()), Live::subnetIds)
                .field("securityGroupIds", d -> sorted(d.securityGroupIds()), Live::securityGroupIds)
                .when(
                        desired.type() == VpcEndpointSpec.Type.INTERFACE
                                && live.privateDnsEnabled() != desired.privateDnsEnabled(),
                        "privateDnsEnabled",
                        live.privateDnsEnabled(),
                        desired.privateDnsEnabled())
                .field("policy", VpcEndpointSpec::policy, Live::policy, (wanted, actual) -> samePolicy(actual, wanted))
                .tags()
                .changes();
    }

    /** Id lists compare sorted, as the live view keeps them. */
    private static List<String> sorted(List<String> ids) {
        return List.copyOf(new TreeSet<>(ids));
    }

    private static boolean samePolicy(String live, String wanted) {
        if (live == null || wanted == null) {
            return Objects.equals(live, wanted);
        }
        return PolicyDocuments.equivalent(PolicyDocuments.parse(live), PolicyDocuments.parse(wanted));
    }

    @Override
    protected Live createKnown(VpcEndpointSpec desired, HandlerContext ctx) {
        Map<String, String> tags = ctx.tagsToWrite(desired.tags());
        CreateVpcEndpointRequest.Builder request = CreateVpcEndpointRequest.builder()
                .vpcId(desired.vpcId())
                .serviceName(desired.serviceName())
                .policyDocument(desired.policy())
                .clientToken(Ec2Calls.clientToken())
                .tagSpecifications(Ec2Tags.specification(ResourceType.VPC_ENDPOINT, tags));
        if (desired.type() == VpcEndpointSpec.Type.GATEWAY) {
            request.vpcEndpointType(VpcEndpointType.GATEWAY).routeTableIds(desired.routeTableIds());
        } else {
            request.vpcEndpointType(VpcEndpointType.INTERFACE)
                    .subnetIds(desired.subnetIds())
                    .securityGroupIds(desired.securityGroupIds())
                    .privateDnsEnabled(desired.privateDnsEnabled());
        }
        String id = ec2.createVpcEndpoint(request.build()).vpcEndpoint().vpcEndpointId();
        awaitVisible(id, ctx);
        return awaitAvailable(id, ctx);
    }

    /** ModifyVpcEndpoint adds and removes route tables, subnets and groups, and sets DNS and policy, in one call. */
    @Override
    protected Live updateKnown(VpcEndpointSpec desired, Live live, List<AttributeChange> changes, HandlerContext ctx) {
        Set<String> paths = new TreeSet<>();
        changes.forEach(change -> paths.add(change.path()));
        ModifyVpcEndpointRequest.Builder modify =
                ModifyVpcEndpointRequest.builder().vpcEndpointId(live.vpcEndpointId());
        boolean any = false;
        if (paths.contains("routeTableIds")) {
            modify.addRouteTableIds(minus(desired.routeTableIds(), live.routeTableIds()))
                    .removeRouteTableIds(minus(live.routeTableIds(), desired.routeTableIds()));
            any = true;
        }
        if (paths.contains("subnetIds")) {
            modify.addSubnetIds(minus(desired.subnetIds(), live.subnetIds()))
                    .removeSubnetIds(minus(live.subnetIds(), desired.subnetIds()));
            any = true;
        }
        if (paths.contains("securityGroupIds")) {
            modify.addSecurityGroupIds(minus(desired.securityGroupIds(), live.securityGroupIds()))
                    .removeSecurityGroupIds(minus(live.securityGroupIds(), desired.securityGroupIds()));
            any = true;
        }
        if (paths.contains("privateDnsEnabled")) {
            modify.privateDnsEnabled(desired.privateDnsEnabled());
            any = true;
        }
        if (paths.contains("policy")) {
            modify.policyDocument(desired.policy());
            any = true;
        }
        if (any) {
            ec2.modifyVpcEndpoint(modify.build());
        }
        Ec2Tags.create(ec2, ctx.tagsToWrite(desired.tags()), List.of(live.vpcEndpointId()));
        return awaitAvailable(live.vpcEndpointId(), ctx);
    }

    private static List<String> minus(List<String> a, List<String> b) {
        return a.stream().filter(id -> !b.contains(id)).sorted().toList();
    }

    /**
     * DeleteVpcEndpoints answers per endpoint in Unsuccessful; an unknown id is already gone.
     * Then the endpoint is waited for until it is deleted or no longer found: an interface
     * endpoint's network interfaces hold its subnets and security group until then.
     */
    @Override
    public DeleteResult delete(Live live, DeletionPolicy policy, HandlerContext ctx) {
        String id = live.vpcEndpointId();
        Ec2Calls.ignoringNotFound(() -> {
            var unsuccessful = ec2.deleteVpcEndpoints(r -> r.vpcEndpointIds(id)).unsuccessful();
            for (var item : unsuccessful) {
                String code = item.error() == null
                        ? ""
                        : Objects.toString(item.error().code(), "");
                if (!code.endsWith(".NotFound")) {
                    throw new IllegalStateException("DeleteVpcEndpoints refused " + id + ": " + code + " "
                            + (item.error() == null ? "" : item.error().message()));
                }
            }
        });
        poll(id, state -> state == null || "deleted".equals(state), Set.of(), "deleted", ctx);
        return DeleteResult.deleted();
    }

    private Live awaitAvailable(String id, HandlerContext ctx) {
        poll(id, AVAILABLE::equals, GONE, AVAILABLE, ctx);
        return live(describeId(id).get(0));
    }

    /**
     * Polls the endpoint's state (null once it is not found) until {@code done} says so; a state
     * in {@code failing} ends the wait with an error, as does the waiter's bound.
     */
    private void poll(String id, Predicate<String> done, Set<String> failing, String what, HandlerContext ctx) {
        Waits.waitFor(what, waits, ctx, bounded -> {
            Waiter<String> waiter = Waiter.builder(String.class)
                    .overrideConfiguration(bounded)
                    .addAcceptor(WaiterAcceptor.successOnResponseAcceptor(done))
                    .addAcceptor(WaiterAcceptor.errorOnResponseAcceptor(
                            state -> state != null && failing.contains(state),
                            "VPC endpoint " + id + " did not become " + what))
                    .addAcceptor(WaiterAcceptor.retryOnResponseAcceptor(state -> true))
                    .build();
            try {
                return waiter.run(() -> state(id));
            } catch (SdkClientException e) {
                if (e.getCause() instanceof AwsServiceException service) {
                    throw service;
                }
                throw e;
            }
        });
    }

    /** The endpoint's state in lower case, or null when EC2 does not know the id (any more). */
    private String state(String id) {
        return Missing.orEmpty(
                        () -> describeId(id).stream()
                                .findFirst()
                                .map(endpoint -> lower(endpoint.stateAsString()))
                                .orElse(null),
                        Ec2Calls::notFound)
                .orElse(null);
    }

    private static String lower(String state) {
        return state == null ? "" : state.toLowerCase(Locale.ROOT);
    }

    @Override
    Live live(VpcEndpoint endpoint) {
        VpcEndpointSpec.Type type = endpoint.vpcEndpointType() == VpcEndpointType.INTERFACE
                ? VpcEndpointSpec.Type.INTERFACE
                : VpcEndpointSpec.Type.GATEWAY;
        return new Live(
                endpoint.vpcEndpointId(),
                lower(endpoint.stateAsString()),
                endpoint.vpcId(),
                endpoint.serviceName(),
                type,
                endpoint.routeTableIds(),
                endpoint.subnetIds(),
                endpoint.groups().stream().map(SecurityGroupIdentifier::groupId).toList(),
                Boolean.TRUE.equals(endpoint.privateDnsEnabled()),
                endpoint.policyDocument(),
                Ec2Tags.toMap(endpoint.tags()));
    }
}

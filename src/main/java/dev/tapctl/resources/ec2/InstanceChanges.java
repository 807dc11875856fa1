package dev.tapctl.resources.ec2;

import dev.tapctl.engine.spi.HandlerContext;
import dev.tapctl.resources.ec2.InstanceHandler.Live;
import java.util.Optional;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.IamInstanceProfileAssociation;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;

/** The in-place changes of an instance that take more than one call: its profile and its type. */
final class InstanceChanges {
    private final Ec2Client ec2;
    private final Ec2Waits waits;

    InstanceChanges(Ec2Client ec2, Ec2Waits waits) {
        this.ec2 = ec2;
        this.waits = waits;
    }

    /**
     * An instance has at most one profile association: replace it when there is one, associate
     * when there is none, drop it when the spec names none.
     */
    void setInstanceProfile(String instanceId, String profileName) {
        Optional<IamInstanceProfileAssociation> current = ec2
                .describeIamInstanceProfileAssociationsPaginator(r ->
                        r.filters(Ec2Tags.filter("instance-id", instanceId), Ec2Tags.filter("state", "associated")))
                .iamInstanceProfileAssociations()
                .stream()
                .findFirst();
        if (profileName == null) {
            current.ifPresent(association ->
                    ec2.disassociateIamInstanceProfile(r -> r.associationId(association.associationId())));
        } else if (current.isPresent()) {
            ec2.replaceIamInstanceProfileAssociation(
                    r -> r.associationId(current.get().associationId()).iamInstanceProfile(p -> p.name(profileName)));
        } else {
            ec2.associateIamInstanceProfile(r -> r.instanceId(instanceId).iamInstanceProfile(p -> p.name(profileName)));
        }
    }

    /**
     * EC2 changes the type of a stopped instance only: stop, wait, modify, start again, wait. An
     * instance that was stopped (or being stopped) before is left stopped: tapctl does not own
     * whether it runs.
     */
    void changeInstanceType(Live live, String instanceType, HandlerContext ctx) {
        String id = live.instanceId();
        DescribeInstancesRequest byId = InstanceReads.byId(id);
        String state = live.state();
        boolean wasRunning = InstanceStateName.PENDING.toString().equals(state)
                || InstanceStateName.RUNNING.toString().equals(state);
        if (InstanceStateName.PENDING.toString().equals(state)) {
            // StopInstances refuses a pending instance.
            waits.waitFor("running", ctx, (waiter, w) -> waiter.waitUntilInstanceRunning(byId, w));
        }
        if (!InstanceStateName.STOPPED.toString().equals(state)) {
            if (wasRunning) {
                ec2.stopInstances(r -> r.instanceIds(id));
            }
            waits.waitFor("stopped", ctx, (waiter, w) -> waiter.waitUntilInstanceStopped(byId, w));
        }
        ec2.modifyInstanceAttribute(r -> r.instanceId(id).instanceType(v -> v.value(instanceType)));
        if (wasRunning) {
            ec2.startInstances(r -> r.instanceIds(id));
            waits.waitFor("running", ctx, (waiter, w) -> waiter.waitUntilInstanceRunning(byId, w));
        }
    }
}

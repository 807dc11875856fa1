package dev.tapctl.engine;

import java.util.List;

/**
 * The plan creates objects AWS would refuse to create as configured (a database engine version
 * RDS no longer offers): refused before anything changes, before the lock is taken and before the
 * user is asked. Each refusal names the resource, the spec attribute at fault and why; which
 * configuration key set that attribute is the caller's to say.
 */
public final class CreationRefusedException extends RuntimeException {

    /** One resource AWS would not create: its logical id, the spec attribute at fault, and why. */
    public record Refusal(String resourceId, String attribute, String reason) {}

    private final List<Refusal> refusals;

    CreationRefusedException(List<Refusal> refusals) {
        super("nothing was changed: " + refusals.size() + (refusals.size() == 1 ? " resource" : " resources")
                + " cannot be created as configured: "
                + String.join(
                        "; ",
                        refusals.stream()
                                .map(r -> r.resourceId() + ": " + r.attribute() + ": " + r.reason())
                                .toList()));
        this.refusals = List.copyOf(refusals);
    }

    public List<Refusal> refusals() {
        return refusals;
    }
}

package dev.tapctl.resources.ec2;

import dev.tapctl.aws.Eventually;
import dev.tapctl.engine.spi.HandlerContext;
import dev.tapctl.resources.support.Missing;
import java.util.UUID;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;

/**
 * Idempotency tokens for EC2 creates, the EC2 errors that mean the goal is already reached, and
 * the waits EC2's eventual consistency asks for.
 */
final class Ec2Calls {
    private Ec2Calls() {}

    /**
     * A fresh client token for one create call: the SDK's retries of that call reuse it, so a
     * retried request that had in fact succeeded creates nothing twice. It is deliberately not
     * derived from the spec: EC2 remembers tokens for a day and would answer a later create with
     * an object deleted out of band meanwhile. Across runs, read-by-tags (tags are written by the
     * create itself) is what prevents duplicates.
     */
    static String clientToken() {
        return UUID.randomUUID().toString();
    }

    static String errorCode(AwsServiceException e) {
        return e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null
                ? ""
                : e.awsErrorDetails().errorCode();
    }

    /** Runs a delete or detach whose goal is reached when the object is already gone; false if it was. */
    static boolean ignoringNotFound(Runnable call) {
        return Missing.ok(call, Ec2Calls::notFound);
    }

    /** Whether the error is EC2's answer that the object is not there. */
    static boolean notFound(Throwable e) {
        return e instanceof Ec2Exception ec2 && isNotFound(ec2);
    }

    /**
     * Describes an object EC2 has just created, again while EC2 answers that its id does not
     * exist. "Eventual consistency in the Amazon EC2 API"
     * (https://docs.aws.amazon.com/ec2/latest/devguide/eventual-consistency.html): a new id may not
     * have propagated yet, and calls naming it answer {@code *.NotFound}; AWS's advice is to
     * confirm the resource with its Describe call before modifying it. Once this describe finds it,
     * the handler's next calls and its dependants' (a subnet in this VPC, a rule naming this group)
     * name an id EC2 knows. Only the NotFound of this very id is waited out.
     */
    static <T> T awaitVisible(Eventually eventually, String id, HandlerContext ctx, Supplier<T> describe) {
        return eventually.retry(
                id + " to be visible in EC2",
                e -> e instanceof Ec2Exception ec2
                        && isNotFound(ec2)
                        && Eventually.messageOf(ec2).contains(id),
                ctx::status,
                describe);
    }

    /**
     * Runs a delete that EC2 refuses with DependencyViolation while something else still holds the
     * object (an instance shutting down still holds its subnet and security groups; a database
     * being deleted holds its security group): again until the holder has gone, within the bound;
     * "already gone" counts as done. Deleting a group a live rule or instance of another stack
     * references fails the same way, and ends the wait with that error once the bound is reached.
     */
    static void deleteWhenReleased(Eventually eventually, String id, HandlerContext ctx, Runnable delete) {
        eventually.run(
                "what still uses " + id + " to release it",
                Eventually.code("DependencyViolation"),
                ctx::status,
                () -> ignoringNotFound(delete));
    }

    /** Whether the call failed because the object is not there (EC2's {@code *.NotFound} codes). */
    static boolean isNotFound(AwsServiceException e) {
        return errorCode(e).endsWith(".NotFound");
    }
}

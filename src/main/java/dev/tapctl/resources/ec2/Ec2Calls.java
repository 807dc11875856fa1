package dev.tapctl.resources.ec2;

import java.util.UUID;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;

/** Idempotency tokens for EC2 creates, and the EC2 errors that mean the goal is already reached. */
final class Ec2Calls {
    private Ec2Calls() {
    }

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
        return e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null ? ""
                : e.awsErrorDetails().errorCode();
    }

    /** Runs a delete or detach whose goal is reached when the object is already gone. */
    static void ignoringNotFound(Runnable call) {
        try {
            call.run();
        } catch (Ec2Exception e) {
            if (!isNotFound(e)) {
                throw e;
            }
        }
    }

    /** Whether the call failed because the object is not there (EC2's {@code *.NotFound} codes). */
    static boolean isNotFound(AwsServiceException e) {
        return errorCode(e).endsWith(".NotFound");
    }
}

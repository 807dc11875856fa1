package dev.tapctl.resources.s3;

import software.amazon.awssdk.services.s3.model.S3Exception;

/** S3's answers that a bucket handler tells apart, and the one it words for the user. */
final class S3Errors {
    private S3Errors() {}

    static boolean hasCode(S3Exception e, String code) {
        return e.awsErrorDetails() != null && code.equals(e.awsErrorDetails().errorCode());
    }

    static IllegalStateException takenByAnotherAccount(String name, Exception cause) {
        return new IllegalStateException(
                "S3 bucket name " + name + " is taken by another AWS account: bucket names"
                        + " are global, so choose another name (if the bucket is yours, these credentials lack s3:GetBucketTagging"
                        + " on it)",
                cause);
    }
}

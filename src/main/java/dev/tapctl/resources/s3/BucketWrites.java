package dev.tapctl.resources.s3;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tapctl.aws.PolicyDocuments;
import dev.tapctl.aws.TagDiff;
import dev.tapctl.resources.support.SdkTags;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionRule;
import software.amazon.awssdk.services.s3.model.Tag;

/** Each of a bucket's settings that tapctl owns, written with the one S3 call that sets it. */
record BucketWrites(S3Client s3, BucketReads reads) {
    void publicAccessBlock(String name, boolean block) {
        if (block) {
            s3.putPublicAccessBlock(
                    r -> r.bucket(name).publicAccessBlockConfiguration(BucketHandler.publicAccessBlock(true)));
        } else {
            // New buckets have the block on by default; "not blocked" means no block at all.
            s3.deletePublicAccessBlock(r -> r.bucket(name));
        }
    }

    void encryption(String name, String kmsKeyArn) {
        ServerSideEncryptionRule rule = kmsKeyArn == null
                ? ServerSideEncryptionRule.builder()
                        .applyServerSideEncryptionByDefault(d -> d.sseAlgorithm(ServerSideEncryption.AES256))
                        .build()
                : ServerSideEncryptionRule.builder()
                        .applyServerSideEncryptionByDefault(d ->
                                d.sseAlgorithm(ServerSideEncryption.AWS_KMS).kmsMasterKeyID(kmsKeyArn))
                        .bucketKeyEnabled(true)
                        .build();
        s3.putBucketEncryption(r -> r.bucket(name).serverSideEncryptionConfiguration(c -> c.rules(rule)));
    }

    void versioning(String name, String status) {
        s3.putBucketVersioning(r -> r.bucket(name).versioningConfiguration(v -> v.status(status)));
    }

    /** Null: the bucket has no policy. */
    void policy(String name, JsonNode policy) {
        if (policy == null) {
            s3.deleteBucketPolicy(r -> r.bucket(name));
        } else {
            s3.putBucketPolicy(r -> r.bucket(name).policy(PolicyDocuments.toJson(policy)));
        }
    }

    /**
     * PutBucketTagging replaces the whole tag set, so the tags on the bucket now are kept and
     * {@code written} is laid over them. Keys under {@code aws:} belong to AWS and cannot be written.
     */
    Map<String, String> tags(String name, Map<String, String> written) {
        Map<String, String> all = new TreeMap<>(TagDiff.afterWrite(
                reads.tagsIfExists(name)
                        .orElseThrow(() ->
                                new IllegalStateException("S3 bucket " + name + " vanished while tapctl tagged it")),
                written));
        all.keySet().removeIf(key -> key.startsWith("aws:"));
        List<Tag> tagSet = SdkTags.toList(
                all, (key, value) -> Tag.builder().key(key).value(value).build());
        s3.putBucketTagging(r -> r.bucket(name).tagging(t -> t.tagSet(tagSet)));
        return all;
    }
}

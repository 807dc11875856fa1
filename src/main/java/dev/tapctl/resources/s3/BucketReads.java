package dev.tapctl.resources.s3;

import static dev.tapctl.resources.s3.S3Errors.hasCode;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tapctl.aws.PolicyDocuments;
import dev.tapctl.engine.spi.ReadsAtOnce;
import dev.tapctl.engine.spi.ReadsAtOnce.Pending;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.PublicAccessBlockConfiguration;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionByDefault;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionRule;

/**
 * What a bucket has of what tapctl owns on it: its tags (which also tell whether it is there),
 * default encryption, versioning, public access block and policy, one call each; a setting the
 * bucket does not have reads as its absence, not as an error.
 */
final class BucketReads {
    private final S3Client s3;

    BucketReads(S3Client s3) {
        this.s3 = s3;
    }

    /**
     * The bucket, when its tags say it is there; then its four settings at once during a plan
     * (two rounds of calls, not five: none needs another's answer). They wait for the tags so
     * that a bucket to be created costs one call, not five refused ones.
     */
    Optional<BucketHandler.Live> read(String name, ReadsAtOnce atOnce) {
        // The settings beside the tags rather than after them: the bucket's name holds the account
        // id, so a plan reads it a round later than most, and this keeps it to one round. A bucket
        // not there yet costs four calls more (each answers NoSuchBucket, and none is looked at).
        Pending<ServerSideEncryptionRule> encryption = atOnce.start(() -> encryptionRule(name));
        Pending<String> versioningStatus =
                atOnce.start(() -> s3.getBucketVersioning(r -> r.bucket(name)).statusAsString());
        Pending<PublicAccessBlockConfiguration> publicAccess = atOnce.start(() -> publicAccessBlock(name));
        Pending<JsonNode> bucketPolicy = atOnce.start(() -> policy(name));
        Optional<Map<String, String>> tags = tagsIfExists(name);
        if (tags.isEmpty()) {
            return Optional.empty();
        }
        ServerSideEncryptionRule rule = encryption.get();
        ServerSideEncryptionByDefault sse = rule == null ? null : rule.applyServerSideEncryptionByDefault();
        String algorithm = sse == null ? null : sse.sseAlgorithmAsString();
        String kmsKeyArn = BucketHandler.SSE_KMS.equals(algorithm) ? sse.kmsMasterKeyID() : null;
        boolean bucketKey = rule != null && Boolean.TRUE.equals(rule.bucketKeyEnabled());
        String versioning = versioningStatus.get();
        PublicAccessBlockConfiguration block = publicAccess.get();
        JsonNode policy = bucketPolicy.get();
        return Optional.of(new BucketHandler.Live(
                name,
                algorithm,
                kmsKeyArn,
                bucketKey,
                versioning,
                isTrue(block.blockPublicAcls()),
                isTrue(block.ignorePublicAcls()),
                isTrue(block.blockPublicPolicy()),
                isTrue(block.restrictPublicBuckets()),
                policy,
                tags.get()));
    }

    /**
     * GetBucketTagging, which also tells whether the bucket is there, so a read needs no
     * HeadBucket. Bucket names are global: NoSuchBucket means the name is free, 403 that another
     * account owns it (or these credentials may not look at it), 301 that it is in another region.
     */
    Optional<Map<String, String>> tagsIfExists(String name) {
        Map<String, String> tags = new TreeMap<>();
        try {
            s3.getBucketTagging(r -> r.bucket(name)).tagSet().forEach(t -> tags.put(t.key(), t.value()));
            return Optional.of(tags);
        } catch (S3Exception e) {
            if (hasCode(e, "NoSuchTagSet")) {
                return Optional.of(tags);
            }
            if (e instanceof NoSuchBucketException || hasCode(e, "NoSuchBucket")) {
                return Optional.empty();
            }
            if (e.statusCode() == 403) {
                throw S3Errors.takenByAnotherAccount(name, e);
            }
            if (e.statusCode() == 301) {
                throw new IllegalStateException(
                        "S3 bucket " + name + " exists in another region than "
                                + s3.serviceClientConfiguration().region().id()
                                + " (S3 answered 301); tapctl manages it only in the stack's region",
                        e);
            }
            throw e;
        }
    }

    private ServerSideEncryptionRule encryptionRule(String name) {
        try {
            List<ServerSideEncryptionRule> rules = s3.getBucketEncryption(r -> r.bucket(name))
                    .serverSideEncryptionConfiguration()
                    .rules();
            return rules.isEmpty() ? null : rules.get(0);
        } catch (S3Exception e) {
            if (hasCode(e, "ServerSideEncryptionConfigurationNotFoundError")) {
                return null;
            }
            throw e;
        }
    }

    private PublicAccessBlockConfiguration publicAccessBlock(String name) {
        try {
            return s3.getPublicAccessBlock(r -> r.bucket(name)).publicAccessBlockConfiguration();
        } catch (S3Exception e) {
            if (hasCode(e, "NoSuchPublicAccessBlockConfiguration")) {
                return BucketHandler.publicAccessBlock(false);
            }
            throw e;
        }
    }

    private JsonNode policy(String name) {
        try {
            return PolicyDocuments.parse(s3.getBucketPolicy(r -> r.bucket(name)).policy());
        } catch (S3Exception e) {
            if (hasCode(e, "NoSuchBucketPolicy")) {
                return null;
            }
            throw e;
        }
    }

    private static boolean isTrue(Boolean value) {
        return Boolean.TRUE.equals(value);
    }
}

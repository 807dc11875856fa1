package dev.tapctl.resources.s3;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tapctl.aws.PolicyDocuments;
import dev.tapctl.aws.TagDiff;
import dev.tapctl.engine.spi.AttributeChange;
import dev.tapctl.engine.spi.DeleteResult;
import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.HandlerContext;
import dev.tapctl.engine.spi.Kind;
import dev.tapctl.engine.spi.Outputs;
import dev.tapctl.engine.spi.Placeholders;
import dev.tapctl.engine.spi.ResourceHandler;
import dev.tapctl.engine.spi.Tagged;
import dev.tapctl.stack.Kinds;
import dev.tapctl.stack.spec.BucketSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import software.amazon.awssdk.regions.PartitionMetadata;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyExistsException;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.PublicAccessBlockConfiguration;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionByDefault;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionRule;
import software.amazon.awssdk.services.s3.model.Tag;

/**
 * An S3 bucket found by its (globally unique) name, with what tapctl owns on it: default
 * encryption, versioning, the public access block, the bucket policy and tags. tapctl never
 * touches objects: it neither reads nor empties a bucket.
 */
public final class BucketHandler implements ResourceHandler<BucketSpec, BucketHandler.Live> {
    static final String SSE_KMS = ServerSideEncryption.AWS_KMS.toString();
    static final String SSE_S3 = ServerSideEncryption.AES256.toString();
    static final String ENABLED = BucketVersioningStatus.ENABLED.toString();
    static final String SUSPENDED = BucketVersioningStatus.SUSPENDED.toString();

    /** The four settings of the public access block, by the names S3 gives them. */
    static final List<String> PUBLIC_ACCESS_FLAGS =
            List.of("blockPublicAcls", "ignorePublicAcls", "blockPublicPolicy", "restrictPublicBuckets");

    /**
     * {@code sseAlgorithm} is aws:kms, AES256 or null (no default encryption configured);
     * {@code kmsKeyArn} is set only for aws:kms; {@code versioning} is Enabled, Suspended or null
     * (never versioned); {@code policy} is null when the bucket has none.
     */
    public record Live(String name, String sseAlgorithm, String kmsKeyArn, boolean bucketKeyEnabled, String versioning,
                       boolean blockPublicAcls, boolean ignorePublicAcls, boolean blockPublicPolicy,
                       boolean restrictPublicBuckets, JsonNode policy, Map<String, String> tags) implements Tagged {
        public Live {
            tags = Map.copyOf(tags);
        }

        /** The public access block flags in the order of {@link #PUBLIC_ACCESS_FLAGS}. */
        List<Boolean> publicAccessFlags() {
            return List.of(blockPublicAcls, ignorePublicAcls, blockPublicPolicy, restrictPublicBuckets);
        }
    }

    private final S3Client s3;

    public BucketHandler(S3Client s3) {
        this.s3 = s3;
    }

    @Override
    public Kind<BucketSpec> kind() {
        return Kinds.BUCKET;
    }

    @Override
    public Optional<Live> read(BucketSpec desired, HandlerContext ctx) {
        String name = desired.name();
        Optional<Map<String, String>> tags = tagsIfExists(name);
        if (tags.isEmpty()) {
            return Optional.empty();
        }
        ServerSideEncryptionRule rule = encryptionRule(name);
        ServerSideEncryptionByDefault sse = rule == null ? null : rule.applyServerSideEncryptionByDefault();
        String algorithm = sse == null ? null : sse.sseAlgorithmAsString();
        String kmsKeyArn = SSE_KMS.equals(algorithm) ? sse.kmsMasterKeyID() : null;
        boolean bucketKey = rule != null && Boolean.TRUE.equals(rule.bucketKeyEnabled());
        String versioning = s3.getBucketVersioning(r -> r.bucket(name)).statusAsString();
        PublicAccessBlockConfiguration block = publicAccessBlock(name);
        return Optional.of(new Live(name, algorithm, kmsKeyArn, bucketKey, versioning,
                isTrue(block.blockPublicAcls()), isTrue(block.ignorePublicAcls()),
                isTrue(block.blockPublicPolicy()), isTrue(block.restrictPublicBuckets()),
                policy(name), tags.get()));
    }

    /**
     * GetBucketTagging, which also tells whether the bucket is there, so a read needs no
     * HeadBucket. Bucket names are global: NoSuchBucket means the name is free, 403 that another
     * account owns it (or these credentials may not look at it), 301 that it is in another region.
     */
    private Optional<Map<String, String>> tagsIfExists(String name) {
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
                throw takenByAnotherAccount(name, e);
            }
            if (e.statusCode() == 301) {
                throw new IllegalStateException("S3 bucket " + name + " exists in another region than "
                        + region().id() + " (S3 answered 301); tapctl manages it only in the stack's region", e);
            }
            throw e;
        }
    }

    private static IllegalStateException takenByAnotherAccount(String name, Exception cause) {
        return new IllegalStateException("S3 bucket name " + name + " is taken by another AWS account: bucket names"
                + " are global, so choose another name (if the bucket is yours, these credentials lack s3:GetBucketTagging"
                + " on it)", cause);
    }

    private ServerSideEncryptionRule encryptionRule(String name) {
        try {
            List<ServerSideEncryptionRule> rules = s3.getBucketEncryption(r -> r.bucket(name))
                    .serverSideEncryptionConfiguration().rules();
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
                return allFlags(false);
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

    @Override
    public List<AttributeChange> diff(BucketSpec desired, Live live) {
        List<AttributeChange> changes = new ArrayList<>();
        String algorithm = desired.kmsKeyArn() == null ? SSE_S3 : SSE_KMS;
        if (!algorithm.equals(live.sseAlgorithm())) {
            changes.add(AttributeChange.of("sseAlgorithm", live.sseAlgorithm(), algorithm));
        }
        if (!Objects.equals(live.kmsKeyArn(), desired.kmsKeyArn())) {
            changes.add(AttributeChange.of("kmsKeyArn", live.kmsKeyArn(), desired.kmsKeyArn()));
        }
        // S3 Bucket Keys cut KMS requests (and their cost and throttling) by orders of magnitude.
        if (desired.kmsKeyArn() != null && !live.bucketKeyEnabled()) {
            changes.add(AttributeChange.of("bucketKeyEnabled", false, true));
        }
        String versioning = versioning(desired, live);
        if (!Objects.equals(live.versioning(), versioning)) {
            changes.add(AttributeChange.of("versioning", live.versioning(), versioning));
        }
        List<Boolean> flags = live.publicAccessFlags();
        for (int i = 0; i < PUBLIC_ACCESS_FLAGS.size(); i++) {
            if (flags.get(i) != desired.blockPublicAccess()) {
                changes.add(AttributeChange.of("blockPublicAccess." + PUBLIC_ACCESS_FLAGS.get(i), flags.get(i),
                        desired.blockPublicAccess()));
            }
        }
        if (!samePolicy(desired.policy(), live.policy())) {
            changes.add(AttributeChange.of("policy", live.policy(), desired.policy()));
        }
        changes.addAll(TagDiff.diff(desired.tags(), live.tags()));
        return changes;
    }

    /** Versioning once enabled can only be suspended, never removed; Suspended is what "off" means then. */
    private static String versioning(BucketSpec desired, Live live) {
        if (desired.versioning()) {
            return ENABLED;
        }
        return live.versioning() == null ? null : SUSPENDED;
    }

    private static boolean samePolicy(JsonNode desired, JsonNode live) {
        if (desired == null || live == null) {
            return desired == null && live == null;
        }
        return PolicyDocuments.equivalent(desired, live);
    }

    @Override
    public Live create(BucketSpec desired, HandlerContext ctx) {
        requireKnown(desired);
        String name = desired.name();
        Region region = region();
        try {
            s3.createBucket(r -> {
                r.bucket(name);
                // us-east-1 is S3's default location and is refused as an explicit constraint.
                if (!Region.US_EAST_1.equals(region)) {
                    r.createBucketConfiguration(c -> c.locationConstraint(region.id()));
                }
            });
        } catch (BucketAlreadyOwnedByYouException e) {
            // A previous run created it and stopped before finishing: adopt and reconcile.
            Live existing = read(desired, ctx).orElseThrow(() -> e);
            return update(desired, existing, diff(desired, existing), ctx);
        } catch (BucketAlreadyExistsException e) {
            throw takenByAnotherAccount(name, e);
        }
        // Closed first, before encryption or a policy: nothing may expose it even for a moment.
        putPublicAccessBlock(name, desired.blockPublicAccess());
        putEncryption(name, desired.kmsKeyArn());
        if (desired.versioning()) {
            putVersioning(name, ENABLED);
        }
        if (desired.policy() != null) {
            putPolicy(name, desired.policy());
        }
        // In us-east-1 CreateBucket also succeeds for a bucket the account already owns, so the
        // tags written here are merged with whatever it carries.
        putTags(name, ctx.tagsToWrite(desired.tags()));
        return read(desired, ctx).orElseThrow(() -> new IllegalStateException("bucket " + name
                + " was created but cannot be read back"));
    }

    @Override
    public Live update(BucketSpec desired, Live live, List<AttributeChange> changes, HandlerContext ctx) {
        requireKnown(desired);
        String name = live.name();
        Set<String> paths = changes.stream().map(AttributeChange::path).collect(Collectors.toSet());
        // The block comes first: when it is turned on, nothing after it may expose the bucket
        // meanwhile; when it is turned off, a policy that needs that must come after it.
        if (paths.stream().anyMatch(p -> p.startsWith("blockPublicAccess."))) {
            putPublicAccessBlock(name, desired.blockPublicAccess());
        }
        if (paths.contains("sseAlgorithm") || paths.contains("kmsKeyArn") || paths.contains("bucketKeyEnabled")) {
            putEncryption(name, desired.kmsKeyArn());
        }
        String versioning = versioning(desired, live);
        if (paths.contains("versioning") && versioning != null) {
            putVersioning(name, versioning);
        }
        if (paths.contains("policy")) {
            if (desired.policy() == null) {
                s3.deleteBucketPolicy(r -> r.bucket(name));
            } else {
                putPolicy(name, desired.policy());
            }
        }
        Map<String, String> tags = putTags(name, ctx.tagsToWrite(desired.tags()));
        boolean block = desired.blockPublicAccess();
        return new Live(name, desired.kmsKeyArn() == null ? SSE_S3 : SSE_KMS, desired.kmsKeyArn(),
                desired.kmsKeyArn() != null || live.bucketKeyEnabled(), versioning, block, block, block, block,
                desired.policy(), tags);
    }

    @Override
    public DeleteResult delete(Live live, DeletionPolicy policy, HandlerContext ctx) {
        if (policy == DeletionPolicy.RETAIN) {
            return DeleteResult.retained(live.name());
        }
        if (policy == DeletionPolicy.SNAPSHOT) {
            throw new IllegalArgumentException("bucket " + live.name()
                    + ": deletion policy SNAPSHOT is not supported for S3 buckets; use RETAIN or DELETE");
        }
        try {
            s3.deleteBucket(r -> r.bucket(live.name()));
        } catch (NoSuchBucketException e) {
            return DeleteResult.deleted();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return DeleteResult.deleted();
            }
            if (hasCode(e, "BucketNotEmpty")) {
                throw new IllegalStateException("S3 bucket " + live.name() + " is not empty: tapctl never empties a"
                        + " bucket (its objects and their versions are data). Empty it yourself, or keep it with"
                        + " deletion policy RETAIN", e);
            }
            throw e;
        }
        return DeleteResult.deleted();
    }

    @Override
    public Outputs outputs(Live live) {
        return Outputs.of(BucketSpec.NAME, live.name(), BucketSpec.ARN, "arn:" + partition() + ":s3:::" + live.name());
    }

    private void putPublicAccessBlock(String name, boolean block) {
        if (block) {
            s3.putPublicAccessBlock(r -> r.bucket(name).publicAccessBlockConfiguration(allFlags(true)));
        } else {
            // New buckets have the block on by default; "not blocked" means no block at all.
            s3.deletePublicAccessBlock(r -> r.bucket(name));
        }
    }

    private void putEncryption(String name, String kmsKeyArn) {
        ServerSideEncryptionRule rule = kmsKeyArn == null
                ? ServerSideEncryptionRule.builder()
                        .applyServerSideEncryptionByDefault(d -> d.sseAlgorithm(ServerSideEncryption.AES256)).build()
                : ServerSideEncryptionRule.builder()
                        .applyServerSideEncryptionByDefault(d -> d.sseAlgorithm(ServerSideEncryption.AWS_KMS)
                                .kmsMasterKeyID(kmsKeyArn))
                        .bucketKeyEnabled(true)
                        .build();
        s3.putBucketEncryption(r -> r.bucket(name).serverSideEncryptionConfiguration(c -> c.rules(rule)));
    }

    private void putVersioning(String name, String status) {
        s3.putBucketVersioning(r -> r.bucket(name).versioningConfiguration(v -> v.status(status)));
    }

    private void putPolicy(String name, JsonNode policy) {
        s3.putBucketPolicy(r -> r.bucket(name).policy(PolicyDocuments.toJson(policy)));
    }

    /**
     * PutBucketTagging replaces the whole tag set, so the tags on the bucket now are kept and
     * {@code written} is laid over them. Keys under {@code aws:} belong to AWS and cannot be written.
     */
    private Map<String, String> putTags(String name, Map<String, String> written) {
        Map<String, String> all = new TreeMap<>(TagDiff.afterWrite(tagsIfExists(name).orElseThrow(
                () -> new IllegalStateException("S3 bucket " + name + " vanished while tapctl tagged it")), written));
        all.keySet().removeIf(key -> key.startsWith("aws:"));
        List<Tag> tagSet = all.entrySet().stream()
                .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
        s3.putBucketTagging(r -> r.bucket(name).tagging(t -> t.tagSet(tagSet)));
        return all;
    }

    private Region region() {
        return s3.serviceClientConfiguration().region();
    }

    private String partition() {
        PartitionMetadata partition = PartitionMetadata.of(region());
        return partition == null ? "aws" : partition.id();
    }

    private static PublicAccessBlockConfiguration allFlags(boolean value) {
        return PublicAccessBlockConfiguration.builder().blockPublicAcls(value).ignorePublicAcls(value)
                .blockPublicPolicy(value).restrictPublicBuckets(value).build();
    }

    private static boolean isTrue(Boolean value) {
        return Boolean.TRUE.equals(value);
    }

    private static boolean hasCode(S3Exception e, String code) {
        return e.awsErrorDetails() != null && code.equals(e.awsErrorDetails().errorCode());
    }

    /** A "known after apply" placeholder must never reach AWS: it would be stored as if it were real. */
    private static void requireKnown(BucketSpec spec) {
        new Placeholders()
                .check("name", spec.name())
                .check("kmsKeyArn", spec.kmsKeyArn())
                .check("policy", spec.policy() == null ? null : PolicyDocuments.toJson(spec.policy()))
                .checkTags(spec.tags())
                .requireKnown("bucket " + spec.name());
    }
}

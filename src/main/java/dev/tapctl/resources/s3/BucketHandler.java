package dev.tapctl.resources.s3;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tapctl.aws.PolicyDocuments;
import dev.tapctl.engine.spi.AttributeChange;
import dev.tapctl.engine.spi.DeleteResult;
import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.DescribesHoldings;
import dev.tapctl.engine.spi.HandlerContext;
import dev.tapctl.engine.spi.Holdings;
import dev.tapctl.engine.spi.Outputs;
import dev.tapctl.engine.spi.Tagged;
import dev.tapctl.resources.support.AwsResourceHandler;
import dev.tapctl.resources.support.Diff;
import dev.tapctl.resources.support.Missing;
import dev.tapctl.stack.Kinds;
import dev.tapctl.stack.spec.BucketSpec;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.regions.PartitionMetadata;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyExistsException;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.PublicAccessBlockConfiguration;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * An S3 bucket found by its (globally unique) name, with what tapctl owns on it: default
 * encryption, versioning, the public access block, the bucket policy and tags. tapctl never
 * touches objects: it neither reads nor empties a bucket.
 */
public final class BucketHandler extends AwsResourceHandler<BucketSpec, BucketHandler.Live>
        implements DescribesHoldings<BucketHandler.Live> {
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
    public record Live(
            String name,
            String sseAlgorithm,
            String kmsKeyArn,
            boolean bucketKeyEnabled,
            String versioning,
            boolean blockPublicAcls,
            boolean ignorePublicAcls,
            boolean blockPublicPolicy,
            boolean restrictPublicBuckets,
            JsonNode policy,
            Map<String, String> tags)
            implements Tagged {
        public Live {
            tags = Map.copyOf(tags);
        }

        /** The public access block flags in the order of {@link #PUBLIC_ACCESS_FLAGS}. */
        List<Boolean> publicAccessFlags() {
            return List.of(blockPublicAcls, ignorePublicAcls, blockPublicPolicy, restrictPublicBuckets);
        }
    }

    private final S3Client s3;
    private final BucketReads reads;
    private final BucketWrites writes;
    private final BucketHoldings holdings;

    /** {@code cloudwatch}: where S3 publishes the bucket's storage metrics, read for what it holds. */
    public BucketHandler(S3Client s3, CloudWatchClient cloudwatch) {
        super(Kinds.BUCKET);
        this.s3 = s3;
        this.reads = new BucketReads(s3);
        this.writes = new BucketWrites(s3, reads);
        this.holdings = new BucketHoldings(cloudwatch, Clock.systemUTC());
    }

    @Override
    public Optional<Live> read(BucketSpec desired, HandlerContext ctx) {
        return reads.read(desired.name(), ctx.atOnce());
    }

    /** Its objects and size from its daily CloudWatch storage metrics, never by listing it. */
    @Override
    public Holdings holdings(Live live, List<String> keptData, HandlerContext ctx) {
        return holdings.of(live.name());
    }

    @Override
    public List<AttributeChange> diff(BucketSpec desired, Live live) {
        String versioning = versioning(desired, live);
        List<Boolean> flags = live.publicAccessFlags();
        Diff<BucketSpec, Live> diff = Diff.of(desired, live)
                .field("sseAlgorithm", BucketHandler::sseAlgorithm, Live::sseAlgorithm)
                .fields("kmsKeyArn")
                // S3 Bucket Keys cut KMS requests (and their cost and throttling) by orders of magnitude.
                .when(desired.kmsKeyArn() != null && !live.bucketKeyEnabled(), "bucketKeyEnabled", false, true)
                .when(!Objects.equals(live.versioning(), versioning), "versioning", live.versioning(), versioning);
        for (int i = 0; i < PUBLIC_ACCESS_FLAGS.size(); i++) {
            diff.when(
                    flags.get(i) != desired.blockPublicAccess(),
                    "blockPublicAccess." + PUBLIC_ACCESS_FLAGS.get(i),
                    flags.get(i),
                    desired.blockPublicAccess());
        }
        return diff.field("policy", BucketSpec::policy, Live::policy, BucketHandler::samePolicy)
                .tags()
                .changes();
    }

    private static String sseAlgorithm(BucketSpec spec) {
        return spec.kmsKeyArn() == null ? SSE_S3 : SSE_KMS;
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
    protected Live createKnown(BucketSpec desired, HandlerContext ctx) {
        String name = desired.name();
        Region region = region();
        // AlreadyOwnedByYou: a previous run created it and stopped before finishing; it is adopted.
        return createOrAdopt(desired, ctx, BucketAlreadyOwnedByYouException.class, () -> {
            try {
                s3.createBucket(r -> {
                    r.bucket(name);
                    // us-east-1 is S3's default location and is refused as an explicit constraint.
                    if (!Region.US_EAST_1.equals(region)) {
                        r.createBucketConfiguration(c -> c.locationConstraint(region.id()));
                    }
                });
            } catch (BucketAlreadyExistsException e) {
                throw S3Errors.takenByAnotherAccount(name, e);
            }
            // Closed first, before encryption or a policy: nothing may expose it even for a moment.
            writes.publicAccessBlock(name, desired.blockPublicAccess());
            writes.encryption(name, desired.kmsKeyArn());
            if (desired.versioning()) {
                writes.versioning(name, ENABLED);
            }
            if (desired.policy() != null) {
                writes.policy(name, desired.policy());
            }
            // In us-east-1 CreateBucket also succeeds for a bucket the account already owns, so the
            // tags written here are merged with whatever it carries.
            writes.tags(name, ctx.tagsToWrite(desired.tags()));
            return read(desired, ctx)
                    .orElseThrow(
                            () -> new IllegalStateException("bucket " + name + " was created but cannot be read back"));
        });
    }

    @Override
    protected Live updateKnown(BucketSpec desired, Live live, List<AttributeChange> changes, HandlerContext ctx) {
        String name = live.name();
        Set<String> paths = changes.stream().map(AttributeChange::path).collect(Collectors.toSet());
        // The block comes first: when it is turned on, nothing after it may expose the bucket
        // meanwhile; when it is turned off, a policy that needs that must come after it.
        if (paths.stream().anyMatch(p -> p.startsWith("blockPublicAccess."))) {
            writes.publicAccessBlock(name, desired.blockPublicAccess());
        }
        if (paths.contains("sseAlgorithm") || paths.contains("kmsKeyArn") || paths.contains("bucketKeyEnabled")) {
            writes.encryption(name, desired.kmsKeyArn());
        }
        String versioning = versioning(desired, live);
        if (paths.contains("versioning") && versioning != null) {
            writes.versioning(name, versioning);
        }
        if (paths.contains("policy")) {
            writes.policy(name, desired.policy());
        }
        Map<String, String> tags = writes.tags(name, ctx.tagsToWrite(desired.tags()));
        boolean block = desired.blockPublicAccess();
        return new Live(
                name,
                desired.kmsKeyArn() == null ? SSE_S3 : SSE_KMS,
                desired.kmsKeyArn(),
                desired.kmsKeyArn() != null || live.bucketKeyEnabled(),
                versioning,
                block,
                block,
                block,
                block,
                desired.policy(),
                tags);
    }

    @Override
    public DeleteResult delete(Live live, DeletionPolicy policy, HandlerContext ctx) {
        try {
            // Already gone: NoSuchBucket, or any other 404.
            Missing.ok(
                    () -> s3.deleteBucket(r -> r.bucket(live.name())),
                    e -> e instanceof NoSuchBucketException || e instanceof S3Exception s3e && s3e.statusCode() == 404);
        } catch (S3Exception e) {
            if (S3Errors.hasCode(e, "BucketNotEmpty")) {
                throw new IllegalStateException(
                        "S3 bucket " + live.name() + " is not empty: tapctl never empties a"
                                + " bucket (its objects and their versions are data). Empty it yourself, or keep it with"
                                + " deletion policy RETAIN",
                        e);
            }
            throw e;
        }
        return DeleteResult.deleted();
    }

    @Override
    public Outputs outputs(Live live) {
        return Outputs.of(BucketSpec.NAME, live.name(), BucketSpec.ARN, "arn:" + partition() + ":s3:::" + live.name());
    }

    private Region region() {
        return s3.serviceClientConfiguration().region();
    }

    private String partition() {
        PartitionMetadata partition = PartitionMetadata.of(region());
        return partition == null ? "aws" : partition.id();
    }

    /** A public access block with all four flags set to {@code value}. */
    static PublicAccessBlockConfiguration publicAccessBlock(boolean value) {
        return PublicAccessBlockConfiguration.builder()
                .blockPublicAcls(value)
                .ignorePublicAcls(value)
                .blockPublicPolicy(value)
                .restrictPublicBuckets(value)
                .build();
    }
}

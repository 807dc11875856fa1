package dev.tapctl.resources.kms;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tapctl.aws.Eventually;
import dev.tapctl.aws.PolicyDocuments;
import dev.tapctl.aws.TagDiff;
import dev.tapctl.engine.spi.AttributeChange;
import dev.tapctl.engine.spi.DeleteResult;
import dev.tapctl.engine.spi.DeletesBySpec;
import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.DescribesHoldings;
import dev.tapctl.engine.spi.HandlerContext;
import dev.tapctl.engine.spi.Holdings;
import dev.tapctl.engine.spi.ReadsAtOnce;
import dev.tapctl.engine.spi.ReadsAtOnce.Pending;
import dev.tapctl.engine.spi.ReadsBy;
import dev.tapctl.engine.spi.Tagged;
import dev.tapctl.engine.spi.Tags;
import dev.tapctl.resources.support.AwsResourceHandler;
import dev.tapctl.resources.support.Diff;
import dev.tapctl.resources.support.Missing;
import dev.tapctl.resources.support.SdkTags;
import dev.tapctl.stack.Kinds;
import dev.tapctl.stack.spec.KmsKeySpec;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.AlreadyExistsException;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.kms.model.NotFoundException;
import software.amazon.awssdk.services.kms.model.Tag;

/**
 * A customer-managed symmetric key found through its alias. A key left without its alias by an
 * interrupted run is found again by its ownership tags before a new one is created.
 */
public final class KmsKeyHandler extends AwsResourceHandler<KmsKeySpec, KmsKeyHandler.Live>
        implements DeletesBySpec<KmsKeySpec, KmsKeyHandler.Live>,
                DescribesHoldings<KmsKeyHandler.Live>,
                ReadsBy<KmsKeySpec> {
    private static final String DEFAULT_POLICY = "default";

    public record Live(
            String keyId,
            String arn,
            String alias,
            String description,
            KeyState state,
            boolean rotationEnabled,
            JsonNode policy,
            Map<String, String> tags)
            implements Tagged {
        public Live {
            tags = Map.copyOf(tags);
        }
    }

    private final KmsClient kms;
    private final Eventually eventually;

    public KmsKeyHandler(KmsClient kms, Eventually eventually) {
        super(Kinds.KMS_KEY);
        this.kms = kms;
        this.eventually = eventually;
    }

    @Override
    public Object readsBy(KmsKeySpec spec) {
        // Found by its alias; its policy names the account, which a plan may not know yet.
        return spec.alias();
    }

    @Override
    public Optional<Live> read(KmsKeySpec desired, HandlerContext ctx) {
        return Missing.orEmpty(
                        () -> kms.describeKey(r -> r.keyId(desired.alias())).keyMetadata(), NotFoundException.class)
                .map(key -> readKey(key, desired.alias(), ctx.atOnce()));
    }

    /**
     * The key's policy, rotation and tags: three calls that need its id (GetKeyPolicy,
     * GetKeyRotationStatus and ListResourceTags take no alias), made at once during a plan.
     */
    private Live readKey(KeyMetadata key, String alias, ReadsAtOnce atOnce) {
        String keyId = key.keyId();
        Pending<String> policy = atOnce.start(() ->
                kms.getKeyPolicy(r -> r.keyId(keyId).policyName(DEFAULT_POLICY)).policy());
        Pending<Boolean> rotation =
                atOnce.start(() -> kms.getKeyRotationStatus(r -> r.keyId(keyId)).keyRotationEnabled());
        Pending<Map<String, String>> tags = atOnce.start(() -> tagsOf(keyId));
        // Asked for in the order they were made one after another (as they still are outside a plan).
        JsonNode document = PolicyDocuments.parse(policy.get());
        boolean rotationEnabled = rotation.get();
        return new Live(
                keyId, key.arn(), alias, key.description(), key.keyState(), rotationEnabled, document, tags.get());
    }

    private Map<String, String> tagsOf(String keyId) {
        return SdkTags.toMap(
                kms.listResourceTagsPaginator(r -> r.keyId(keyId)).stream()
                        .flatMap(page -> page.tags().stream())
                        .toList(),
                Tag::tagKey,
                Tag::tagValue);
    }

    /**
     * What is encrypted with the key and outlives the plan: the stack's resources that reference it
     * and keep their data (retained, or deleted after a final snapshot), and the final snapshots
     * earlier destroys left, as the engine found them. Without the key none of it can be decrypted.
     */
    @Override
    public Holdings holdings(Live live, List<String> keptData, HandlerContext ctx) {
        String summary = keptData.isEmpty()
                ? "encrypts nothing this plan keeps"
                : "encrypts what this plan keeps: " + String.join(", ", keptData);
        return new Holdings(summary, Map.of("encrypts", List.copyOf(keptData)));
    }

    @Override
    public List<AttributeChange> diff(KmsKeySpec desired, Live live) {
        return Diff.of(desired, live)
                .when(
                        live.state() != KeyState.ENABLED,
                        "keyState",
                        String.valueOf(live.state()),
                        KeyState.ENABLED.toString())
                .fields("description", "rotationEnabled")
                .field("policy", KmsKeySpec::policy, Live::policy, PolicyDocuments::equivalent)
                .fields("alias")
                .tags()
                .changes();
    }

    @Override
    protected Live createKnown(KmsKeySpec desired, HandlerContext ctx) {
        Optional<Live> orphan = findUnaliasedKey(desired);
        if (orphan.isPresent()) {
            return update(desired, orphan.get(), diff(desired, orphan.get()), ctx);
        }
        Map<String, String> tags = ctx.tagsToWrite(desired.tags());
        KeyMetadata key = kms.createKey(r -> r.description(desired.description())
                        .keySpec(KeySpec.SYMMETRIC_DEFAULT)
                        .keyUsage(KeyUsageType.ENCRYPT_DECRYPT)
                        .policy(PolicyDocuments.toJson(desired.policy()))
                        .tags(toTags(tags)))
                .keyMetadata();
        // "AWS KMS eventual consistency": calls on a key created a moment ago can answer
        // NotFoundException. The first call after CreateKey waits that out (no describe on the
        // longest path of an apply); once KMS has answered it, the key and its policy are there
        // for the alias, and for the log groups, secret and data stores that use the key.
        Predicate<Throwable> notYetVisible =
                e -> e instanceof NotFoundException && Eventually.messageOf(e).contains(key.keyId());
        eventually.run("key " + key.keyId() + " to be visible in KMS", notYetVisible, ctx::status, () -> {
            if (desired.rotationEnabled()) {
                kms.enableKeyRotation(r -> r.keyId(key.keyId()));
            }
            pointAlias(desired.alias(), key.keyId());
        });
        // Not read back: the key is on the way to the database, the longest path of an apply, and
        // CreateKey answered everything that is not what this call just set.
        return new Live(
                key.keyId(),
                key.arn(),
                desired.alias(),
                key.description(),
                key.keyState(),
                desired.rotationEnabled(),
                desired.policy(),
                tags);
    }

    /**
     * KMS has no idempotency token for CreateKey: a run that stopped between CreateKey and
     * CreateAlias leaves a key only its tags can find.
     */
    private Optional<Live> findUnaliasedKey(KmsKeySpec desired) {
        String logicalId = desired.tags().get(Tags.LOGICAL_ID);
        String env = desired.tags().get(Tags.ENVIRONMENT);
        String project = desired.tags().get(Tags.PROJECT);
        return kms.listKeysPaginator(r -> {}).keys().stream()
                .map(entry -> entry.keyId())
                .filter(keyId -> {
                    Map<String, String> tags;
                    try {
                        tags = tagsOf(keyId);
                    } catch (KmsException e) {
                        return false; // keys of other owners may not be ours to read
                    }
                    return Objects.equals(tags.get(Tags.LOGICAL_ID), logicalId)
                            && Objects.equals(tags.get(Tags.ENVIRONMENT), env)
                            && Objects.equals(tags.get(Tags.PROJECT), project);
                })
                .map(keyId -> kms.describeKey(r -> r.keyId(keyId)).keyMetadata())
                .filter(key -> key.keyState() == KeyState.ENABLED || key.keyState() == KeyState.DISABLED)
                .findFirst()
                .map(key -> readKey(key, null, ReadsAtOnce.NONE));
    }

    @Override
    protected Live updateKnown(KmsKeySpec desired, Live live, List<AttributeChange> changes, HandlerContext ctx) {
        String keyId = live.keyId();
        for (AttributeChange change : changes) {
            switch (change.path()) {
                case "keyState" -> {
                    if (live.state() == KeyState.PENDING_DELETION) {
                        kms.cancelKeyDeletion(r -> r.keyId(keyId));
                    }
                    kms.enableKey(r -> r.keyId(keyId));
                }
                case "description" ->
                    kms.updateKeyDescription(r -> r.keyId(keyId).description(desired.description()));
                case "rotationEnabled" -> {
                    if (desired.rotationEnabled()) {
                        kms.enableKeyRotation(r -> r.keyId(keyId));
                    } else {
                        kms.disableKeyRotation(r -> r.keyId(keyId));
                    }
                }
                case "policy" ->
                    kms.putKeyPolicy(r ->
                            r.keyId(keyId).policyName(DEFAULT_POLICY).policy(PolicyDocuments.toJson(desired.policy())));
                case "alias" -> pointAlias(desired.alias(), keyId);
                default -> {
                    // Tags are written together below, with the new spec hash.
                }
            }
        }
        Map<String, String> tags = ctx.tagsToWrite(desired.tags());
        kms.tagResource(r -> r.keyId(keyId).tags(toTags(tags)));
        return new Live(
                keyId,
                live.arn(),
                desired.alias(),
                desired.description(),
                KeyState.ENABLED,
                desired.rotationEnabled(),
                desired.policy(),
                TagDiff.afterWrite(live.tags(), tags));
    }

    private void pointAlias(String alias, String keyId) {
        try {
            kms.createAlias(r -> r.aliasName(alias).targetKeyId(keyId));
        } catch (AlreadyExistsException e) {
            kms.updateAlias(r -> r.aliasName(alias).targetKeyId(keyId));
        }
    }

    /**
     * Keys are never deleted at once: the alias goes and deletion is scheduled with the
     * configured waiting period, during which {@code apply} can still bring the key back.
     */
    @Override
    public DeleteResult delete(Live live, DeletionPolicy policy, HandlerContext ctx) {
        throw new IllegalStateException("a key's deletion needs its window: use delete(desired, live, policy, ctx)");
    }

    @Override
    public DeleteResult delete(KmsKeySpec desired, Live live, DeletionPolicy policy, HandlerContext ctx) {
        int windowDays = desired.deletionWindowDays();
        // Schedule first, then drop the alias: a run that stops in between leaves a key that the
        // alias still finds (pending deletion), so the next destroy can finish the job.
        if (live.state() != KeyState.PENDING_DELETION) {
            kms.scheduleKeyDeletion(r -> r.keyId(live.keyId()).pendingWindowInDays(windowDays));
        }
        if (live.alias() != null) {
            Missing.ok(() -> kms.deleteAlias(r -> r.aliasName(live.alias())), NotFoundException.class);
        }
        return DeleteResult.scheduled(live.arn() + " in " + windowDays + " days");
    }

    private static List<Tag> toTags(Map<String, String> tags) {
        return SdkTags.toList(
                tags, (key, value) -> Tag.builder().tagKey(key).tagValue(value).build());
    }
}

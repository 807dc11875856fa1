package dev.tapctl.resources.iam;

import dev.tapctl.aws.TagDiff;
import dev.tapctl.engine.spi.AttributeChange;
import dev.tapctl.engine.spi.DeleteResult;
import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.HandlerContext;
import dev.tapctl.engine.spi.Tagged;
import dev.tapctl.resources.support.AwsResourceHandler;
import dev.tapctl.resources.support.Diff;
import dev.tapctl.resources.support.Missing;
import dev.tapctl.resources.support.SdkTags;
import dev.tapctl.resources.support.Waits;
import dev.tapctl.stack.Kinds;
import dev.tapctl.stack.spec.InstanceProfileSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException;
import software.amazon.awssdk.services.iam.model.GetInstanceProfileRequest;
import software.amazon.awssdk.services.iam.model.InstanceProfile;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.Tag;
import software.amazon.awssdk.services.iam.waiters.IamWaiter;

/**
 * An IAM instance profile found by name, holding exactly the spec's role (IAM allows at most
 * one role per profile, so "exactly" means that one and no other).
 */
public final class InstanceProfileHandler extends AwsResourceHandler<InstanceProfileSpec, InstanceProfileHandler.Live> {

    /** {@code roleArns}: the ARNs of {@code roleNames}, in the same order. */
    public record Live(String name, String arn, List<String> roleNames, List<String> roleArns, Map<String, String> tags)
            implements Tagged {
        public Live {
            roleNames = List.copyOf(roleNames);
            roleArns = List.copyOf(roleArns);
            tags = Map.copyOf(tags);
        }
    }

    private final IamClient iam;
    private final IamWaiter waiter;
    private final WaiterOverrideConfiguration waits;

    public InstanceProfileHandler(IamClient iam, WaiterOverrideConfiguration waits) {
        super(Kinds.INSTANCE_PROFILE);
        this.iam = iam;
        this.waiter =
                IamWaiter.builder().client(iam).overrideConfiguration(waits).build();
        this.waits = waits;
    }

    @Override
    public Optional<Live> read(InstanceProfileSpec desired, HandlerContext ctx) {
        return Missing.orEmpty(
                        () -> iam.getInstanceProfile(r -> r.instanceProfileName(desired.name()))
                                .instanceProfile(),
                        NoSuchEntityException.class)
                .map(this::live);
    }

    private Live live(InstanceProfile profile) {
        return new Live(
                profile.instanceProfileName(),
                profile.arn(),
                profile.roles().stream().map(Role::roleName).toList(),
                profile.roles().stream().map(Role::arn).toList(),
                tags(profile));
    }

    /**
     * GetInstanceProfile answers with the profile's tags (its InstanceProfile element carries
     * Tags.member.N: https://docs.aws.amazon.com/IAM/latest/APIReference/API_InstanceProfile.html),
     * so no ListInstanceProfileTags call, which the deployer policy does not grant: an answer
     * without them is a profile without tags.
     */
    private Map<String, String> tags(InstanceProfile profile) {
        return SdkTags.toMap(profile.hasTags() ? profile.tags() : List.of(), Tag::key, Tag::value);
    }

    @Override
    public List<AttributeChange> diff(InstanceProfileSpec desired, Live live) {
        return Diff.of(desired, live)
                .when(
                        !live.roleNames().equals(List.of(desired.roleName())),
                        "roleName",
                        shown(live.roleNames()),
                        desired.roleName())
                .when(
                        live.roleNames().equals(List.of(desired.roleName())) && !holdsRoleArn(desired, live),
                        "roleArn",
                        shown(live.roleArns()),
                        desired.roleArn())
                .tags()
                .changes();
    }

    /** Whether the profile holds the spec's role itself, not an earlier role of its name; always when the spec names no ARN. */
    private static boolean holdsRoleArn(InstanceProfileSpec desired, Live live) {
        return desired.roleArn() == null || live.roleArns().equals(List.of(desired.roleArn()));
    }

    /** No role, one role, or (should IAM ever allow it) several, as a plan shows them. */
    private static Object shown(List<String> roleNames) {
        return switch (roleNames.size()) {
            case 0 -> null;
            case 1 -> roleNames.get(0);
            default -> roleNames;
        };
    }

    @Override
    protected Live createKnown(InstanceProfileSpec desired, HandlerContext ctx) {
        Map<String, String> tags = ctx.tagsToWrite(desired.tags());
        // One left by a run that stopped before finishing (perhaps before its role was added) is adopted.
        return createOrAdopt(desired, ctx, EntityAlreadyExistsException.class, () -> {
            InstanceProfile created = iam.createInstanceProfile(
                            r -> r.instanceProfileName(desired.name()).tags(toTags(tags)))
                    .instanceProfile();
            // IAM is eventually consistent: the profile this call just created may not be visible to
            // the next one yet. The SDK's waiter polls GetInstanceProfile until it is.
            Waits.waitFor(
                    "the instance profile",
                    waits,
                    ctx,
                    w -> waiter.waitUntilInstanceProfileExists(
                            GetInstanceProfileRequest.builder()
                                    .instanceProfileName(desired.name())
                                    .build(),
                            w));
            iam.addRoleToInstanceProfile(
                    r -> r.instanceProfileName(desired.name()).roleName(desired.roleName()));
            return new Live(
                    created.instanceProfileName(), created.arn(), List.of(desired.roleName()), roleArns(desired), tags);
        });
    }

    @Override
    protected Live updateKnown(
            InstanceProfileSpec desired, Live live, List<AttributeChange> changes, HandlerContext ctx) {
        String profile = live.name();
        // Compared with what the profile holds rather than with the change list, so an adopted
        // profile is reconciled the same way. A profile takes one role: the extra one goes first,
        // and so does an earlier role of the spec's name (replaced; its delete may have removed it).
        if (!live.roleNames().equals(List.of(desired.roleName())) || !holdsRoleArn(desired, live)) {
            boolean replacedRole = !holdsRoleArn(desired, live);
            live.roleNames().stream()
                    .filter(role -> replacedRole || !role.equals(desired.roleName()))
                    .forEach(role -> Missing.ok(
                            () -> iam.removeRoleFromInstanceProfile(
                                    r -> r.instanceProfileName(profile).roleName(role)),
                            NoSuchEntityException.class));
            if (replacedRole || !live.roleNames().contains(desired.roleName())) {
                iam.addRoleToInstanceProfile(r -> r.instanceProfileName(profile).roleName(desired.roleName()));
            }
        }
        Map<String, String> tags = ctx.tagsToWrite(desired.tags());
        iam.tagInstanceProfile(r -> r.instanceProfileName(profile).tags(toTags(tags)));
        return new Live(
                live.name(),
                live.arn(),
                List.of(desired.roleName()),
                roleArns(desired),
                TagDiff.afterWrite(live.tags(), tags));
    }

    @Override
    public DeleteResult delete(Live live, DeletionPolicy policy, HandlerContext ctx) {
        String profile = live.name();
        return Missing.deleted(
                () -> {
                    // IAM refuses to delete a profile that still holds a role. The roles are read again:
                    // the live view may be older than a role someone added since.
                    InstanceProfile current = iam.getInstanceProfile(r -> r.instanceProfileName(profile))
                            .instanceProfile();
                    current.roles()
                            .forEach(role -> iam.removeRoleFromInstanceProfile(
                                    r -> r.instanceProfileName(profile).roleName(role.roleName())));
                    iam.deleteInstanceProfile(r -> r.instanceProfileName(profile));
                },
                NoSuchEntityException.class);
    }

    /** The role ARNs a profile holding the spec's role has, as far as the spec knows them. */
    private static List<String> roleArns(InstanceProfileSpec desired) {
        return desired.roleArn() == null ? List.of() : List.of(desired.roleArn());
    }

    private static List<Tag> toTags(Map<String, String> tags) {
        return SdkTags.toList(
                tags, (key, value) -> Tag.builder().key(key).value(value).build());
    }
}

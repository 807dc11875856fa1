package dev.tapctl.resources.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tapctl.aws.Eventually;
import dev.tapctl.aws.PolicyDocuments;
import dev.tapctl.aws.TagDiff;
import dev.tapctl.engine.spi.AttributeChange;
import dev.tapctl.engine.spi.DeleteResult;
import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.HandlerContext;
import dev.tapctl.engine.spi.ListsOrphans;
import dev.tapctl.engine.spi.Ownership;
import dev.tapctl.engine.spi.ReadsBy;
import dev.tapctl.engine.spi.SharedReads;
import dev.tapctl.engine.spi.Tagged;
import dev.tapctl.resources.support.AwsResourceHandler;
import dev.tapctl.resources.support.Diff;
import dev.tapctl.resources.support.Missing;
import dev.tapctl.resources.support.SdkTags;
import dev.tapctl.stack.Kinds;
import dev.tapctl.stack.spec.IamRoleSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.DeleteConflictException;
import software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Tag;

/**
 * An IAM role found by name, with everything tapctl owns on it: path, trust policy, description,
 * inline policies by name, attached managed policies, tags. Documents are compared as parsed
 * JSON in normal form, never as text.
 *
 * <p>Reading one role takes GetRole, ListRolePolicies, GetRolePolicy per inline policy and
 * ListAttachedRolePolicies: IAM has no batch Get, and its batch describe,
 * GetAccountAuthorizationDetails, has no filter but the entity type, so it answers every role of
 * the account (megabytes in a shared account) and needs a permission that dumps every policy. A
 * plan's cost stays with what tapctl owns: its roles by name, the environment's orphans by the
 * environment's path ({@code ListRoles(PathPrefix)}).
 *
 * <p>A role found at another path than its spec's (made before roles had environment paths) is
 * replaced: IAM cannot move a role (UpdateRole has no path) and names are unique across paths,
 * so the old role goes before the new one is made, its dependants first (a flow log naming its
 * ARN is replaced, a function or an instance profile takes the new ARN after).
 */
public final class IamRoleHandler extends AwsResourceHandler<IamRoleSpec, IamRoleHandler.Live>
        implements ListsOrphans<IamRoleHandler.Live>, ReadsBy<IamRoleSpec> {

    public record Live(
            String name,
            String path,
            String arn,
            String description,
            JsonNode trustPolicy,
            Map<String, JsonNode> inlinePolicies,
            Set<String> managedPolicyArns,
            Map<String, String> tags)
            implements Tagged {
        public Live {
            inlinePolicies = Map.copyOf(inlinePolicies);
            managedPolicyArns = Set.copyOf(managedPolicyArns);
            tags = Map.copyOf(tags);
        }
    }

    private final IamClient iam;
    private final Eventually eventually;
    private final IamRoleReads reads;

    public IamRoleHandler(IamClient iam, Eventually eventually) {
        super(Kinds.IAM_ROLE);
        this.iam = iam;
        this.eventually = eventually;
        this.reads = new IamRoleReads(iam);
    }

    /** The role by its name, wherever its path: GetRole and its policies, at once during a plan. */
    @Override
    public Object readsBy(IamRoleSpec spec) {
        // Found by its name; its policies name the account, which a plan may not know yet.
        return spec.name();
    }

    @Override
    public Optional<Live> read(IamRoleSpec desired, HandlerContext ctx) {
        return reads.read(desired.name(), ctx.atOnce());
    }

    /**
     * The roles under the environment's path ({@code /tapctl/<project>/<env>/}) that the
     * configuration no longer has and that carry this environment's ownership tags. The
     * account-wide roles (no Environment tag, at {@code /}) are never orphans; nor is a role of a
     * removed function that was made before roles had paths, which only a listing of the whole
     * account could find. A removed function's execution role goes with it (the default policy,
     * DELETE); delete empties it of its policies first.
     */
    @Override
    public List<Live> listOrphans(Ownership owner, SharedReads reads) {
        return this.reads.orphans(owner, reads);
    }

    @Override
    public List<AttributeChange> diff(IamRoleSpec desired, Live live) {
        return Diff.of(desired, live)
                .replacingFields("path")
                .field("trustPolicy", IamRoleSpec::trustPolicy, Live::trustPolicy, PolicyDocuments::equivalent)
                .field(
                        "description",
                        IamRoleSpec::description,
                        Live::description,
                        (wanted, actual) -> Objects.equals(emptyToNull(wanted), emptyToNull(actual)))
                .with(inlinePolicyChanges(desired, live))
                .field(
                        "managedPolicyArns",
                        d -> new TreeSet<>(d.managedPolicyArns()),
                        l -> new TreeSet<>(l.managedPolicyArns()))
                .tags()
                .changes();
    }

    /** One change per inline policy added, removed or changed, by policy name. */
    private static List<AttributeChange> inlinePolicyChanges(IamRoleSpec desired, Live live) {
        Set<String> names = new TreeSet<>(desired.inlinePolicies().keySet());
        names.addAll(live.inlinePolicies().keySet());
        List<AttributeChange> changes = new ArrayList<>();
        for (String name : names) {
            ObjectNode want = desired.inlinePolicies().get(name);
            JsonNode have = live.inlinePolicies().get(name);
            if (want == null || have == null || !PolicyDocuments.equivalent(want, have)) {
                changes.add(AttributeChange.of("inlinePolicies." + name, have, want));
            }
        }
        return changes;
    }

    @Override
    protected Live createKnown(IamRoleSpec desired, HandlerContext ctx) {
        return createOrAdopt(desired, ctx, EntityAlreadyExistsException.class, () -> {
            iam.createRole(r -> r.roleName(desired.name())
                    .path(desired.path())
                    .description(desired.description())
                    .assumeRolePolicyDocument(PolicyDocuments.toJson(desired.trustPolicy()))
                    .tags(toTags(ctx.tagsToWrite(desired.tags()))));
            desired.inlinePolicies().forEach((name, document) -> putPolicy(desired.name(), name, document));
            desired.managedPolicyArns()
                    .forEach(arn ->
                            iam.attachRolePolicy(r -> r.roleName(desired.name()).policyArn(arn)));
            return read(desired, ctx)
                    .orElseThrow(() -> new IllegalStateException(
                            "role " + desired.name() + " was created but cannot be read back"));
        });
    }

    @Override
    protected Live updateKnown(IamRoleSpec desired, Live live, List<AttributeChange> changes, HandlerContext ctx) {
        String role = desired.name();
        for (AttributeChange change : changes) {
            String path = change.path();
            if (path.equals("trustPolicy")) {
                iam.updateAssumeRolePolicy(
                        r -> r.roleName(role).policyDocument(PolicyDocuments.toJson(desired.trustPolicy())));
            } else if (path.equals("description")) {
                iam.updateRole(r -> r.roleName(role).description(desired.description()));
            } else if (path.startsWith("inlinePolicies.")) {
                String name = path.substring("inlinePolicies.".length());
                ObjectNode document = desired.inlinePolicies().get(name);
                if (document == null) {
                    iam.deleteRolePolicy(r -> r.roleName(role).policyName(name));
                } else {
                    putPolicy(role, name, document);
                }
            } else if (path.equals("managedPolicyArns")) {
                Set<String> want = new TreeSet<>(desired.managedPolicyArns());
                want.stream()
                        .filter(arn -> !live.managedPolicyArns().contains(arn))
                        .forEach(arn ->
                                iam.attachRolePolicy(r -> r.roleName(role).policyArn(arn)));
                live.managedPolicyArns().stream()
                        .filter(arn -> !want.contains(arn))
                        .forEach(arn ->
                                iam.detachRolePolicy(r -> r.roleName(role).policyArn(arn)));
            }
        }
        Map<String, String> tags = ctx.tagsToWrite(desired.tags());
        iam.tagRole(r -> r.roleName(role).tags(toTags(tags)));
        Map<String, JsonNode> inline = new LinkedHashMap<>(desired.inlinePolicies());
        return new Live(
                live.name(),
                live.path(),
                live.arn(),
                desired.description(),
                desired.trustPolicy(),
                inline,
                Set.copyOf(desired.managedPolicyArns()),
                TagDiff.afterWrite(live.tags(), tags));
    }

    @Override
    public DeleteResult delete(Live live, DeletionPolicy policy, HandlerContext ctx) {
        String role = live.name();
        return Missing.deleted(
                () -> {
                    // IAM refuses to delete a role that still has policies.
                    iam.listRolePoliciesPaginator(r -> r.roleName(role))
                            .policyNames()
                            .forEach(name ->
                                    iam.deleteRolePolicy(r -> r.roleName(role).policyName(name)));
                    iam.listAttachedRolePoliciesPaginator(r -> r.roleName(role))
                            .attachedPolicies()
                            .forEach(p ->
                                    iam.detachRolePolicy(r -> r.roleName(role).policyArn(p.policyArn())));
                    // IAM refuses to delete a role an instance profile holds (DeleteRole: "remove ...
                    // instance profile"). Destroy removes the profile first; a replace keeps the profile,
                    // which takes the new role after.
                    iam.listInstanceProfilesForRolePaginator(r -> r.roleName(role))
                            .instanceProfiles()
                            .forEach(profile -> Missing.ok(
                                    () -> iam.removeRoleFromInstanceProfile(
                                            r -> r.instanceProfileName(profile.instanceProfileName())
                                                    .roleName(role)),
                                    NoSuchEntityException.class));
                    // DeleteConflict while IAM has not yet seen the role leave its instance profile.
                    eventually.run(
                            "role " + role + " to leave its instance profile",
                            e -> e instanceof DeleteConflictException,
                            ctx::status,
                            () -> iam.deleteRole(r -> r.roleName(role)));
                },
                NoSuchEntityException.class);
    }

    private void putPolicy(String role, String name, JsonNode document) {
        iam.putRolePolicy(r -> r.roleName(role).policyName(name).policyDocument(PolicyDocuments.toJson(document)));
    }

    private static List<Tag> toTags(Map<String, String> tags) {
        return SdkTags.toList(
                tags, (key, value) -> Tag.builder().key(key).value(value).build());
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}

package dev.tapctl.resources.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tapctl.aws.PolicyDocuments;
import dev.tapctl.aws.TagDiff;
import dev.tapctl.engine.spi.AttributeChange;
import dev.tapctl.engine.spi.DeleteResult;
import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.HandlerContext;
import dev.tapctl.engine.spi.Outputs;
import dev.tapctl.engine.spi.Ownership;
import dev.tapctl.engine.spi.ResourceHandler;
import dev.tapctl.engine.spi.SharedReads;
import dev.tapctl.engine.spi.Tagged;
import dev.tapctl.stack.Kinds;
import dev.tapctl.stack.spec.IamRoleSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.Tag;

/**
 * An IAM role found by name, with everything tapctl owns on it: trust policy, description,
 * inline policies by name, attached managed policies, tags. Documents are compared as parsed
 * JSON in normal form, never as text.
 */
public final class IamRoleHandler implements ResourceHandler<IamRoleSpec, IamRoleHandler.Live> {

    public record Live(String name, String arn, String description, JsonNode trustPolicy,
                       Map<String, JsonNode> inlinePolicies, Set<String> managedPolicyArns,
                       Map<String, String> tags) implements Tagged {
        public Live {
            inlinePolicies = Map.copyOf(inlinePolicies);
            managedPolicyArns = Set.copyOf(managedPolicyArns);
            tags = Map.copyOf(tags);
        }
    }

    private final IamClient iam;

    public IamRoleHandler(IamClient iam) {
        this.iam = iam;
    }

    @Override
    public String kind() {
        return Kinds.IAM_ROLE;
    }

    @Override
    public Class<IamRoleSpec> specType() {
        return IamRoleSpec.class;
    }

    @Override
    public Optional<Live> read(IamRoleSpec desired, HandlerContext ctx) {
        return role(desired.name()).map(role -> live(role, null));
    }

    /** GetRole; empty when there is no such role. */
    private Optional<Role> role(String name) {
        try {
            return Optional.of(iam.getRole(r -> r.roleName(name)).role());
        } catch (NoSuchEntityException e) {
            return Optional.empty();
        }
    }

    /**
     * The live view of a role GetRole returned: its inline policies (ListRolePolicies, then
     * GetRolePolicy each), its attached policies, and {@code tags}, or when null its own tags.
     */
    private Live live(Role role, Map<String, String> tags) {
        String name = role.roleName();
        Map<String, JsonNode> inline = new TreeMap<>();
        for (String policyName : iam.listRolePoliciesPaginator(r -> r.roleName(name)).policyNames()) {
            String document = iam.getRolePolicy(r -> r.roleName(name).policyName(policyName)).policyDocument();
            inline.put(policyName, PolicyDocuments.parse(document));
        }
        Set<String> managed = iam.listAttachedRolePoliciesPaginator(r -> r.roleName(name))
                .attachedPolicies().stream().map(p -> p.policyArn()).collect(Collectors.toCollection(TreeSet::new));
        return new Live(role.roleName(), role.arn(), role.description(),
                PolicyDocuments.parse(role.assumeRolePolicyDocument()), inline, managed,
                tags == null ? tags(role) : tags);
    }

    /**
     * ListRoles (paginated; IAM has no name filter, and its answer carries no tags) narrowed to the
     * environment's name prefix and to names the configuration no longer has; then GetRole per
     * candidate for its tags, and for the roles tagged as this environment's the policies a live
     * view holds. The account-wide roles (no Environment tag) are never orphans.
     */
    @Override
    public List<Live> listOrphans(Ownership owner, SharedReads reads) {
        List<Live> orphans = new ArrayList<>();
        for (Role listed : iam.listRolesPaginator().roles()) {
            String name = listed.roleName();
            if (name == null || !name.startsWith(owner.namePrefix()) || owner.knownNames().contains(name)) {
                continue;
            }
            try {
                Optional<Role> role = role(name);
                if (role.isEmpty()) {
                    continue;
                }
                Map<String, String> tags = tags(role.get());
                if (owner.owns(tags)) {
                    orphans.add(live(role.get(), tags));
                }
            } catch (NoSuchEntityException e) {
                // Deleted since the listing: nothing left to delete.
            }
        }
        return orphans;
    }

    /** A removed function's execution role goes with it; delete empties it of its policies first. */
    @Override
    public DeletionPolicy orphanPolicy() {
        return DeletionPolicy.DELETE;
    }

    /** GetRole returns the role's tags; an older emulator may not, so fall back to ListRoleTags. */
    private Map<String, String> tags(Role role) {
        List<Tag> tags = role.hasTags() ? role.tags()
                : iam.listRoleTagsPaginator(r -> r.roleName(role.roleName())).tags().stream().toList();
        Map<String, String> map = new TreeMap<>();
        tags.forEach(t -> map.put(t.key(), t.value()));
        return map;
    }

    @Override
    public List<AttributeChange> diff(IamRoleSpec desired, Live live) {
        List<AttributeChange> changes = new ArrayList<>();
        if (!PolicyDocuments.equivalent(desired.trustPolicy(), live.trustPolicy())) {
            changes.add(AttributeChange.of("trustPolicy", live.trustPolicy(), desired.trustPolicy()));
        }
        if (!Objects.equals(emptyToNull(desired.description()), emptyToNull(live.description()))) {
            changes.add(AttributeChange.of("description", live.description(), desired.description()));
        }
        Set<String> names = new TreeSet<>(desired.inlinePolicies().keySet());
        names.addAll(live.inlinePolicies().keySet());
        for (String name : names) {
            ObjectNode want = desired.inlinePolicies().get(name);
            JsonNode have = live.inlinePolicies().get(name);
            if (want == null || have == null || !PolicyDocuments.equivalent(want, have)) {
                changes.add(AttributeChange.of("inlinePolicies." + name, have, want));
            }
        }
        Set<String> wantManaged = new TreeSet<>(desired.managedPolicyArns());
        if (!wantManaged.equals(live.managedPolicyArns())) {
            changes.add(AttributeChange.of("managedPolicyArns", new TreeSet<>(live.managedPolicyArns()), wantManaged));
        }
        changes.addAll(TagDiff.diff(desired.tags(), live.tags()));
        return changes;
    }

    @Override
    public Optional<String> appliedSpecHash(Live live) {
        return live.specHashTag();
    }

    @Override
    public Live create(IamRoleSpec desired, HandlerContext ctx) {
        try {
            iam.createRole(r -> r.roleName(desired.name())
                    .description(desired.description())
                    .assumeRolePolicyDocument(PolicyDocuments.toJson(desired.trustPolicy()))
                    .tags(toTags(ctx.tagsToWrite(desired.tags()))));
        } catch (EntityAlreadyExistsException e) {
            // Created by a run that stopped before finishing: adopt it and reconcile.
            Live existing = read(desired, ctx).orElseThrow(() -> e);
            return update(desired, existing, diff(desired, existing), ctx);
        }
        desired.inlinePolicies().forEach((name, document) -> putPolicy(desired.name(), name, document));
        desired.managedPolicyArns().forEach(arn -> iam.attachRolePolicy(r -> r.roleName(desired.name()).policyArn(arn)));
        return read(desired, ctx).orElseThrow(() -> new IllegalStateException("role " + desired.name()
                + " was created but cannot be read back"));
    }

    @Override
    public Live update(IamRoleSpec desired, Live live, List<AttributeChange> changes, HandlerContext ctx) {
        String role = desired.name();
        for (AttributeChange change : changes) {
            String path = change.path();
            if (path.equals("trustPolicy")) {
                iam.updateAssumeRolePolicy(r -> r.roleName(role).policyDocument(PolicyDocuments.toJson(desired.trustPolicy())));
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
                want.stream().filter(arn -> !live.managedPolicyArns().contains(arn))
                        .forEach(arn -> iam.attachRolePolicy(r -> r.roleName(role).policyArn(arn)));
                live.managedPolicyArns().stream().filter(arn -> !want.contains(arn))
                        .forEach(arn -> iam.detachRolePolicy(r -> r.roleName(role).policyArn(arn)));
            }
        }
        Map<String, String> tags = ctx.tagsToWrite(desired.tags());
        iam.tagRole(r -> r.roleName(role).tags(toTags(tags)));
        Map<String, JsonNode> inline = new LinkedHashMap<>(desired.inlinePolicies());
        return new Live(live.name(), live.arn(), desired.description(), desired.trustPolicy(), inline,
                Set.copyOf(desired.managedPolicyArns()), TagDiff.afterWrite(live.tags(), tags));
    }

    @Override
    public DeleteResult delete(Live live, DeletionPolicy policy, HandlerContext ctx) {
        if (policy == DeletionPolicy.RETAIN) {
            return DeleteResult.retained(live.name());
        }
        String role = live.name();
        try {
            // IAM refuses to delete a role that still has policies.
            iam.listRolePoliciesPaginator(r -> r.roleName(role)).policyNames()
                    .forEach(name -> iam.deleteRolePolicy(r -> r.roleName(role).policyName(name)));
            iam.listAttachedRolePoliciesPaginator(r -> r.roleName(role)).attachedPolicies()
                    .forEach(p -> iam.detachRolePolicy(r -> r.roleName(role).policyArn(p.policyArn())));
            iam.deleteRole(r -> r.roleName(role));
        } catch (NoSuchEntityException e) {
            // Already gone.
        }
        return DeleteResult.deleted();
    }

    @Override
    public Outputs outputs(Live live) {
        return Outputs.of("name", live.name(), "arn", live.arn());
    }

    private void putPolicy(String role, String name, JsonNode document) {
        iam.putRolePolicy(r -> r.roleName(role).policyName(name).policyDocument(PolicyDocuments.toJson(document)));
    }

    private static List<Tag> toTags(Map<String, String> tags) {
        return tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}

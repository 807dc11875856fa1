package dev.tapctl.resources.iam;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tapctl.aws.PolicyDocuments;
import dev.tapctl.engine.spi.Ownership;
import dev.tapctl.engine.spi.SharedReads;
import dev.tapctl.resources.iam.IamRoleHandler.Live;
import dev.tapctl.resources.support.Missing;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.EntityType;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.RoleDetail;
import software.amazon.awssdk.services.iam.model.Tag;

/**
 * How a role is found and read: by its own calls (GetRole and its policies) outside a plan, from
 * two account-wide listings shared by every role read and the orphan listing within one.
 */
final class IamRoleReads {
    /** Shared-read keys: each listing is account-wide, so the key has no other input. */
    private static final String AUTHORIZATION_DETAILS = "iam:GetAccountAuthorizationDetails:Role";

    private static final String LIST_ROLES = "iam:ListRoles";
    /** IAM's largest page (MaxItems) for both listings. */
    private static final int PAGE = 1000;

    private final IamClient iam;

    IamRoleReads(IamClient iam) {
        this.iam = iam;
    }

    /** The role named {@code name}: from the plan's shared listings during a plan, its own calls otherwise. */
    Optional<Live> read(String name, SharedReads reads) {
        if (!reads.shared()) {
            return role(name).map(this::live);
        }
        RoleDetail detail = authorizationDetails(reads).get(name);
        if (detail == null) {
            return Optional.empty();
        }
        return fromListings(detail, listedRoles(reads));
    }

    /** The environment's roles the configuration no longer has (see IamRoleHandler#listOrphans). */
    List<Live> orphans(Ownership owner, SharedReads reads) {
        Map<String, RoleDetail> details = authorizationDetails(reads);
        Map<String, Role> listed = listedRoles(reads);
        return details.values().stream()
                .filter(detail -> candidate(detail.roleName(), owner) && owner.owns(toMap(detail.tags())))
                .sorted(Comparator.comparing(RoleDetail::roleName))
                .flatMap(detail -> fromListings(detail, listed).stream())
                .toList();
    }

    /** GetRole; empty when there is no such role. */
    Optional<Role> role(String name) {
        return Missing.orEmpty(() -> iam.getRole(r -> r.roleName(name)).role(), NoSuchEntityException.class);
    }

    /**
     * The live view of a role GetRole returned: its inline policies (ListRolePolicies, then
     * GetRolePolicy each), its attached policies and its tags.
     */
    Live live(Role role) {
        String name = role.roleName();
        Map<String, JsonNode> inline = new TreeMap<>();
        for (String policyName :
                iam.listRolePoliciesPaginator(r -> r.roleName(name)).policyNames()) {
            String document = iam.getRolePolicy(r -> r.roleName(name).policyName(policyName))
                    .policyDocument();
            inline.put(policyName, PolicyDocuments.parse(document));
        }
        Set<String> managed = iam.listAttachedRolePoliciesPaginator(r -> r.roleName(name)).attachedPolicies().stream()
                .map(AttachedPolicy::policyArn)
                .collect(Collectors.toCollection(TreeSet::new));
        return new Live(
                role.roleName(),
                role.arn(),
                role.description(),
                PolicyDocuments.parse(role.assumeRolePolicyDocument()),
                inline,
                managed,
                tags(role));
    }

    /**
     * The live view of a role from the account-wide listings: everything but the description from
     * GetAccountAuthorizationDetails, the description from ListRoles. Empty when ListRoles did not
     * have the role and GetRole no longer finds it (deleted since the first listing).
     */
    private Optional<Live> fromListings(RoleDetail detail, Map<String, Role> listed) {
        return listedOrFresh(detail.roleName(), listed).map(role -> live(detail, role.description()));
    }

    /**
     * The role as ListRoles saw it; GetRole when that listing was taken before the role was
     * created (the two listings are not one snapshot).
     */
    private Optional<Role> listedOrFresh(String name, Map<String, Role> listed) {
        Role role = listed.get(name);
        return role != null ? Optional.of(role) : role(name);
    }

    /** The same fields the role's own calls give, so a role read either way is an equal Live. */
    private static Live live(RoleDetail detail, String description) {
        Map<String, JsonNode> inline = new TreeMap<>();
        detail.rolePolicyList().forEach(p -> inline.put(p.policyName(), PolicyDocuments.parse(p.policyDocument())));
        Set<String> managed = detail.attachedManagedPolicies().stream()
                .map(AttachedPolicy::policyArn)
                .collect(Collectors.toCollection(TreeSet::new));
        return new Live(
                detail.roleName(),
                detail.arn(),
                description,
                PolicyDocuments.parse(detail.assumeRolePolicyDocument()),
                inline,
                managed,
                toMap(detail.tags()));
    }

    /**
     * Every role of the account with its policies and tags, by name: GetAccountAuthorizationDetails
     * with Filter=Role, once per plan. Its documents are URL-encoded like GetRole's (RFC 3986);
     * {@link PolicyDocuments#parse} reads them encoded or plain.
     */
    private Map<String, RoleDetail> authorizationDetails(SharedReads reads) {
        return reads.get(
                AUTHORIZATION_DETAILS,
                () -> byName(
                        iam.getAccountAuthorizationDetailsPaginator(
                                        r -> r.filter(EntityType.ROLE).maxItems(PAGE))
                                .roleDetailList(),
                        RoleDetail::roleName));
    }

    /** Every role of the account by name, for the description the other listing lacks: ListRoles, once per plan. */
    private Map<String, Role> listedRoles(SharedReads reads) {
        return reads.get(
                LIST_ROLES,
                () -> byName(iam.listRolesPaginator(r -> r.maxItems(PAGE)).roles(), Role::roleName));
    }

    /**
     * An immutable index of a listing. Role names are unique in an account; should a role appear
     * on two pages (the account changed while paging), the later page is the newer answer.
     */
    private static <T> Map<String, T> byName(Iterable<T> listing, Function<T, String> name) {
        return StreamSupport.stream(listing.spliterator(), false)
                .collect(Collectors.toUnmodifiableMap(name, item -> item, (earlier, later) -> later));
    }

    /** Named like this environment's roles, and not one the configuration still has. */
    private static boolean candidate(String name, Ownership owner) {
        return name != null
                && name.startsWith(owner.namePrefix())
                && !owner.knownNames().contains(name);
    }

    /** GetRole returns the role's tags; an older emulator may not, so fall back to ListRoleTags. */
    private Map<String, String> tags(Role role) {
        return toMap(
                role.hasTags()
                        ? role.tags()
                        : iam.listRoleTagsPaginator(r -> r.roleName(role.roleName())).tags().stream()
                                .toList());
    }

    private static Map<String, String> toMap(List<Tag> tags) {
        Map<String, String> map = new TreeMap<>();
        tags.forEach(t -> map.put(t.key(), t.value()));
        return map;
    }
}

package dev.tapctl.resources.iam;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tapctl.aws.PolicyDocuments;
import dev.tapctl.engine.spi.EnvironmentListing;
import dev.tapctl.engine.spi.Ownership;
import dev.tapctl.engine.spi.ReadsAtOnce;
import dev.tapctl.engine.spi.ReadsAtOnce.Pending;
import dev.tapctl.engine.spi.SharedReads;
import dev.tapctl.resources.iam.IamRoleHandler.Live;
import dev.tapctl.resources.support.Missing;
import dev.tapctl.resources.support.SdkTags;
import dev.tapctl.stack.spec.IamRoleSpec;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.Tag;

/**
 * How a role is found and read: by its name, with its own calls, and the environment's roles
 * (for orphans) by their path. No read lists the account's roles: what a plan costs must not grow
 * with roles tapctl does not own.
 */
final class IamRoleReads {
    /** IAM's largest page (MaxItems) for ListRoles. */
    private static final int PAGE = 1000;

    private final IamClient iam;

    IamRoleReads(IamClient iam) {
        this.iam = iam;
    }

    /**
     * The role named {@code name}, wherever its path is (a role still at {@code /} is found to be
     * moved). GetRole, ListRolePolicies and ListAttachedRolePolicies need only the name, so a plan
     * makes them at once, then every GetRolePolicy at once: two rounds of calls, not four.
     */
    Optional<Live> read(String name, ReadsAtOnce atOnce) {
        Pending<Optional<Role>> role = atOnce.start(() -> role(name));
        Pending<List<String>> policyNames = atOnce.start(
                () -> List.copyOf(iam.listRolePoliciesPaginator(r -> r.roleName(name)).policyNames().stream()
                        .toList()));
        Pending<Set<String>> managed = atOnce.start(() ->
                Set.copyOf(iam.listAttachedRolePoliciesPaginator(r -> r.roleName(name)).attachedPolicies().stream()
                        .map(AttachedPolicy::policyArn)
                        .toList()));
        return role.get().flatMap(found -> live(found, policyNames, managed, atOnce));
    }

    /**
     * The environment's roles the configuration no longer has (see IamRoleHandler#listOrphans):
     * ListRoles with the environment's path as PathPrefix, which answers only roles under it. Its
     * answer carries no tags ("IAM resource-listing operations return a subset of the available
     * attributes ... does not return ... Tags", IAM API Reference, ListRoles,
     * https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListRoles.html), so each candidate,
     * a role under the path the configuration no longer has, is read by name. A drift run over
     * several environments of the project lists the project's path {@code /tapctl/<project>/}
     * once for all of them.
     */
    List<Live> orphans(Ownership owner, SharedReads reads) {
        return reads
                .environment(new EnvironmentListing<Role>(
                        "iam:ListRoles",
                        owner.project(),
                        owner.env(),
                        envs -> rolesUnder(
                                envs.size() == 1
                                        ? IamRoleSpec.environmentPath(
                                                owner.project(), envs.iterator().next())
                                        : IamRoleSpec.projectPath(owner.project())),
                        (role, env) -> role.path() != null
                                && role.path().startsWith(IamRoleSpec.environmentPath(owner.project(), env))))
                .stream()
                .map(Role::roleName)
                .filter(name -> name != null && !owner.knownNames().contains(name))
                .sorted(Comparator.naturalOrder())
                // Gone since the listing: nothing left to delete.
                .flatMap(name -> read(name, ReadsAtOnce.NONE).stream())
                .filter(live -> owner.owns(live.tags()))
                .toList();
    }

    /** ListRoles of the roles whose path starts with {@code path}: an environment's, or (drift) its project's. */
    private List<Role> rolesUnder(String path) {
        return List.copyOf(iam.listRolesPaginator(r -> r.pathPrefix(path).maxItems(PAGE)).roles().stream()
                .toList());
    }

    /** GetRole; empty when there is no such role. */
    Optional<Role> role(String name) {
        return Missing.orEmpty(() -> iam.getRole(r -> r.roleName(name)).role(), NoSuchEntityException.class);
    }

    /**
     * The live view of a role GetRole returned: its inline policies (their names, then
     * GetRolePolicy each), its attached policies and its tags. Empty when the role went meanwhile.
     */
    private Optional<Live> live(
            Role role, Pending<List<String>> policyNames, Pending<Set<String>> managed, ReadsAtOnce atOnce) {
        return Missing.orEmpty(() -> liveOf(role, policyNames, managed, atOnce), NoSuchEntityException.class);
    }

    private Live liveOf(
            Role role, Pending<List<String>> policyNames, Pending<Set<String>> managed, ReadsAtOnce atOnce) {
        String name = role.roleName();
        List<String> names = policyNames.get();
        List<String> documents = atOnce.all(names.stream()
                .<Supplier<String>>map(policyName ->
                        () -> iam.getRolePolicy(r -> r.roleName(name).policyName(policyName))
                                .policyDocument())
                .toList());
        Map<String, JsonNode> inline = new TreeMap<>();
        for (int i = 0; i < names.size(); i++) {
            inline.put(names.get(i), PolicyDocuments.parse(documents.get(i)));
        }
        return new Live(
                role.roleName(),
                role.path() == null ? IamRoleSpec.ROOT_PATH : role.path(),
                role.arn(),
                role.description(),
                PolicyDocuments.parse(role.assumeRolePolicyDocument()),
                inline,
                new TreeSet<>(managed.get()),
                tags(role));
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
        return SdkTags.toMap(tags, Tag::key, Tag::value);
    }
}

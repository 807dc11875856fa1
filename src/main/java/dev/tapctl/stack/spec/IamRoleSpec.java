package dev.tapctl.stack.spec;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tapctl.engine.spi.OutputKey;
import dev.tapctl.engine.spi.Tags;
import java.util.List;
import java.util.Map;

/**
 * An IAM role with its path, its trust policy, its inline policies by name and the managed
 * policies attached to it. tapctl owns all three sets: anything else found on the role is drift.
 *
 * <p>An environment's roles live under {@code /tapctl/<project>/<env>/}, so that a plan lists
 * them with one {@code ListRoles(PathPrefix)} whose answer grows only with the environment, never
 * with the rest of the account. IAM cannot move a role to another path (UpdateRole has no path:
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateRole.html),
 * so a role found elsewhere is replaced. A role without an environment (account-wide, shared by
 * every environment of the project) stays at {@code /}.
 */
public record IamRoleSpec(
        String name,
        String path,
        String description,
        ObjectNode trustPolicy,
        Map<String, ObjectNode> inlinePolicies,
        List<String> managedPolicyArns,
        Map<String, String> tags) {
    // Outputs of this kind: the handler writes them, dependants read them.
    public static final OutputKey<IamRoleSpec> NAME = OutputKey.of("name");
    public static final OutputKey<IamRoleSpec> ARN = OutputKey.of("arn");

    /** IAM's default path, where roles made without one are. */
    public static final String ROOT_PATH = "/";

    public IamRoleSpec {
        inlinePolicies = Map.copyOf(inlinePolicies);
        managedPolicyArns = List.copyOf(managedPolicyArns);
        tags = Map.copyOf(tags);
    }

    /** A role at the path its ownership tags give it (see {@link #pathFor}). */
    public IamRoleSpec(
            String name,
            String description,
            ObjectNode trustPolicy,
            Map<String, ObjectNode> inlinePolicies,
            List<String> managedPolicyArns,
            Map<String, String> tags) {
        this(name, pathFor(tags), description, trustPolicy, inlinePolicies, managedPolicyArns, tags);
    }

    /** {@code /tapctl/<project>/<env>/}: where every role of one environment is. */
    public static String environmentPath(String project, String env) {
        return "/tapctl/" + project + "/" + env + "/";
    }

    /** {@code /tapctl/<project>/}: what every environment's path of the project starts with. */
    public static String projectPath(String project) {
        return "/tapctl/" + project + "/";
    }

    /** The environment's path for a role tagged with a project and an environment; {@code /} otherwise. */
    public static String pathFor(Map<String, String> tags) {
        String project = tags.get(Tags.PROJECT);
        String env = tags.get(Tags.ENVIRONMENT);
        return project == null || env == null ? ROOT_PATH : environmentPath(project, env);
    }
}

package dev.tapctl.resources;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tapctl.aws.EnvironmentLock;
import dev.tapctl.config.TapConfig;
import dev.tapctl.stack.PolicyResources;
import dev.tapctl.stack.PolicyScope;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The least-privilege IAM policy that plan, apply and destroy of one environment need: the actions
 * of {@link DeployerActions}, one statement per kind of resource they are scoped to, on that
 * environment's ARNs. Sorted throughout, so the same environment always prints the same document.
 */
public final class DeployerPolicy {
    private final Map<PolicyScope, SortedSet<String>> actionsByScope;
    private final PolicyResources resources;

    private DeployerPolicy(Map<PolicyScope, SortedSet<String>> actionsByScope, PolicyResources resources) {
        this.actionsByScope = actionsByScope;
        this.resources = resources;
    }

    /** The policy of {@code config}'s environment in {@code account}. */
    public static DeployerPolicy of(TapConfig config, String account) {
        Map<PolicyScope, SortedSet<String>> byScope = new EnumMap<>(PolicyScope.class);
        for (DeployerActions.Grant grant : DeployerActions.all()) {
            byScope.computeIfAbsent(grant.scope(), s -> new TreeSet<>()).addAll(grant.actions());
        }
        return new DeployerPolicy(byScope, PolicyResources.of(config, account, EnvironmentLock.TABLE));
    }

    /** Every action the policy grants, on whatever resource. */
    public SortedSet<String> actions() {
        return actionsByScope.values().stream()
                .flatMap(SortedSet::stream)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** The resources {@code action} is granted on (empty if it is not granted). */
    public SortedSet<String> resourcesOf(String action) {
        return actionsByScope.entrySet().stream()
                .filter(e -> e.getValue().contains(action))
                .flatMap(e -> resources.arns(e.getKey()).stream())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** Every resource ARN (or pattern) the policy names. */
    public SortedSet<String> resources() {
        return actionsByScope.keySet().stream()
                .flatMap(scope -> resources.arns(scope).stream())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** The policy document, {@code Version 2012-10-17}, pretty-printed. */
    public String json() {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        ObjectNode document = nodes.objectNode();
        document.put("Version", "2012-10-17");
        ArrayNode statements = document.putArray("Statement");
        actionsByScope.entrySet().stream()
                .map(e -> statement(nodes, e.getKey(), e.getValue()))
                .sorted((a, b) -> a.get("Sid").asText().compareTo(b.get("Sid").asText()))
                .forEach(statements::add);
        try {
            return JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValueAsString(document);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a policy document of strings is always JSON", e);
        }
    }

    private ObjectNode statement(JsonNodeFactory nodes, PolicyScope scope, SortedSet<String> actions) {
        ObjectNode statement = nodes.objectNode();
        statement.put("Sid", sid(scope));
        statement.put("Effect", "Allow");
        ArrayNode actionList = statement.putArray("Action");
        actions.forEach(actionList::add);
        ArrayNode resourceList = statement.putArray("Resource");
        new TreeSet<>(resources.arns(scope)).forEach(resourceList::add);
        return statement;
    }

    /** {@code LOG_GROUPS} becomes {@code LogGroups}: Sids are alphanumeric. */
    private static String sid(PolicyScope scope) {
        if (scope == PolicyScope.ANY) {
            return "NoResourceType";
        }
        return List.of(scope.name().split("_")).stream()
                .map(word -> word.charAt(0) + word.substring(1).toLowerCase(java.util.Locale.ROOT))
                .collect(Collectors.joining())
                .replace("Ec2", "EC2");
    }
}

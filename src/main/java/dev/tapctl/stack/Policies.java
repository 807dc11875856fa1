package dev.tapctl.stack;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/** Builds IAM and key policy documents as JSON objects (what plan JSON shows and AWS stores). */
public final class Policies {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private Policies() {}

    public static ObjectNode document(ObjectNode... statements) {
        ObjectNode doc = JSON.objectNode();
        doc.put("Version", "2012-10-17");
        ArrayNode list = doc.putArray("Statement");
        for (ObjectNode statement : statements) {
            list.add(statement);
        }
        return doc;
    }

    /** An Allow statement for exact actions on exact resources. */
    public static ObjectNode allow(String sid, List<String> actions, List<String> resources) {
        ObjectNode statement = JSON.objectNode();
        statement.put("Sid", sid);
        statement.put("Effect", "Allow");
        statement.set("Action", strings(actions));
        statement.set("Resource", strings(resources));
        return statement;
    }

    /** An Allow statement for a principal ({@code AWS} or {@code Service}), as in trust and key policies. */
    public static ObjectNode allowPrincipal(
            String sid, String principalType, String principal, List<String> actions, List<String> resources) {
        ObjectNode statement = JSON.objectNode();
        statement.put("Sid", sid);
        statement.put("Effect", "Allow");
        statement.putObject("Principal").put(principalType, principal);
        statement.set("Action", strings(actions));
        if (!resources.isEmpty()) {
            statement.set("Resource", strings(resources));
        }
        return statement;
    }

    /** A Deny of {@code action} for every principal on {@code resources}; narrowed by a condition. */
    public static ObjectNode denyAll(String sid, String action, List<String> resources) {
        ObjectNode statement = JSON.objectNode();
        statement.put("Sid", sid);
        statement.put("Effect", "Deny");
        statement.put("Principal", "*");
        statement.put("Action", action);
        statement.set("Resource", strings(resources));
        return statement;
    }

    /** Adds {@code "Condition": {operator: {key: value}}} entries to a statement. */
    public static ObjectNode withCondition(ObjectNode statement, String operator, Map<String, List<String>> values) {
        ObjectNode condition =
                statement.has("Condition") ? (ObjectNode) statement.get("Condition") : statement.putObject("Condition");
        ObjectNode byOperator = condition.putObject(operator);
        values.forEach((key, list) -> byOperator.set(key, strings(list)));
        return statement;
    }

    private static ArrayNode strings(List<String> values) {
        ArrayNode array = JSON.arrayNode();
        values.forEach(array::add);
        return array;
    }
}

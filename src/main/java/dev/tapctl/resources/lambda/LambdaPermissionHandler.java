package dev.tapctl.resources.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tapctl.aws.PolicyDocuments;
import dev.tapctl.engine.spi.AttributeChange;
import dev.tapctl.engine.spi.DeleteResult;
import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.HandlerContext;
import dev.tapctl.engine.spi.ReadsUpstreamOutputs;
import dev.tapctl.engine.spi.Unknown;
import dev.tapctl.engine.spi.Untagged;
import dev.tapctl.resources.support.AwsResourceHandler;
import dev.tapctl.resources.support.Diff;
import dev.tapctl.resources.support.Missing;
import dev.tapctl.stack.Kinds;
import dev.tapctl.stack.spec.LambdaPermissionSpec;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.ResourceConflictException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/**
 * One statement of a function's resource policy, found by its statement id. AWS can neither tag
 * nor modify a statement: any difference is made by removing it and adding it again, and the
 * engine cannot record a spec hash on it.
 */
public final class LambdaPermissionHandler
        extends AwsResourceHandler<LambdaPermissionSpec, LambdaPermissionHandler.Live>
        implements Untagged,
                // Read once upstream outputs are known: the permission is a statement of the policy of its function,
                // named by the function's output.
                ReadsUpstreamOutputs<LambdaPermissionSpec> {

    /**
     * {@code principal} is the service or account as AddPermission takes it (the policy's
     * {@code Principal.Service} or {@code Principal.AWS}); {@code sourceArn} is null when the
     * statement has no {@code ArnLike AWS:SourceArn} condition.
     */
    public record Live(String functionName, String statementId, String action, String principal, String sourceArn) {}

    /** Lambda stores an account principal as the account's root ARN. */
    private static final Pattern ACCOUNT_ROOT = Pattern.compile("^arn:aws[a-z-]*:iam::(\\d{12}):root$");

    private final LambdaClient lambda;

    public LambdaPermissionHandler(LambdaClient lambda) {
        super(Kinds.LAMBDA_PERMISSION);
        this.lambda = lambda;
    }

    @Override
    public Object readsBy(LambdaPermissionSpec spec) {
        // The function's policy, and its statement by id; the source ARN is compared, not looked up by.
        return List.of(spec.functionName(), spec.statementId());
    }

    @Override
    public Optional<Live> read(LambdaPermissionSpec desired, HandlerContext ctx) {
        if (Unknown.isUnknown(desired.functionName()) || Unknown.isUnknown(desired.statementId())) {
            // The function does not exist yet, so neither can its policy.
            return Optional.empty();
        }
        // NotFound: no function, or a function with no resource policy at all.
        return Missing.orEmpty(
                        () -> lambda.getPolicy(r -> r.functionName(desired.functionName()))
                                .policy(),
                        ResourceNotFoundException.class)
                .flatMap(policy -> statement(desired, policy));
    }

    /** The statement of {@code policy} whose Sid is the spec's statement id. */
    private static Optional<Live> statement(LambdaPermissionSpec desired, String policy) {
        JsonNode statements = PolicyDocuments.parse(policy).path("Statement");
        Iterator<JsonNode> each = statements.isArray()
                ? statements.elements()
                : List.of(statements).iterator();
        while (each.hasNext()) {
            JsonNode statement = each.next();
            if (desired.statementId().equals(statement.path("Sid").asText(null))) {
                return Optional.of(new Live(
                        desired.functionName(),
                        desired.statementId(),
                        text(statement.get("Action")),
                        principal(statement.get("Principal")),
                        sourceArn(statement.get("Condition"))));
            }
        }
        return Optional.empty();
    }

    @Override
    public List<AttributeChange> diff(LambdaPermissionSpec desired, Live live) {
        return Diff.of(desired, live)
                .replacingFields("action")
                .replacing(
                        "principal",
                        LambdaPermissionSpec::principal,
                        Live::principal,
                        (want, have) -> Objects.equals(accountOf(want), accountOf(have)))
                .replacingFields("sourceArn")
                .changes();
    }

    @Override
    protected Live createKnown(LambdaPermissionSpec desired, HandlerContext ctx) {
        try {
            add(desired);
        } catch (ResourceConflictException e) {
            // The statement id is taken: by this very statement (a run that stopped after adding
            // it), or by an older version of it, which is replaced.
            Live existing = read(desired, ctx).orElseThrow(() -> e);
            if (diff(desired, existing).isEmpty()) {
                return existing;
            }
            remove(existing);
            add(desired);
        }
        return expected(desired);
    }

    /** Statements cannot be modified: any change is a remove and an add under the same id. */
    @Override
    protected Live updateKnown(
            LambdaPermissionSpec desired, Live live, List<AttributeChange> changes, HandlerContext ctx) {
        if (changes.isEmpty()) {
            return live;
        }
        remove(live);
        add(desired);
        return expected(desired);
    }

    @Override
    public DeleteResult delete(Live live, DeletionPolicy policy, HandlerContext ctx) {
        remove(live);
        return DeleteResult.deleted();
    }

    private void add(LambdaPermissionSpec desired) {
        lambda.addPermission(r -> r.functionName(desired.functionName())
                .statementId(desired.statementId())
                .action(desired.action())
                .principal(desired.principal())
                .sourceArn(desired.sourceArn()));
    }

    private void remove(Live live) {
        // NotFound: the statement (or the whole function) is already gone.
        Missing.ok(
                () -> lambda.removePermission(
                        r -> r.functionName(live.functionName()).statementId(live.statementId())),
                ResourceNotFoundException.class);
    }

    private static Live expected(LambdaPermissionSpec desired) {
        return new Live(
                desired.functionName(),
                desired.statementId(),
                desired.action(),
                desired.principal(),
                desired.sourceArn());
    }

    /** "*", {"Service": "..."} or {"AWS": "..."}, as AddPermission's Principal parameter. */
    private static String principal(JsonNode principal) {
        if (principal == null || principal.isNull()) {
            return null;
        }
        if (principal.isTextual()) {
            return principal.asText();
        }
        for (String key : List.of("Service", "AWS")) {
            if (principal.has(key)) {
                return text(principal.get(key));
            }
        }
        return principal.toString();
    }

    /** Condition {"ArnLike": {"AWS:SourceArn": ...}}; condition keys are case-insensitive in IAM. */
    private static String sourceArn(JsonNode condition) {
        if (condition == null || !condition.isObject()) {
            return null;
        }
        for (Iterator<Map.Entry<String, JsonNode>> operators = condition.fields(); operators.hasNext(); ) {
            Map.Entry<String, JsonNode> operator = operators.next();
            if (!operator.getKey().equalsIgnoreCase("ArnLike")) {
                continue;
            }
            for (Iterator<Map.Entry<String, JsonNode>> keys =
                            operator.getValue().fields();
                    keys.hasNext(); ) {
                Map.Entry<String, JsonNode> key = keys.next();
                if (key.getKey().equalsIgnoreCase("AWS:SourceArn")) {
                    return text(key.getValue());
                }
            }
        }
        return null;
    }

    /** A one-item list and a string mean the same in a policy. */
    private static String text(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isArray() && node.size() == 1) {
            return node.get(0).asText();
        }
        return node.isValueNode() ? node.asText() : node.toString();
    }

    /** An account id and its root ARN name the same principal. */
    private static String accountOf(String principal) {
        if (principal == null) {
            return null;
        }
        Matcher root = ACCOUNT_ROOT.matcher(principal);
        return root.matches() ? root.group(1) : principal;
    }
}

package dev.tapctl.stack;

import static dev.tapctl.stack.Policies.allow;
import static dev.tapctl.stack.Policies.allowPrincipal;
import static dev.tapctl.stack.Policies.document;
import static dev.tapctl.stack.Policies.withCondition;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tapctl.config.TapConfig;
import dev.tapctl.engine.spi.Ref;
import dev.tapctl.stack.spec.FunctionSpec;
import dev.tapctl.stack.spec.IamRoleSpec;
import dev.tapctl.stack.spec.KmsKeySpec;
import dev.tapctl.stack.spec.LogGroupSpec;
import dev.tapctl.stack.spec.QueueSpec;
import dev.tapctl.stack.spec.TableSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** Each configured function with its own dead-letter queue, log group and least-privilege role. */
final class FunctionLayer {
    /** 14 days, SQS's maximum: a failed event is kept as long as it can be. */
    private static final int DLQ_RETENTION_SECONDS = 1_209_600;
    /** Lambda writes JSON log lines, so that log levels apply. */
    private static final String LOG_FORMAT = "JSON";

    private static final String SYSTEM_LOG_LEVEL = "WARN";

    /** A function and its dead-letter queue, as the API and the alarms use them. */
    record FunctionRefs(Ref<FunctionSpec> function, Ref<QueueSpec> dlq) {}

    /** The functions by configured name, in name order. */
    record Refs(Map<String, FunctionRefs> byName) {
        Refs {
            byName = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(byName));
        }

        FunctionRefs of(String name) {
            FunctionRefs function = byName.get(name);
            if (function == null) {
                throw new IllegalArgumentException("no function " + name);
            }
            return function;
        }
    }

    private final LayerContext context;
    private final TapConfig config;
    private final Names names;
    private final Map<String, FunctionCode> code;
    private final Ref<KmsKeySpec> key;
    private final Ref<TableSpec> table;

    private FunctionLayer(
            LayerContext context, Map<String, FunctionCode> code, Ref<KmsKeySpec> key, Ref<TableSpec> table) {
        this.context = context;
        this.config = context.config();
        this.names = context.names();
        this.code = code;
        this.key = key;
        this.table = table;
    }

    /** {@code code} holds the bundle of every configured function; each function comes after the table it uses. */
    static Refs declare(
            LayerContext context, Map<String, FunctionCode> code, Ref<KmsKeySpec> key, Ref<TableSpec> table) {
        FunctionLayer layer = new FunctionLayer(context, code, key, table);
        Map<String, FunctionRefs> functions = new LinkedHashMap<>();
        for (String function : new TreeSet<>(context.config().functions().keySet())) {
            functions.put(
                    function,
                    layer.function(function, context.config().functions().get(function)));
        }
        return new Refs(functions);
    }

    private FunctionRefs function(String function, TapConfig.FunctionConfig fn) {
        ResourceTags tags = context.tags();
        StackBuilder stack = context.stack();
        String id = "fn." + function;
        String name = names.function(function);
        String queueName = names.functionDlq(function);
        Ref<QueueSpec> dlq = stack.add(
                id + ".dlq",
                Kinds.QUEUE,
                queueName,
                in -> new QueueSpec(
                        queueName,
                        in.get(key, KmsKeySpec.ARN),
                        DLQ_RETENTION_SECONDS,
                        tags.of(id + ".dlq", queueName)));

        String groupName = names.functionLogGroup(function);
        Ref<LogGroupSpec> logs = context.logGroup(id + ".logs", groupName, key);

        String roleName = names.functionRole(function);
        Ref<IamRoleSpec> role = stack.add(id + ".role", Kinds.IAM_ROLE, roleName, in -> {
            // Read in the order plans list the dependencies: the key, then the queue.
            String keyArn = in.get(key, KmsKeySpec.ARN);
            Arns arns = Arns.of(in);
            String groupArn = arns.logGroup(groupName);
            List<ObjectNode> statements = new ArrayList<>();
            statements.add(allow(
                    "WriteItsOwnLogs",
                    List.of("logs:CreateLogStream", "logs:PutLogEvents"),
                    List.of(groupArn, groupArn + ":log-stream:*")));
            statements.add(
                    allow("SendFailedEventsToItsDlq", List.of("sqs:SendMessage"), List.of(in.get(dlq, QueueSpec.ARN))));
            statements.add(allow("UseTheStackKey", List.of("kms:Decrypt", "kms:GenerateDataKey"), List.of(keyArn)));
            if (!fn.tableActions().isEmpty()) {
                statements.add(allow(
                        "UseTheItemsTable",
                        fn.tableActions().stream()
                                .sorted()
                                .map(action -> "dynamodb:" + action)
                                .toList(),
                        List.of(arns.table(names.table()))));
            }
            if (!fn.invokes().isEmpty()) {
                statements.add(allow(
                        "InvokeOtherFunctions",
                        List.of("lambda:InvokeFunction"),
                        fn.invokes().stream()
                                .sorted()
                                .map(target -> arns.function(names.function(target)))
                                .toList()));
            }
            ObjectNode trust = document(withCondition(
                    allowPrincipal(
                            "LambdaAssumesRole",
                            "Service",
                            "lambda.amazonaws.com",
                            List.of("sts:AssumeRole"),
                            List.of()),
                    "StringEquals",
                    Map.of("aws:SourceAccount", List.of(in.accountId()))));
            return new IamRoleSpec(
                    roleName,
                    "Execution role of " + name,
                    trust,
                    Map.of(roleName, document(statements.toArray(ObjectNode[]::new))),
                    List.of(),
                    tags.of(id + ".role", roleName));
        });

        FunctionCode bundle = code.get(function);
        // The function writes to its log group and uses the table by name: it waits for both.
        Ref<FunctionSpec> lambda = stack.declare(id, Kinds.FUNCTION, name)
                .after(logs, table)
                .spec(in -> FunctionSpec.builder()
                        .name(name)
                        .runtime(fn.runtime())
                        .handler(fn.handler())
                        .memoryMb(fn.memoryMb())
                        .timeoutSeconds(fn.timeoutSeconds())
                        .roleArn(in.get(role, IamRoleSpec.ARN))
                        .codeSha256(bundle.sha256())
                        .codeZip(bundle.zip())
                        .environment(environment(function, fn))
                        .deadLetterTargetArn(in.get(dlq, QueueSpec.ARN))
                        .logFormat(LOG_FORMAT)
                        .logGroup(groupName)
                        .applicationLogLevel(fn.logLevel())
                        .systemLogLevel(SYSTEM_LOG_LEVEL)
                        .tags(tags.of(id, name))
                        .build());
        return new FunctionRefs(lambda, dlq);
    }

    /** What tapctl tells every function, then what the configuration adds. */
    private Map<String, String> environment(String function, TapConfig.FunctionConfig fn) {
        Map<String, String> env = new TreeMap<>(fn.environment());
        env.put("TAP_ENV", config.env());
        env.put("LOG_LEVEL", fn.logLevel());
        env.put("TABLE_NAME", names.table());
        env.put("PARTITION_KEY", config.table().partitionKey().name());
        env.put("SORT_KEY", config.table().sortKey().name());
        for (String target : fn.invokes()) {
            env.put(target.toUpperCase().replace('-', '_') + "_FUNCTION_NAME", names.function(target));
        }
        if (function.equals(config.api().function())) {
            env.put("ALLOWED_ORIGINS", String.join(",", config.api().cors().allowOrigins()));
        }
        return env;
    }
}

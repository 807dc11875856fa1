package dev.tapctl.stack;

import dev.tapctl.config.TapConfig;
import dev.tapctl.engine.spi.Ref;
import dev.tapctl.stack.spec.AlarmSpec;
import dev.tapctl.stack.spec.DbInstanceSpec;
import dev.tapctl.stack.spec.KmsKeySpec;
import dev.tapctl.stack.spec.StageSpec;
import dev.tapctl.stack.spec.SubscriptionSpec;
import dev.tapctl.stack.spec.TopicSpec;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The alarm topic, its email subscriptions and an alarm on every place events get lost: each
 * DLQ's first message, each function's errors and throttles, the stage's 5XX answers, the
 * database's free storage and CPU. Each alarm comes after the topic and what it watches, so
 * destroy removes it before them.
 *
 * <p>The topic is deleted on destroy (DELETE), even though the table and bucket are kept: they
 * have no alarms, and once the functions, API and database are gone nothing is left to alarm
 * about. A kept topic would only keep mailing nobody, and the next apply makes it again.
 */
final class AlarmLayer {
    private static final int EVALUATION_PERIODS = 1;
    /** No data is not breaching: a function nobody calls is not failing, an empty queue publishes no datapoints. */
    private static final String MISSING_DATA_IS_NOT_BREACHING = "notBreaching";

    private final TapConfig config;
    private final Names names;
    private final ResourceTags tags;
    private final StackBuilder stack;
    private Ref<TopicSpec> topic;

    private AlarmLayer(LayerContext context) {
        this.config = context.config();
        this.names = context.names();
        this.tags = context.tags();
        this.stack = context.stack();
    }

    static void declare(
            LayerContext context,
            Ref<KmsKeySpec> key,
            FunctionLayer.Refs functions,
            Ref<StageSpec> stage,
            Ref<DbInstanceSpec> db) {
        new AlarmLayer(context).declare(key, functions, stage, db);
    }

    private void declare(
            Ref<KmsKeySpec> key, FunctionLayer.Refs functions, Ref<StageSpec> stage, Ref<DbInstanceSpec> db) {
        TapConfig.AlarmsConfig alarms = config.alarms();
        String topicName = names.alarmTopic();
        topic = stack.add(
                "alarms.topic",
                Kinds.TOPIC,
                topicName,
                in -> new TopicSpec(
                        topicName,
                        Arns.of(in).topic(topicName),
                        in.get(key, KmsKeySpec.ARN),
                        tags.of("alarms.topic", topicName)));
        for (int i = 0; i < alarms.email().size(); i++) {
            String address = alarms.email().get(i);
            stack.add(
                    "alarms.email." + (i + 1),
                    Kinds.TOPIC_SUBSCRIPTION,
                    address,
                    in -> new SubscriptionSpec(in.get(topic, TopicSpec.ARN), "email", address));
        }

        TapConfig.AlarmThresholds t = alarms.thresholds();
        for (String function : new TreeSet<>(functions.byName().keySet())) {
            FunctionLayer.FunctionRefs fn = functions.of(function);
            String fnId = "fn." + function;
            String name = names.function(function);
            alarm(
                    "alarms." + fnId + ".dlq",
                    "fn-" + function + "-dlq-messages",
                    fn.dlq(),
                    "Failed events of " + name + " are in its dead-letter queue " + names.functionDlq(function),
                    "AWS/SQS",
                    "ApproximateNumberOfMessagesVisible",
                    Map.of("QueueName", names.functionDlq(function)),
                    "Maximum",
                    0,
                    "GreaterThanThreshold");
            alarm(
                    "alarms." + fnId + ".errors",
                    "fn-" + function + "-errors",
                    fn.function(),
                    "Invocations of " + name + " failed (alarms.thresholds.functionErrors)",
                    "AWS/Lambda",
                    "Errors",
                    Map.of("FunctionName", name),
                    "Sum",
                    t.functionErrors(),
                    "GreaterThanOrEqualToThreshold");
            alarm(
                    "alarms." + fnId + ".throttles",
                    "fn-" + function + "-throttles",
                    fn.function(),
                    "Invocations of " + name + " were throttled (alarms.thresholds.functionThrottles)",
                    "AWS/Lambda",
                    "Throttles",
                    Map.of("FunctionName", name),
                    "Sum",
                    t.functionThrottles(),
                    "GreaterThanOrEqualToThreshold");
        }
        String apiName = names.api();
        alarm(
                "alarms.api.5xx",
                "api-5xx",
                stage,
                "Stage " + config.api().stageName() + " of " + apiName
                        + " answered 5XX (alarms.thresholds.api5xxErrors)",
                "AWS/ApiGateway",
                "5XXError",
                Map.of("ApiName", apiName, "Stage", config.api().stageName()),
                "Sum",
                t.api5xxErrors(),
                "GreaterThanOrEqualToThreshold");
        String dbName = names.db();
        alarm(
                "alarms.db.storage",
                "db-free-storage",
                db,
                "Free storage of " + dbName + " is below " + t.dbFreeStorageMb()
                        + " MiB (alarms.thresholds.dbFreeStorageMb)",
                "AWS/RDS",
                "FreeStorageSpace",
                Map.of("DBInstanceIdentifier", dbName),
                "Minimum",
                t.dbFreeStorageMb() * 1024.0 * 1024.0,
                "LessThanThreshold");
        alarm(
                "alarms.db.cpu",
                "db-cpu",
                db,
                "CPU of " + dbName + " is above " + t.dbCpuPercent() + " % (alarms.thresholds.dbCpuPercent)",
                "AWS/RDS",
                "CPUUtilization",
                Map.of("DBInstanceIdentifier", dbName),
                "Average",
                t.dbCpuPercent(),
                "GreaterThanThreshold");
    }

    /**
     * One alarm {@code <prefix>-<what>} on a metric of {@code watched}, one period of
     * alarms.periodSeconds, telling the topic. It reads nothing of {@code watched}, which it names
     * by its metric's dimensions, but comes after it.
     */
    private void alarm(
            String id,
            String what,
            Ref<?> watched,
            String description,
            String namespace,
            String metric,
            Map<String, String> dimensions,
            String statistic,
            double threshold,
            String comparison) {
        String name = names.alarm(what);
        stack.declare(id, Kinds.ALARM, name).after(watched).spec(in -> AlarmSpec.builder()
                .name(name)
                .description(description)
                .namespace(namespace)
                .metricName(metric)
                .dimensions(dimensions)
                .statistic(statistic)
                .periodSeconds(config.alarms().periodSeconds())
                .evaluationPeriods(EVALUATION_PERIODS)
                .threshold(threshold)
                .comparisonOperator(comparison)
                .treatMissingData(MISSING_DATA_IS_NOT_BREACHING)
                .alarmActions(List.of(in.get(topic, TopicSpec.ARN)))
                .tags(tags.of(id, name))
                .build());
    }
}

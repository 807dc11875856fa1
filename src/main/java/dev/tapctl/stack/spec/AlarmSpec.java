package dev.tapctl.stack.spec;

import dev.tapctl.engine.spi.OutputKey;
import io.soabase.recordbuilder.core.RecordBuilder;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A CloudWatch metric alarm on one metric of one resource: the metric (namespace, name,
 * dimensions), how a period is summed up (statistic), what breaches (comparison with the
 * threshold), and where the alarm tells it (the alarm topic).
 */
@RecordBuilder
public record AlarmSpec(
        String name,
        String description,
        String namespace,
        String metricName,
        Map<String, String> dimensions,
        String statistic,
        int periodSeconds,
        int evaluationPeriods,
        double threshold,
        String comparisonOperator,
        String treatMissingData,
        List<String> alarmActions,
        Map<String, String> tags) {
    // Outputs of this kind: the handler writes them, dependants read them.
    public static final OutputKey<AlarmSpec> NAME = OutputKey.of("name");
    public static final OutputKey<AlarmSpec> ARN = OutputKey.of("arn");

    public AlarmSpec {
        dimensions = java.util.Collections.unmodifiableMap(new TreeMap<>(dimensions));
        alarmActions = List.copyOf(alarmActions);
        tags = Map.copyOf(tags);
    }

    public static AlarmSpecBuilder builder() {
        return AlarmSpecBuilder.builder();
    }
}

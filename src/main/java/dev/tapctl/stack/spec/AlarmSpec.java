package dev.tapctl.stack.spec;

import dev.tapctl.engine.spi.OutputKey;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A CloudWatch metric alarm on one metric of one resource: the metric (namespace, name,
 * dimensions), how a period is summed up (statistic), what breaches (comparison with the
 * threshold), and where the alarm tells it (the alarm topic).
 */
public record AlarmSpec(String name, String description, String namespace, String metricName,
                        Map<String, String> dimensions, String statistic, int periodSeconds, int evaluationPeriods,
                        double threshold, String comparisonOperator, String treatMissingData,
                        List<String> alarmActions, Map<String, String> tags) {
    // Outputs of this kind: the handler writes them, dependants read them.
    public static final OutputKey<AlarmSpec> NAME = OutputKey.of("name");
    public static final OutputKey<AlarmSpec> ARN = OutputKey.of("arn");

    public AlarmSpec {
        dimensions = java.util.Collections.unmodifiableMap(new TreeMap<>(dimensions));
        alarmActions = List.copyOf(alarmActions);
        tags = Map.copyOf(tags);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Named steps for every component: a declaration reads without positional literals. */
    public static final class Builder {
        private String name;
        private String description;
        private String namespace;
        private String metricName;
        private Map<String, String> dimensions;
        private String statistic;
        private int periodSeconds;
        private int evaluationPeriods;
        private double threshold;
        private String comparisonOperator;
        private String treatMissingData;
        private List<String> alarmActions;
        private Map<String, String> tags;

        private Builder() {
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder description(String description) {
            this.description = description;
            return this;
        }

        public Builder namespace(String namespace) {
            this.namespace = namespace;
            return this;
        }

        public Builder metricName(String metricName) {
            this.metricName = metricName;
            return this;
        }

        public Builder dimensions(Map<String, String> dimensions) {
            this.dimensions = dimensions;
            return this;
        }

        public Builder statistic(String statistic) {
            this.statistic = statistic;
            return this;
        }

        public Builder periodSeconds(int periodSeconds) {
            this.periodSeconds = periodSeconds;
            return this;
        }

        public Builder evaluationPeriods(int evaluationPeriods) {
            this.evaluationPeriods = evaluationPeriods;
            return this;
        }

        public Builder threshold(double threshold) {
            this.threshold = threshold;
            return this;
        }

        public Builder comparisonOperator(String comparisonOperator) {
            this.comparisonOperator = comparisonOperator;
            return this;
        }

        public Builder treatMissingData(String treatMissingData) {
            this.treatMissingData = treatMissingData;
            return this;
        }

        public Builder alarmActions(List<String> alarmActions) {
            this.alarmActions = alarmActions;
            return this;
        }

        public Builder tags(Map<String, String> tags) {
            this.tags = tags;
            return this;
        }

        public AlarmSpec build() {
            return new AlarmSpec(name, description, namespace, metricName, dimensions, statistic, periodSeconds,
                    evaluationPeriods, threshold, comparisonOperator, treatMissingData, alarmActions, tags);
        }
    }
}

package dev.tapctl.resources.s3;

import dev.tapctl.engine.spi.Holdings;
import dev.tapctl.resources.support.Amounts;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.ScanBy;

/**
 * What a bucket holds, from its CloudWatch storage metrics (namespace AWS/S3: NumberOfObjects for
 * AllStorageTypes, BucketSizeBytes for StandardStorage), never by listing it: a listing's cost
 * grows with the bucket. S3 publishes these once a day (Amazon S3 User Guide, "Metrics and
 * dimensions": daily storage metrics), so the figures are those of the last publication; both
 * count noncurrent versions too. One GetMetricData call, over the last three days and today.
 */
record BucketHoldings(CloudWatchClient cloudwatch, Clock clock) {
    static final String FRESHNESS = "S3 publishes its storage metrics to CloudWatch once a day";
    private static final Duration LOOK_BACK = Duration.ofDays(3);
    private static final int DAY = 86_400;

    Holdings of(String bucket) {
        Instant end = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        // Started at a UTC midnight, CloudWatch's one-day periods are S3's days: each datapoint's
        // timestamp is the day it measured.
        Instant start = end.truncatedTo(ChronoUnit.DAYS).minus(LOOK_BACK);
        Map<String, Latest> latest = new LinkedHashMap<>();
        cloudwatch
                .getMetricDataPaginator(r -> r.startTime(start)
                        .endTime(end)
                        .scanBy(ScanBy.TIMESTAMP_DESCENDING)
                        .metricDataQueries(
                                query("objects", "NumberOfObjects", "AllStorageTypes", bucket),
                                query("bytes", "BucketSizeBytes", "StandardStorage", bucket)))
                .metricDataResults()
                .forEach(result -> newest(result).ifPresent(l -> latest.merge(result.id(), l, Latest::newer)));
        Latest objects = latest.get("objects");
        Latest bytes = latest.get("bytes");
        if (objects == null && bytes == null) {
            return new Holdings(
                    "no storage metrics in CloudWatch for the last three days (" + FRESHNESS + ")",
                    Map.of("freshness", FRESHNESS));
        }
        Map<String, Object> facts = new LinkedHashMap<>();
        StringBuilder summary = new StringBuilder();
        if (objects != null) {
            facts.put("objects", objects.value());
            summary.append(Amounts.count(objects.value(), "object"));
        }
        if (bytes != null) {
            facts.put("bytes", bytes.value());
            summary.append(summary.isEmpty() ? "" : ", ")
                    .append(Amounts.bytes(bytes.value()))
                    .append(" in S3 Standard");
        }
        Instant measured = (objects != null ? objects : bytes).at();
        facts.put("measuredAt", measured.toString());
        facts.put("freshness", FRESHNESS);
        summary.append(" (CloudWatch storage metrics of ")
                .append(measured)
                .append("; ")
                .append(FRESHNESS)
                .append(')');
        return new Holdings(summary.toString(), facts);
    }

    private static MetricDataQuery query(String id, String metric, String storageType, String bucket) {
        return MetricDataQuery.builder()
                .id(id)
                .returnData(true)
                .metricStat(s -> s.period(DAY).stat("Average").metric(m -> m.namespace("AWS/S3")
                        .metricName(metric)
                        .dimensions(d -> d.name("BucketName").value(bucket), d -> d.name("StorageType")
                                .value(storageType))))
                .build();
    }

    private record Latest(Instant at, long value) {
        Latest newer(Latest other) {
            return other.at.isAfter(at) ? other : this;
        }
    }

    private static Optional<Latest> newest(MetricDataResult result) {
        List<Instant> times = result.timestamps();
        List<Double> values = result.values();
        Latest newest = null;
        for (int i = 0; i < Math.min(times.size(), values.size()); i++) {
            Latest point = new Latest(times.get(i), Math.round(values.get(i)));
            newest = newest == null ? point : newest.newer(point);
        }
        return Optional.ofNullable(newest);
    }
}

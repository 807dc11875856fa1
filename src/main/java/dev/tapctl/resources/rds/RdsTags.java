package dev.tapctl.resources.rds;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.Tag;

/** RDS tags by ARN (DescribeDBSubnetGroups, unlike DescribeDBInstances, does not return them). */
final class RdsTags {
    private RdsTags() {}

    static Map<String, String> of(RdsClient rds, String arn) {
        return toMap(rds.listTagsForResource(r -> r.resourceName(arn)).tagList());
    }

    static Map<String, String> toMap(List<Tag> tags) {
        Map<String, String> map = new TreeMap<>();
        tags.forEach(t -> map.put(t.key(), t.value()));
        return map;
    }

    static List<Tag> toTags(Map<String, String> tags) {
        return tags.entrySet().stream()
                .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build())
                .toList();
    }

    static void write(RdsClient rds, String arn, Map<String, String> tags) {
        rds.addTagsToResource(r -> r.resourceName(arn).tags(toTags(tags)));
    }
}

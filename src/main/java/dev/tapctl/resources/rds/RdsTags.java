package dev.tapctl.resources.rds;

import dev.tapctl.resources.support.SdkTags;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.Tag;

/** RDS tags by ARN (DescribeDBSubnetGroups, unlike DescribeDBInstances, does not return them). */
final class RdsTags {
    private RdsTags() {}

    static Map<String, String> of(RdsClient rds, String arn) {
        return toMap(rds.listTagsForResource(r -> r.resourceName(arn)).tagList());
    }

    static Map<String, String> toMap(List<Tag> tags) {
        return SdkTags.toMap(tags, Tag::key, Tag::value);
    }

    static List<Tag> toTags(Map<String, String> tags) {
        return SdkTags.toList(
                tags, (key, value) -> Tag.builder().key(key).value(value).build());
    }

    static void write(RdsClient rds, String arn, Map<String, String> tags) {
        rds.addTagsToResource(r -> r.resourceName(arn).tags(toTags(tags)));
    }
}

package dev.tapctl.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tapctl.engine.spi.AttributeChange;
import dev.tapctl.engine.spi.Tags;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TagDiffTest {
    private static final Map<String, String> DESIRED = Map.of(
            Tags.PROJECT,
            "tap",
            Tags.ENVIRONMENT,
            "test",
            Tags.MANAGED_BY,
            "tapctl",
            Tags.LOGICAL_ID,
            "kms.key",
            "CostCenter",
            "platform");

    @Test
    void equalTagsAreNoChange() {
        assertThat(TagDiff.diff(DESIRED, DESIRED)).isEmpty();
    }

    @Test
    void aMissingDesiredTagIsReportedWithItsPath() {
        Map<String, String> live = Map.of(
                Tags.PROJECT, "tap", Tags.ENVIRONMENT, "test", Tags.MANAGED_BY, "tapctl", Tags.LOGICAL_ID, "kms.key");
        assertThat(TagDiff.diff(DESIRED, live))
                .containsExactly(AttributeChange.of("tags.CostCenter", null, "platform"));
    }

    @Test
    void aDifferentValueIsReportedBeforeAndAfter() {
        Map<String, String> live = new java.util.TreeMap<>(DESIRED);
        live.put(Tags.MANAGED_BY, "console");
        live.put("CostCenter", "finance");
        assertThat(TagDiff.diff(DESIRED, live))
                .containsExactly(
                        AttributeChange.of("tags.CostCenter", "finance", "platform"),
                        AttributeChange.of("tags.ManagedBy", "console", "tapctl"));
    }

    @Test
    void changesAreInKeyOrderAndNeverForceReplacement() {
        List<AttributeChange> changes = TagDiff.diff(DESIRED, Map.of());
        assertThat(changes)
                .extracting(AttributeChange::path)
                .containsExactly(
                        "tags.CostCenter",
                        "tags.Environment",
                        "tags.ManagedBy",
                        "tags.Project",
                        "tags.tapctl:logical-id");
        assertThat(changes).noneMatch(AttributeChange::forcesReplace);
    }

    @Test
    void tagsOthersAddedAreLeftAlone() {
        Map<String, String> live = new java.util.TreeMap<>(DESIRED);
        live.put("aws:cloudformation:stack-name", "other");
        live.put("Owner", "someone");
        assertThat(TagDiff.diff(DESIRED, live)).isEmpty();
    }

    @Test
    void theSpecHashIsTheEnginesBusiness() {
        Map<String, String> desired = new java.util.TreeMap<>(DESIRED);
        desired.put(Tags.SPEC_HASH, "new-hash");
        Map<String, String> live = new java.util.TreeMap<>(DESIRED);
        live.put(Tags.SPEC_HASH, "old-hash");

        assertThat(TagDiff.diff(desired, live)).isEmpty();
        assertThat(TagDiff.diff(desired, DESIRED)).isEmpty();
    }

    @Test
    void afterWriteKeepsOtherTagsAndOverwritesWrittenOnes() {
        Map<String, String> live = Map.of("Owner", "someone", "CostCenter", "finance", Tags.SPEC_HASH, "old");
        Map<String, String> written = Map.of("CostCenter", "platform", Tags.SPEC_HASH, "new");
        assertThat(TagDiff.afterWrite(live, written))
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("Owner", "someone", "CostCenter", "platform", Tags.SPEC_HASH, "new"));
    }

    @Test
    void touchesTagsSeesOnlyTagPaths() {
        assertThat(TagDiff.touchesTags(List.of(AttributeChange.of("policy", null, null))))
                .isFalse();
        assertThat(TagDiff.touchesTags(
                        List.of(AttributeChange.of("policy", null, null), AttributeChange.of("tags.Name", "a", "b"))))
                .isTrue();
    }
}

package dev.tapctl.resources.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kms.model.Tag;

class SdkTagsTest {

    @Test
    void aMapBecomesTheSdksTagsInKeyOrder() {
        List<Tag> tags = SdkTags.toList(
                Map.of("b", "2", "a", "1"),
                (key, value) -> Tag.builder().tagKey(key).tagValue(value).build());

        assertThat(tags)
                .containsExactly(
                        Tag.builder().tagKey("a").tagValue("1").build(),
                        Tag.builder().tagKey("b").tagValue("2").build());
    }

    @Test
    void theSdksTagsBecomeAMapInKeyOrderTheLastOfAKeyWinning() {
        Map<String, String> tags = SdkTags.toMap(
                List.of(
                        Tag.builder().tagKey("b").tagValue("2").build(),
                        Tag.builder().tagKey("a").tagValue("old").build(),
                        Tag.builder().tagKey("a").tagValue("1").build()),
                Tag::tagKey,
                Tag::tagValue);

        assertThat(tags).containsExactly(Map.entry("a", "1"), Map.entry("b", "2"));
    }
}

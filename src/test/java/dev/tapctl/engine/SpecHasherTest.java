package dev.tapctl.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SpecHasherTest {
    record Nested(String kind, Map<String, String> labels) {}

    record Sample(
            String name, int size, Map<String, String> tags, List<String> items, Nested nested, ObjectNode policy) {}

    record WithSet(String name, Set<String> members) {}

    private static Map<String, String> ordered(String... keyValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put(keyValues[i], keyValues[i + 1]);
        }
        return map;
    }

    private static ObjectNode policy(boolean actionFirst) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        if (actionFirst) {
            node.put("Action", "kms:Decrypt").put("Effect", "Allow");
        } else {
            node.put("Effect", "Allow").put("Action", "kms:Decrypt");
        }
        return node;
    }

    private static Sample sample(boolean forward) {
        return forward
                ? new Sample(
                        "tap-dev",
                        3,
                        ordered("a", "1", "b", "2", "c", "3"),
                        List.of("x", "y"),
                        new Nested("k", ordered("p", "1", "q", "2")),
                        policy(true))
                : new Sample(
                        "tap-dev",
                        3,
                        ordered("c", "3", "b", "2", "a", "1"),
                        List.of("x", "y"),
                        new Nested("k", ordered("q", "2", "p", "1")),
                        policy(false));
    }

    @Test
    void isStableAcrossMapAndObjectNodeInsertionOrder() {
        assertThat(SpecHasher.hash(sample(true))).isEqualTo(SpecHasher.hash(sample(false)));
        assertThat(SpecHasher.hash(sample(true))).isEqualTo(SpecHasher.hash(sample(true)));
    }

    @Test
    void isSixteenHexDigits() {
        assertThat(SpecHasher.hash(sample(true))).matches("[0-9a-f]{16}");
    }

    @Test
    void changesWhenAValueChanges() {
        String base = SpecHasher.hash(sample(true));
        Sample s = sample(true);

        assertThat(SpecHasher.hash(new Sample("tap-prod", s.size(), s.tags(), s.items(), s.nested(), s.policy())))
                .isNotEqualTo(base);
        assertThat(SpecHasher.hash(new Sample(s.name(), 4, s.tags(), s.items(), s.nested(), s.policy())))
                .isNotEqualTo(base);
        assertThat(SpecHasher.hash(new Sample(
                        s.name(), s.size(), ordered("a", "1", "b", "2", "c", "4"), s.items(), s.nested(), s.policy())))
                .isNotEqualTo(base);
        assertThat(SpecHasher.hash(new Sample(
                        s.name(),
                        s.size(),
                        s.tags(),
                        s.items(),
                        new Nested("k", ordered("p", "1", "q", "3")),
                        s.policy())))
                .isNotEqualTo(base);
        assertThat(SpecHasher.hash(new Sample(
                        s.name(),
                        s.size(),
                        s.tags(),
                        s.items(),
                        s.nested(),
                        policy(true).put("Effect", "Deny"))))
                .isNotEqualTo(base);
    }

    @Test
    void listOrderCounts() {
        Sample s = sample(true);
        assertThat(SpecHasher.hash(new Sample(s.name(), s.size(), s.tags(), List.of("y", "x"), s.nested(), s.policy())))
                .isNotEqualTo(SpecHasher.hash(s));
    }

    @Test
    void anAddedKeyChangesTheHash() {
        Sample s = sample(true);
        assertThat(SpecHasher.hash(new Sample(
                        s.name(),
                        s.size(),
                        ordered("a", "1", "b", "2", "c", "3", "d", "4"),
                        s.items(),
                        s.nested(),
                        s.policy())))
                .isNotEqualTo(SpecHasher.hash(s));
    }

    @Test
    void equalSetsHashTheSame() {
        Set<String> ab = new LinkedHashSet<>(List.of("a", "b"));
        Set<String> ba = new LinkedHashSet<>(List.of("b", "a"));
        assertThat(ab).isEqualTo(ba);

        assertThat(SpecHasher.hash(new WithSet("n", ab))).isEqualTo(SpecHasher.hash(new WithSet("n", ba)));
    }
}

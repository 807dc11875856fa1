package dev.tapctl.engine.spi;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one guard every handler's create and update runs: the whole spec, walked. */
class PlaceholdersTest {
    record Rule(String port, String source) {}

    record Spec(
            String name, List<String> subnetIds, Rule rule, ObjectNode policy, int size, Map<String, String> tags) {}

    private static final String KNOWN = "arn:aws:kms:us-east-1:111122223333:key/k";

    @Test
    void aSpecWithoutPlaceholdersPasses() {
        assertThatCode(() -> Placeholders.requireKnown("aws.test t", spec("a", List.of("s-1"), policy(KNOWN))))
                .doesNotThrowAnyException();
    }

    @Test
    void everyUnknownFieldIsNamedByItsPathInDeclarationOrder() {
        Spec spec = new Spec(
                "a",
                List.of("s-1", Unknown.of("net.b", "subnetId")),
                new Rule("443", Unknown.of("net.sg", "groupId")),
                policy(Unknown.of("kms.key", "arn")),
                1,
                Map.of("Name", "a", "Owner", Unknown.of("x", "y")));

        assertThatThrownBy(() -> Placeholders.requireKnown("aws.test data.t", spec))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("aws.test data.t: subnetIds.1, rule.source, policy, tags.Owner not known yet"
                        + " (known after apply); nothing was sent to AWS");
    }

    @Test
    void aPlaceholderInTheNameOfWhatIsCheckedIsShownAsKnownAfterApply() {
        Spec spec = spec(Unknown.of("fn", "name"), List.of(), null);
        assertThatThrownBy(() -> Placeholders.requireKnown("function " + spec.name(), spec))
                .hasMessageStartingWith("function (known after apply): name not known yet");
    }

    private static Spec spec(String name, List<String> subnets, ObjectNode policy) {
        return new Spec(name, subnets, new Rule("443", "sg-1"), policy, 1, Map.of("Name", "n"));
    }

    private static ObjectNode policy(String resource) {
        ObjectNode policy = new ObjectMapper().createObjectNode();
        policy.putArray("Statement").addObject().put("Resource", resource);
        return policy;
    }
}

package dev.tapctl.stack.spec;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/** Customer-managed symmetric key with its alias; {@code deletionWindowDays} is used by destroy. */
public record KmsKeySpec(String alias, String description, boolean rotationEnabled, ObjectNode policy,
                         int deletionWindowDays, Map<String, String> tags) {
    public KmsKeySpec {
        tags = Map.copyOf(tags);
    }
}

package dev.tapctl.stack.spec;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tapctl.engine.spi.OutputKey;
import io.soabase.recordbuilder.core.RecordBuilder;
import java.util.Map;

/** Customer-managed symmetric key with its alias; {@code deletionWindowDays} is used by destroy. */
@RecordBuilder
public record KmsKeySpec(
        String alias,
        String description,
        boolean rotationEnabled,
        ObjectNode policy,
        int deletionWindowDays,
        Map<String, String> tags) {
    // Outputs of this kind: the handler writes them, dependants read them.
    public static final OutputKey<KmsKeySpec> KEY_ID = OutputKey.of("keyId");
    public static final OutputKey<KmsKeySpec> ARN = OutputKey.of("arn");
    public static final OutputKey<KmsKeySpec> ALIAS = OutputKey.of("alias");

    public KmsKeySpec {
        tags = Map.copyOf(tags);
    }

    public static KmsKeySpecBuilder builder() {
        return KmsKeySpecBuilder.builder();
    }
}

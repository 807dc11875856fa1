package dev.tapctl.resources.dynamodb;

import dev.tapctl.resources.support.SdkTags;
import dev.tapctl.stack.spec.TableSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.SSESpecification;
import software.amazon.awssdk.services.dynamodb.model.SSEType;
import software.amazon.awssdk.services.dynamodb.model.Tag;

/** A table spec's settings as DynamoDB names and takes them: billing mode, key schema, encryption, tags. */
final class TableSettings {
    static final String PAY_PER_REQUEST = BillingMode.PAY_PER_REQUEST.toString();
    static final String PROVISIONED = BillingMode.PROVISIONED.toString();

    private TableSettings() {}

    /** Accepts DynamoDB's names and the config's "on-demand"; a missing mode means on-demand. */
    static String billingMode(TableSpec spec) {
        if (spec.billingMode() == null) {
            return PAY_PER_REQUEST;
        }
        String mode = spec.billingMode().trim().toUpperCase(Locale.ROOT).replace('-', '_');
        return switch (mode) {
            case "PAY_PER_REQUEST", "ON_DEMAND" -> PAY_PER_REQUEST;
            case "PROVISIONED" -> PROVISIONED;
            default ->
                throw new IllegalArgumentException("table " + spec.name() + ": unknown billing mode '"
                        + spec.billingMode() + "' (expected on-demand / PAY_PER_REQUEST or PROVISIONED)");
        };
    }

    /** Provisioned mode needs read and write capacity units, which the spec does not carry. */
    static void requireOnDemand(TableSpec spec) {
        if (!billingMode(spec).equals(PAY_PER_REQUEST)) {
            throw new IllegalArgumentException("table " + spec.name() + ": billing mode " + spec.billingMode()
                    + " needs read/write capacity, which tapctl does not manage; use on-demand (PAY_PER_REQUEST)");
        }
    }

    /** Null asks for the AWS owned key, which is what CreateTable does without a specification. */
    static SSESpecification sse(String kmsKeyArn) {
        return kmsKeyArn == null
                ? null
                : SSESpecification.builder()
                        .enabled(true)
                        .sseType(SSEType.KMS)
                        .kmsMasterKeyId(kmsKeyArn)
                        .build();
    }

    /** On UpdateTable, going back to the AWS owned key must be said explicitly. */
    static SSESpecification sseChange(String kmsKeyArn) {
        return kmsKeyArn == null ? SSESpecification.builder().enabled(false).build() : sse(kmsKeyArn);
    }

    static List<KeySchemaElement> keySchema(TableSpec spec) {
        List<KeySchemaElement> keys = new ArrayList<>();
        keys.add(KeySchemaElement.builder()
                .attributeName(spec.partitionKey().name())
                .keyType(KeyType.HASH)
                .build());
        if (spec.sortKey() != null) {
            keys.add(KeySchemaElement.builder()
                    .attributeName(spec.sortKey().name())
                    .keyType(KeyType.RANGE)
                    .build());
        }
        return keys;
    }

    static List<AttributeDefinition> attributeDefinitions(TableSpec spec) {
        Map<String, String> types = new LinkedHashMap<>();
        types.put(spec.partitionKey().name(), spec.partitionKey().type());
        if (spec.sortKey() != null) {
            types.put(spec.sortKey().name(), spec.sortKey().type());
        }
        return types.entrySet().stream()
                .map(e -> AttributeDefinition.builder()
                        .attributeName(e.getKey())
                        .attributeType(e.getValue())
                        .build())
                .toList();
    }

    static List<Tag> tags(Map<String, String> tags) {
        return SdkTags.toList(
                tags, (key, value) -> Tag.builder().key(key).value(value).build());
    }
}

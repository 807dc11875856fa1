package dev.tapctl.resources.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tapctl.aws.AwsClients;
import dev.tapctl.engine.spi.Holdings;
import dev.tapctl.testing.Emulator;
import dev.tapctl.testing.EmulatorExtension;
import dev.tapctl.testing.HandlerFixture;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** A table's holdings: DescribeTable's counts (with how stale AWS lets them be) and its recovery window. */
@ExtendWith(EmulatorExtension.class)
class TableHoldingsTest {
    private static final String NAME = "tap-test-holdings";
    private AwsClients clients;

    @BeforeEach
    void setUp(Emulator emulator) {
        clients = HandlerFixture.clients(emulator);
        clients.dynamodb().createTable(r -> r.tableName(NAME)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH))
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S)));
        for (String key : new String[] {"a", "b"}) {
            clients.dynamodb().putItem(r -> r.tableName(NAME).item(Map.of("pk", AttributeValue.fromS(key))));
        }
    }

    @AfterEach
    void tearDown() {
        clients.close();
    }

    @Test
    void withoutPointInTimeRecoveryTheLineSaysItIsOff() {
        Holdings held = new TableHoldings(clients.dynamodb()).of(NAME);

        // Each item is its key: "pk" (2 bytes) and a one-character value (DynamoDB's item size).
        assertThat(held.facts()).containsEntry("items", 2L).containsEntry("bytes", 6L);
        assertThat(held.facts().get("pointInTimeRecovery")).isEqualTo(Map.of("enabled", false));
        assertThat(held.summary())
                .isEqualTo("2 items, 6 bytes (DynamoDB updates ItemCount and TableSizeBytes about every six hours);"
                        + " point-in-time recovery off");
    }

    @Test
    void withItTheLineGivesTheRestorableWindow() {
        clients.dynamodb().updateContinuousBackups(r -> r.tableName(NAME)
                .pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(true)));

        Holdings held = new TableHoldings(clients.dynamodb()).of(NAME);

        @SuppressWarnings("unchecked")
        Map<String, Object> pitr = (Map<String, Object>) held.facts().get("pointInTimeRecovery");
        assertThat(pitr).containsEntry("enabled", true).containsKeys("earliestRestorableTime", "latestRestorableTime");
        assertThat(held.summary()).containsPattern("; point-in-time recovery from \\S+Z to \\S+Z$");
    }
}

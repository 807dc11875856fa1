package dev.tapctl.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tapctl.testing.CliRun;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.sns.model.NotFoundException;

/** The alarm topic and the alarms on the emulator: made, idempotent, repaired, destroyed. */
class AlarmsTest extends StackFixture {
    private static final List<String> ALARMS = List.of(
            "tap-dev-fn-api-dlq-messages",
            "tap-dev-fn-api-errors",
            "tap-dev-fn-api-throttles",
            "tap-dev-fn-worker-dlq-messages",
            "tap-dev-fn-worker-errors",
            "tap-dev-fn-worker-throttles",
            "tap-dev-api-5xx",
            "tap-dev-db-free-storage",
            "tap-dev-db-cpu");

    @Test
    void everyAlarmTellsTheEncryptedTopicADeletedAlarmIsRepairedAndDestroyRemovesThemButKeepsTheData()
            throws IOException {
        CliRun.Result apply = tapctl.run("apply", "--env", "dev", "--auto-approve");
        assertThat(apply.exitCode()).as(apply.all()).isZero();

        String topicArn = "arn:aws:sns:" + emulator.region() + ":" + emulator.accountId() + ":tap-dev-alarms";
        String keyArn = aws.kms()
                .describeKey(r -> r.keyId("alias/tap-dev"))
                .keyMetadata()
                .arn();
        Map<String, String> topic =
                aws.sns().getTopicAttributes(r -> r.topicArn(topicArn)).attributes();
        assertThat(topic).as("encrypted with the stack key").containsEntry("KmsMasterKeyId", keyArn);
        List<MetricAlarm> alarms = alarms();
        assertThat(alarms).extracting(MetricAlarm::alarmName).containsExactlyInAnyOrderElementsOf(ALARMS);
        assertThat(alarms).allSatisfy(alarm -> {
            assertThat(alarm.alarmActions()).as(alarm.alarmName()).containsExactly(topicArn);
            assertThat(alarm.treatMissingData()).isEqualTo("notBreaching");
            assertThat(alarm.period()).isEqualTo(300);
        });
        assertThat(alarms)
                .filteredOn(a -> a.alarmName().equals("tap-dev-fn-worker-dlq-messages"))
                .singleElement()
                .satisfies(a -> {
                    assertThat(a.namespace()).isEqualTo("AWS/SQS");
                    assertThat(a.dimensions()).singleElement().satisfies(d -> assertThat(d.name() + "=" + d.value())
                            .isEqualTo("QueueName=tap-dev-worker-dlq"));
                });

        log.clear();
        CliRun.Result second = tapctl.run("apply", "--env", "dev", "--auto-approve");
        assertThat(second.exitCode()).as(second.all()).isZero();
        assertThat(log.mutating()).as("a second apply changes nothing").isEmpty();
        assertThat(tapctl.run("plan", "--env", "dev", "--detailed-exitcode").exitCode())
                .isZero();

        // Someone deletes an alarm outside tapctl: the plan shows it, apply brings it back.
        aws.cloudwatch().deleteAlarms(r -> r.alarmNames("tap-dev-db-cpu"));
        CliRun.Result drift = tapctl.run("plan", "--env", "dev", "--json");
        assertThat(drift.exitCode()).as(drift.all()).isZero();
        assertThat(changedIds(drift)).containsExactly("alarms.db.cpu");
        assertThat(change(drift, "alarms.db.cpu").path("action").asText()).isEqualTo("create");
        assertThat(tapctl.run("plan", "--env", "dev", "--detailed-exitcode").exitCode())
                .isEqualTo(2);
        CliRun.Result repair = tapctl.run("apply", "--env", "dev", "--auto-approve");
        assertThat(repair.exitCode()).as(repair.all()).isZero();
        assertThat(alarms())
                .filteredOn(a -> a.alarmName().equals("tap-dev-db-cpu"))
                .singleElement()
                .satisfies(a -> assertThat(a.alarmActions()).containsExactly(topicArn));
        assertThat(tapctl.run("plan", "--env", "dev", "--detailed-exitcode").exitCode())
                .isZero();

        CliRun.Result destroy = tapctl.run("destroy", "--env", "dev", "--confirm", "dev");
        assertThat(destroy.exitCode()).as(destroy.all()).isZero();
        assertThat(destroy.out())
                .containsPattern("deleted +alarms\\.topic")
                .containsPattern("deleted +alarms\\.db\\.cpu");
        assertThat(alarms()).isEmpty();
        assertThatThrownBy(() -> aws.sns().getTopicAttributes(r -> r.topicArn(topicArn)))
                .isInstanceOf(NotFoundException.class);
        assertThat(aws.dynamodb()
                        .describeTable(r -> r.tableName("tap-dev-items"))
                        .table())
                .as("retained")
                .isNotNull();
        aws.s3().headBucket(r -> r.bucket(bucket("dev")));
    }

    private List<MetricAlarm> alarms() {
        return aws.cloudwatch().describeAlarmsPaginator(r -> r.alarmNamePrefix("tap-dev-")).metricAlarms().stream()
                .toList();
    }
}

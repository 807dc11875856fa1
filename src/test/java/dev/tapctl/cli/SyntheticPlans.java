package dev.tapctl.cli;

import dev.tapctl.engine.Plan;
import dev.tapctl.engine.Reason;
import dev.tapctl.engine.Step;
import dev.tapctl.engine.spi.AttributeChange;
import dev.tapctl.engine.spi.DeletionPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Plans made by hand, of every action and reason, and as large as a test needs. */
final class SyntheticPlans {
    private SyntheticPlans() {}

    /** {@code count} functions to create, each with a few attributes (a plan that no comment can hold). */
    static List<Step> creates(int count) {
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String name = "tap-dev-fn-" + i;
            Map<String, Object> desired = Map.of(
                    "name",
                    name,
                    "memoryMb",
                    256,
                    "description",
                    "function number " + i + " of a plan made to be too long for one comment");
            steps.add(new Step.Create(
                    "fn.f" + i,
                    "aws.lambda.function",
                    name,
                    List.of(
                            AttributeChange.of("name", null, name),
                            AttributeChange.of("memoryMb", null, 256),
                            AttributeChange.of("description", null, desired.get("description")),
                            AttributeChange.of("role", null, "arn:aws:iam::123456789012:role/" + name)),
                    List.of("fn.f" + i + ".role"),
                    DeletionPolicy.DELETE,
                    desired));
        }
        return steps;
    }

    /** {@code count} queues of removed functions, to delete. */
    static List<Step> orphanDeletes(int count) {
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String name = "tap-dev-old" + i + "-dlq";
            steps.add(new Step.Orphan(
                    "fn.old" + i + ".dlq",
                    "aws.sqs.queue",
                    name,
                    DeletionPolicy.DELETE,
                    Map.of("name", name),
                    "no longer in the configuration"));
        }
        return steps;
    }

    /** A plan with one step of every kind a plan (not a destroy) has, around the destructive ones. */
    static Plan mixed() {
        List<Step> steps = new ArrayList<>(creates(3));
        steps.add(new Step.Update(
                "network.flowlogs.group",
                "aws.logs.log-group",
                "/tap/dev/vpc-flow-logs",
                Reason.DRIFT,
                List.of(AttributeChange.of("retentionDays", 7, 14)),
                List.of("kms.key"),
                DeletionPolicy.DELETE,
                Map.of("name", "/tap/dev/vpc-flow-logs", "retentionDays", 14),
                Map.of("name", "/tap/dev/vpc-flow-logs")));
        steps.add(new Step.Replace(
                "data.db",
                "aws.rds.db-instance",
                "tap-dev-db",
                Reason.CONFIG,
                List.of(
                        AttributeChange.replacing("databaseName", "tap", "orders"),
                        AttributeChange.of("backupRetentionDays", 1, 7)),
                List.of("data.dbsecret"),
                DeletionPolicy.SNAPSHOT,
                Map.of("name", "tap-dev-db", "databaseName", "orders"),
                Map.of("name", "tap-dev-db")));
        steps.add(new Step.Replace(
                "data.table",
                "aws.dynamodb.table",
                "tap-dev-items",
                Reason.CONFIG,
                List.of(AttributeChange.replacing("hashKey", "id", "pk")),
                List.of("kms.key"),
                DeletionPolicy.RETAIN,
                Map.of("name", "tap-dev-items"),
                Map.of("name", "tap-dev-items")));
        steps.add(new Step.NoOp(
                "network.vpc",
                "aws.ec2.vpc",
                "tap-dev-vpc",
                List.of(),
                DeletionPolicy.DELETE,
                Map.of("name", "tap-dev-vpc"),
                Map.of("name", "tap-dev-vpc")));
        steps.addAll(orphanDeletes(1));
        steps.add(new Step.Orphan(
                "api.key.old",
                "aws.apigateway.api-key",
                "tap-dev-old",
                DeletionPolicy.RETAIN,
                Map.of("name", "tap-dev-old"),
                ""));
        return new Plan("dev", "us-east-1", false, steps);
    }

    /** A destroy plan: deleted, deleted after a snapshot, retained with a reason, absent. */
    static Plan destroy() {
        return new Plan(
                "dev",
                "us-east-1",
                true,
                List.of(
                        new Step.Delete(
                                "data.db",
                                "aws.rds.db-instance",
                                "tap-dev-db",
                                List.of("data.dbsecret"),
                                DeletionPolicy.SNAPSHOT,
                                Map.of("name", "tap-dev-db"),
                                Map.of("name", "tap-dev-db"),
                                ""),
                        new Step.Delete(
                                "fn.worker.dlq",
                                "aws.sqs.queue",
                                "tap-dev-worker-dlq",
                                List.of("kms.key"),
                                DeletionPolicy.DELETE,
                                Map.of("name", "tap-dev-worker-dlq"),
                                Map.of("name", "tap-dev-worker-dlq"),
                                ""),
                        new Step.Retain(
                                "kms.key",
                                "aws.kms.key",
                                "alias/tap-dev",
                                List.of(),
                                DeletionPolicy.DELETE,
                                Map.of("name", "alias/tap-dev"),
                                Map.of("name", "alias/tap-dev"),
                                "kept: data.table needs it"),
                        new Step.Absent(
                                "network.vpc",
                                "aws.ec2.vpc",
                                "tap-dev-vpc",
                                List.of(),
                                DeletionPolicy.DELETE,
                                Map.of("name", "tap-dev-vpc"))));
    }
}

package dev.tapctl.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tapctl.testing.CliRun;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The first apply on an account that behaves as AWS does (the emulator's realism mode: IAM, EC2
 * and KMS eventual consistency, Lambda / RDS / DynamoDB / EC2 states, the queue name SQS keeps for
 * a while, API Gateway's fixed quotas), with no rerun and no unlock in between. Every behaviour
 * the flow meets is counted by the emulator and asserted, so the test cannot pass on a kind
 * emulator.
 */
class RealisticAccountTest extends StackFixture {

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void firstAppliesOfTwoEnvironmentsThenDestroyAndApplyAgainSucceedOnTheirOwn() throws Exception {
        // SQS's own 60 s, not the suite's short window: the apply after the destroy must meet the
        // names still taken, and on a slow machine the destroy's tail after DeleteQueue (instances
        // shutting down, the database deleting, the VPC last) outlasts a window of a few seconds.
        realismWith("sqs_queue_name_reuse", 60.0);
        // prod starts while dev is still applying: the same minute, the same account, each with its
        // own pacing of API Gateway, so one run's calls spend the quota the other counts on.
        CompletableFuture<CliRun.Result> dev =
                CompletableFuture.supplyAsync(() -> tapctl.run("apply", "--env", "dev", "--auto-approve"));
        Thread.sleep(2_000);
        CompletableFuture<CliRun.Result> prod =
                CompletableFuture.supplyAsync(() -> tapctl.run("apply", "--env", "prod", "--auto-approve"));
        CliRun.Result devApply = dev.get();
        CliRun.Result prodApply = prod.get();
        assertThat(devApply.exitCode()).as(devApply.all()).isZero();
        assertThat(prodApply.exitCode()).as(prodApply.all()).isZero();

        for (String env : new String[] {"dev", "prod"}) {
            CliRun.Result plan = tapctl.run("plan", "--env", env, "--detailed-exitcode");
            assertThat(plan.exitCode())
                    .as("%s is converged: %s", env, plan.all())
                    .isZero();
        }

        CliRun.Result destroy = tapctl.run("destroy", "--env", "dev", "--confirm", "dev");
        assertThat(destroy.exitCode()).as(destroy.all()).isZero();

        CliRun.Result again = tapctl.run("apply", "--env", "dev", "--auto-approve");
        assertThat(again.exitCode()).as(again.all()).isZero();
        assertThat(again.out())
                .as("the dead-letter queues waited out the names SQS keeps after a delete")
                .contains("waiting for queue name tap-dev-");
        CliRun.Result clean = tapctl.run("plan", "--env", "dev", "--detailed-exitcode");
        assertThat(clean.exitCode()).as(clean.all()).isZero();

        Map<String, Integer> counts = emulator.realism().counts();
        for (String behaviour : FLOW_BEHAVIOURS) {
            assertThat(counts.get(behaviour))
                    .as(behaviour + " fired (counts: " + counts + ")")
                    .isPositive();
        }
    }

    /** What the flow above meets; the others are met by the handler tests that provoke them. */
    private static final String[] FLOW_BEHAVIOURS = {
        "iam.lambda_role_not_assumable",
        "iam.ec2_instance_profile",
        "iam.apigateway_account_role",
        "ec2.not_found",
        "kms.not_found",
        "lambda.pending",
        "rds.creating",
        "rds.deleting",
        "dynamodb.creating",
        "ec2.pending",
        "ec2.shutting_down",
        "sqs.queue_deleted_recently",
        "apigateway.too_many_requests",
    };
}

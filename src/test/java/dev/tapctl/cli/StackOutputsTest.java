package dev.tapctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tapctl.cli.StackOutputs.Output;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code outputs --verify} checks ARNs and the invoke URL against the region's partition, as the
 * stack builds them: {@code arn:aws-cn:} and {@code amazonaws.com.cn} in China
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html, "partition").
 */
class StackOutputsTest {
    private static final String ACCOUNT = "123456789012";

    @Test
    void outputsOfAChinaRegionAreWellFormedInItsPartition() {
        List<Output> outputs = List.of(
                new Output("apiUrl", "api.stage", "https://abc123.execute-api.cn-north-1.amazonaws.com.cn/prod"),
                new Output("queueArn", "data.queue", "arn:aws-cn:sqs:cn-north-1:" + ACCOUNT + ":tap-prod-jobs"));

        assertThat(StackOutputs.verify(outputs, ACCOUNT, "cn-north-1")).isEmpty();
    }

    @Test
    void anArnOrInvokeUrlOfAnotherPartitionIsAProblem() {
        List<Output> outputs = List.of(
                new Output("apiUrl", "api.stage", "https://abc123.execute-api.cn-north-1.amazonaws.com/prod"),
                new Output("queueArn", "data.queue", "arn:aws:sqs:cn-north-1:" + ACCOUNT + ":tap-prod-jobs"));

        assertThat(StackOutputs.verify(outputs, ACCOUNT, "cn-north-1"))
                .containsExactly(
                        "apiUrl: \"https://abc123.execute-api.cn-north-1.amazonaws.com/prod\" is not an API Gateway"
                                + " invoke URL in cn-north-1",
                        "queueArn: \"arn:aws:sqs:cn-north-1:" + ACCOUNT + ":tap-prod-jobs\" is in partition aws, not"
                                + " aws-cn");
    }

    @Test
    void theCommercialPartitionIsCheckedAsBefore() {
        List<Output> outputs = List.of(
                new Output("apiUrl", "api.stage", "https://abc123.execute-api.us-east-1.amazonaws.com/prod"),
                new Output("queueArn", "data.queue", "arn:aws:sqs:us-east-1:" + ACCOUNT + ":tap-prod-jobs"),
                new Output("tableArn", "data.table", "tap-prod-items"));

        assertThat(StackOutputs.verify(outputs, ACCOUNT, "us-east-1"))
                .containsExactly("tableArn: \"tap-prod-items\" is not an ARN");
    }
}

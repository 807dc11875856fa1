package dev.tapctl.bench;

import dev.tapctl.aws.AwsClients;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;

/**
 * Another team's objects in the same account and region, none of them tapctl's: roles (each with
 * a trust policy and an inline policy, as real roles have, some under a path of their own),
 * functions (each with its Lambda log group), log groups and queues. A plan of the stack must cost
 * the same with them as without them.
 */
record UnrelatedResources(int roles, int functions, int logGroups, int queues) {
    /** What the shared account holds besides the stack. */
    static final UnrelatedResources SHARED_ACCOUNT = new UnrelatedResources(2_500, 400, 300, 300);

    /** The "already exists" answers of the services seeded. */
    private static final java.util.Set<String> ALREADY_MADE = java.util.Set.of(
            "EntityAlreadyExists", "ResourceAlreadyExistsException", "ResourceConflictException", "QueueAlreadyExists");

    private static final String TRUST = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"Service\":\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";

    private static String policy(int i) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"logs:CreateLogStream\","
                + "\"logs:PutLogEvents\"],\"Resource\":\"arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/"
                + "other-team-fn-" + i + ":*\"}]}";
    }

    /** Makes them all with {@code clients} (untraced: seeding is not the plan's cost), a few at a time. */
    void create(AwsClients clients) {
        String roleArn = clients.iam()
                .createRole(r -> r.roleName("other-team-lambda").assumeRolePolicyDocument(TRUST))
                .role()
                .arn();
        SdkBytes zip = SdkBytes.fromByteArray(zip());
        parallel(roles, i -> {
            String name = String.format("other-team-role-%04d", i);
            clients.iam().createRole(r -> r.roleName(name)
                    .path(i % 5 == 0 ? "/service-role/" : "/")
                    .description("Role " + i + " of another team")
                    .assumeRolePolicyDocument(TRUST));
            clients.iam().putRolePolicy(r -> r.roleName(name).policyName("logs").policyDocument(policy(i)));
        });
        parallel(functions, i -> {
            String name = String.format("other-team-fn-%03d", i);
            clients.lambda().createFunction(r -> r.functionName(name)
                    .runtime("python3.12")
                    .handler("handler.handler")
                    .role(roleArn)
                    .code(c -> c.zipFile(zip)));
            clients.logs().createLogGroup(r -> r.logGroupName("/aws/lambda/" + name));
        });
        parallel(logGroups, i -> clients.logs()
                .createLogGroup(r -> r.logGroupName(String.format("/other-team/app-%03d", i))));
        parallel(queues, i -> clients.sqs().createQueue(r -> r.queueName(String.format("other-team-queue-%03d", i))));
    }

    /**
     * Makes {@code count} objects a few at a time. The emulator sometimes answers a burst of
     * creates with a 500 that the SDK retries; the retry then finds the object made, which is the
     * goal reached.
     */
    private static void parallel(int count, IntConsumer make) {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> made = new java.util.ArrayList<>();
            for (int i = 0; i < count; i++) {
                int n = i;
                made.add(pool.submit(() -> {
                    try {
                        make.accept(n);
                    } catch (AwsServiceException e) {
                        String code = e.awsErrorDetails() == null
                                ? ""
                                : e.awsErrorDetails().errorCode();
                        if (!ALREADY_MADE.contains(code)) {
                            throw e;
                        }
                    }
                }));
            }
            for (Future<?> future : made) {
                future.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("could not seed the unrelated resources: " + e.getMessage(), e);
        } finally {
            pool.shutdownNow();
        }
    }

    private static byte[] zip() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("handler.py"));
            zip.write(
                    "def handler(event, context):\n    return {}\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    @Override
    public String toString() {
        return String.format(
                "%,d roles + %,d functions + %,d log groups + %,d queues", roles, functions, logGroups, queues);
    }
}

package dev.tapctl.resources.orphans;

import static dev.tapctl.resources.orphans.OrphanTestSupport.otherEnvTags;
import static dev.tapctl.resources.orphans.OrphanTestSupport.otherProjectTags;
import static dev.tapctl.resources.orphans.OrphanTestSupport.owner;
import static dev.tapctl.testing.CallLog.operations;
import static dev.tapctl.testing.HandlerFixture.tags;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tapctl.aws.AwsClients;
import dev.tapctl.aws.Eventually;
import dev.tapctl.engine.spi.DeleteResult;
import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.Deletions;
import dev.tapctl.engine.spi.Ownership;
import dev.tapctl.engine.spi.SharedReads;
import dev.tapctl.engine.spi.Tags;
import dev.tapctl.resources.lambda.FunctionHandler;
import dev.tapctl.resources.lambda.LambdaTestSupport;
import dev.tapctl.stack.spec.FunctionSpec;
import dev.tapctl.testing.CallLog;
import dev.tapctl.testing.Emulator;
import dev.tapctl.testing.EmulatorExtension;
import dev.tapctl.testing.HandlerFixture;
import dev.tapctl.testing.TestContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;

@ExtendWith(EmulatorExtension.class)
class FunctionOrphansTest {
    private static final String KNOWN = "tap-test-api";
    private static final String ORPHAN = "tap-test-gone";
    private static final String OTHER_ENV = "tap-test-shadow";
    private static final String OTHER_PROJECT = "tap-test-foreign";
    private static final String UNTAGGED = "tap-test-handmade";
    private static final String PROD = "tap-prod-gone";

    @TempDir
    Path dir;

    private final CallLog calls = new CallLog();
    private AwsClients clients;
    private LambdaClient lambda;
    private FunctionHandler handler;
    private String roleArn;
    private Path zip;

    @BeforeEach
    void setUp(Emulator emulator) {
        clients = HandlerFixture.clients(emulator, calls);
        lambda = clients.lambda();
        handler = new FunctionHandler(
                lambda,
                clients.logs(),
                clients.waiterConfig(),
                new Eventually(Duration.ofSeconds(10), Duration.ofMillis(20)));
        roleArn = LambdaTestSupport.executionRole(clients, "tap-test-fn");
        zip = LambdaTestSupport.zip(dir, "fn.zip", "{}");

        create(KNOWN, tags("fn.api", KNOWN));
        create(ORPHAN, tags("fn.gone", ORPHAN));
        create(OTHER_ENV, otherEnvTags("fn.shadow", OTHER_ENV));
        create(OTHER_PROJECT, otherProjectTags("fn.foreign", OTHER_PROJECT));
        create(PROD, otherEnvTags("fn.gone", PROD));
        lambda.createFunction(r -> r.functionName(UNTAGGED)
                .runtime("python3.12")
                .handler("handler.handler")
                .role(roleArn)
                .code(c -> c.zipFile(SdkBytes.fromByteArray(LambdaTestSupport.bytes(zip)))));
        // Each function's log group, as the stack makes it (Lambda logs to /aws/lambda/<name>).
        for (String name : List.of(KNOWN, ORPHAN, OTHER_ENV, OTHER_PROJECT, PROD, UNTAGGED)) {
            clients.logs().createLogGroup(r -> r.logGroupName("/aws/lambda/" + name));
        }
        calls.clear();
    }

    @AfterEach
    void tearDown() {
        clients.close();
    }

    @Test
    void listsOnlyThisEnvironmentsTaggedFunctionsTheConfigurationNoLongerHas() {
        Ownership owner = owner(KNOWN);

        List<FunctionHandler.Live> orphans = handler.listOrphans(owner, SharedReads.NONE);

        assertThat(orphans).extracting(FunctionHandler.Live::name).containsExactly(ORPHAN);
        FunctionHandler.Live orphan = orphans.get(0);
        assertThat(orphan.tags())
                .containsEntry(Tags.LOGICAL_ID, "fn.gone")
                .containsEntry(Tags.ENVIRONMENT, OrphanTestSupport.ENV)
                .containsEntry(Tags.MANAGED_BY, Tags.MANAGED_BY_VALUE)
                .containsKey(Tags.SPEC_HASH);
        assertThat(calls.mutating()).isEmpty();
        // One listing of the environment's function log groups (not of every function of the
        // account); a GetFunction for each unknown name under the prefix, none for the known
        // function nor for another environment's name.
        assertThat(operations(calls.calls()))
                .containsExactly("DescribeLogGroups", "GetFunction", "GetFunction", "GetFunction", "GetFunction");

        // The view is the one read gives, so delete works on it as on any other.
        assertThat(orphan)
                .isEqualTo(handler.read(spec(ORPHAN, tags("fn.gone", ORPHAN)), new TestContext("fn.gone"))
                        .orElseThrow());
        assertThat(handler.orphanPolicy()).isEqualTo(DeletionPolicy.DELETE);
        DeleteResult result =
                Deletions.byPolicy(handler, null, orphan, handler.orphanPolicy(), new TestContext("fn.gone"));

        assertThat(result).isEqualTo(DeleteResult.deleted());
        assertThat(lambda.listFunctionsPaginator().functions())
                .extracting(FunctionConfiguration::functionName)
                .containsExactlyInAnyOrder(KNOWN, OTHER_ENV, OTHER_PROJECT, UNTAGGED, PROD);
        assertThat(handler.listOrphans(owner, SharedReads.NONE)).isEmpty();
    }

    @Test
    void aFunctionStillConfiguredIsNeverAnOrphan() {
        assertThat(handler.listOrphans(owner(KNOWN, ORPHAN), SharedReads.NONE)).isEmpty();
    }

    private void create(String name, Map<String, String> tags) {
        handler.create(spec(name, tags), new TestContext(tags.get(Tags.LOGICAL_ID)));
    }

    private FunctionSpec spec(String name, Map<String, String> tags) {
        return new FunctionSpec(
                name,
                "python3.12",
                "handler.handler",
                128,
                10,
                null,
                roleArn,
                FunctionHandler.codeSha256(LambdaTestSupport.bytes(zip)),
                zip,
                Map.of(),
                null,
                null,
                null,
                null,
                tags);
    }
}

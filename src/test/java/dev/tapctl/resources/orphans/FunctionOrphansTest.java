package dev.tapctl.resources.orphans;

import static dev.tapctl.resources.orphans.OrphanTestSupport.operations;
import static dev.tapctl.resources.orphans.OrphanTestSupport.otherEnvTags;
import static dev.tapctl.resources.orphans.OrphanTestSupport.otherProjectTags;
import static dev.tapctl.resources.orphans.OrphanTestSupport.owner;
import static dev.tapctl.resources.orphans.OrphanTestSupport.tags;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tapctl.aws.AwsClients;
import dev.tapctl.aws.HandlerTestSupport.TestContext;
import dev.tapctl.engine.spi.DeleteResult;
import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.Ownership;
import dev.tapctl.engine.spi.Tags;
import dev.tapctl.resources.lambda.FunctionHandler;
import dev.tapctl.stack.spec.FunctionSpec;
import dev.tapctl.testing.CallLog;
import dev.tapctl.testing.Emulator;
import dev.tapctl.testing.EmulatorExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
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
    private static final String TRUST = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"Service\":\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";

    @TempDir
    Path dir;

    private final CallLog calls = new CallLog();
    private AwsClients clients;
    private LambdaClient lambda;
    private FunctionHandler handler;
    private String roleArn;
    private Path zip;

    @BeforeEach
    void setUp(Emulator emulator) throws IOException {
        clients = OrphanTestSupport.clients(emulator, calls);
        lambda = clients.lambda();
        handler = new FunctionHandler(lambda, clients.waiterConfig(), Duration.ofSeconds(10), Duration.ofMillis(20));
        roleArn = clients.iam().createRole(r -> r.roleName("tap-test-fn").assumeRolePolicyDocument(TRUST)).role().arn();
        zip = zip(dir.resolve("fn.zip"));

        create(KNOWN, "fn.api", tags("fn.api", KNOWN));
        create(ORPHAN, "fn.gone", tags("fn.gone", ORPHAN));
        create(OTHER_ENV, "fn.shadow", otherEnvTags("fn.shadow", OTHER_ENV));
        create(OTHER_PROJECT, "fn.foreign", otherProjectTags("fn.foreign", OTHER_PROJECT));
        create(PROD, "fn.gone", otherEnvTags("fn.gone", PROD));
        lambda.createFunction(r -> r.functionName(UNTAGGED).runtime("python3.12").handler("handler.handler")
                .role(roleArn).code(c -> c.zipFile(SdkBytes.fromByteArray(bytes(zip)))));
        calls.clear();
    }

    @AfterEach
    void tearDown() {
        clients.close();
    }

    @Test
    void listsOnlyThisEnvironmentsTaggedFunctionsTheConfigurationNoLongerHas() {
        Ownership owner = owner(KNOWN);

        List<FunctionHandler.Live> orphans = handler.listOrphans(owner);

        assertThat(orphans).extracting(FunctionHandler.Live::name).containsExactly(ORPHAN);
        FunctionHandler.Live orphan = orphans.get(0);
        assertThat(orphan.tags()).containsEntry(Tags.LOGICAL_ID, "fn.gone")
                .containsEntry(Tags.ENVIRONMENT, OrphanTestSupport.ENV)
                .containsEntry(Tags.MANAGED_BY, Tags.MANAGED_BY_VALUE)
                .containsKey(Tags.SPEC_HASH);
        assertThat(calls.mutating()).isEmpty();
        // One listing; a GetFunction for each unknown name under the prefix, none for the known
        // function nor for another environment's name.
        assertThat(operations(calls.calls())).containsExactly("ListFunctions",
                "GetFunction", "GetFunction", "GetFunction", "GetFunction");

        // The view is the one read gives, so delete works on it as on any other.
        assertThat(orphan).isEqualTo(handler.read(spec(ORPHAN, tags("fn.gone", ORPHAN)), new TestContext("fn.gone"))
                .orElseThrow());
        assertThat(handler.orphanPolicy()).isEqualTo(DeletionPolicy.DELETE);
        DeleteResult result = handler.delete(null, orphan, handler.orphanPolicy(), new TestContext("fn.gone"));

        assertThat(result).isEqualTo(DeleteResult.deleted());
        assertThat(lambda.listFunctionsPaginator().functions()).extracting(FunctionConfiguration::functionName)
                .containsExactlyInAnyOrder(KNOWN, OTHER_ENV, OTHER_PROJECT, UNTAGGED, PROD);
        assertThat(handler.listOrphans(owner)).isEmpty();
    }

    @Test
    void aFunctionStillConfiguredIsNeverAnOrphan() {
        assertThat(handler.listOrphans(owner(KNOWN, ORPHAN))).isEmpty();
    }

    private void create(String name, String logicalId, Map<String, String> tags) {
        handler.create(spec(name, tags), new TestContext(logicalId));
    }

    private FunctionSpec spec(String name, Map<String, String> tags) {
        return new FunctionSpec(name, "python3.12", "handler.handler", 128, 10, roleArn,
                FunctionHandler.codeSha256(bytes(zip)), zip, Map.of(), null, null, null, null, null, tags);
    }

    private static Path zip(Path file) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            ZipEntry entry = new ZipEntry("handler.py");
            entry.setTimeLocal(LocalDateTime.of(1980, 2, 1, 0, 0));
            out.putNextEntry(entry);
            out.write("def handler(event, context):\n    return {}\n".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return Files.write(file, bytes.toByteArray());
    }

    private static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

package dev.tapctl.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tapctl.aws.AwsClients;
import dev.tapctl.aws.AwsSettings;
import dev.tapctl.testing.CallLog;
import dev.tapctl.testing.CliRun;
import dev.tapctl.testing.Emulator;
import dev.tapctl.testing.EmulatorExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What every end-to-end test starts from: {@code tapctl} run in-process against the emulator in its
 * realism mode (AWS's eventual consistency, states and quotas, over the short {@link #WINDOWS}),
 * with the SDK calls it makes in {@link #log}, plain clients ({@link #aws}) to look at what it made, and
 * readers of {@code plan --json} output.
 */
@ExtendWith(EmulatorExtension.class)
abstract class StackFixture {
    static final ObjectMapper JSON = new ObjectMapper();

    final CallLog log = new CallLog();
    Emulator emulator;
    CliRun tapctl;
    AwsClients aws;

    /**
     * The realism windows of the end-to-end suite: AWS's behaviours, each over a few seconds rather
     * than the emulator's AWS-like defaults, so that the suite stays short while every wait, retry
     * and pacing of tapctl still has to work (set once, here).
     */
    static final Map<String, Double> WINDOWS = Map.ofEntries(
            Map.entry("iam_propagation", 2.0),
            Map.entry("ec2_consistency", 1.0),
            Map.entry("kms_consistency", 1.0),
            Map.entry("lambda_pending", 1.0),
            Map.entry("lambda_update", 1.0),
            Map.entry("rds_creating", 2.0),
            Map.entry("rds_modifying", 1.0),
            Map.entry("rds_deleting", 2.0),
            Map.entry("dynamodb_creating", 1.0),
            Map.entry("ec2_pending", 1.0),
            Map.entry("ec2_shutting_down", 1.5),
            Map.entry("nat_pending", 1.0),
            Map.entry("nat_deleting", 1.0),
            Map.entry("sqs_queue_name_reuse", 8.0));

    @BeforeEach
    void startOnTheEmulator(Emulator emulator) {
        this.emulator = emulator;
        emulator.realism().enable(WINDOWS);
        this.tapctl = CliRun.realistic(emulator, log);
        this.aws = new AwsClients(AwsSettings.defaults(emulator.region(), null, emulator.endpoint()));
    }

    /**
     * Realism with the suite's {@link #WINDOWS} but {@code window} lasting {@code seconds}, for a test
     * that must meet a behaviour however loaded the machine; clears the counts.
     */
    void realismWith(String window, double seconds) {
        Map<String, Double> windows = new HashMap<>(WINDOWS);
        windows.put(window, seconds);
        emulator.realism().enable(windows);
    }

    @AfterEach
    void closeClients() {
        aws.close();
    }

    /** The name of the data bucket of {@code env} (it carries the account and region). */
    String bucket(String env) {
        return "tap-" + env + "-" + emulator.accountId() + "-" + emulator.region();
    }

    /** Every change of a {@code plan --json} output, in its order. */
    static List<JsonNode> changes(CliRun.Result plan) throws IOException {
        return StreamSupport.stream(JSON.readTree(plan.out()).path("changes").spliterator(), false)
                .toList();
    }

    /** The change of {@code id} in a {@code plan --json} output; fails the test if there is none. */
    static JsonNode change(CliRun.Result plan, String id) throws IOException {
        return changes(plan).stream()
                .filter(change -> change.path("id").asText().equals(id))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no change " + id + " in " + plan.all()));
    }

    /** The ids of the changes that are not no-ops, in the plan's order. */
    static List<String> changedIds(CliRun.Result plan) throws IOException {
        return changes(plan).stream()
                .filter(c -> !c.path("action").asText().equals("no-op"))
                .map(c -> c.path("id").asText())
                .toList();
    }

    /** Copies the project's {@code config/} files into {@code dir}, for a test to edit; returns {@code dir}. */
    static Path copyConfig(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(Path.of("config"))) {
            for (Path file : files.toList()) {
                Files.copy(file, dir.resolve(file.getFileName()));
            }
        }
        return dir;
    }
}

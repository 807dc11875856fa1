package dev.tapctl.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tapctl.config.ConfigException;
import dev.tapctl.engine.LiveFingerprint;
import dev.tapctl.engine.Plan;
import dev.tapctl.engine.spi.TransientState;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The saved plan's file: what it holds, how it reads back, and every way a file is refused. */
class PlanFileTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final PlanFile.ConfigurationDigest CONFIG = PlanFile.ConfigurationDigest.of(
            Map.of("defaults.yaml", JSON.createObjectNode().put("project", "tap"), "dev.yaml", JSON.createObjectNode()),
            Map.of("api", "abc"));

    @TempDir
    Path dir;

    private Path saved(Plan plan) {
        Path file = dir.resolve("p.tfplan");
        PlanFile.of(plan, "123456789012", CONFIG).write(file);
        return file;
    }

    @Test
    void aSavedPlanReadsBackAndRendersAsThePlanDidInEveryFormat() throws Exception {
        Plan plan = SyntheticPlans.mixed();
        PlanFile read = PlanFile.read(saved(plan));

        assertThat(read.env()).isEqualTo("dev");
        assertThat(read.account()).isEqualTo("123456789012");
        assertThat(read.tapctlVersion()).isEqualTo(Version.current());
        assertThat(read.fingerprints())
                .containsOnlyKeys(plan.changes().stream().map(s -> s.id()).toList());
        for (PlanFormat format : PlanFormat.values()) {
            assertThat(rendered(format, read.savedPlan())).as(format.word()).isEqualTo(rendered(format, plan));
        }
    }

    @Test
    void aPartialPlanKeepsItsSelectionInTheFile() throws Exception {
        Plan whole = SyntheticPlans.mixed();
        Plan partial = new Plan(
                whole.env(),
                whole.region(),
                false,
                whole.changes(),
                new dev.tapctl.engine.Partial(
                        List.of("fn.f*"),
                        List.of(),
                        List.of("fn.f0", "fn.f0.role"),
                        53,
                        Map.of("fn.f0", List.of("fn.f0.role")),
                        Map.of(),
                        false));

        PlanFile read = PlanFile.read(saved(partial));

        assertThat(read.plan().path("partial").path("targets").get(0).asText()).isEqualTo("fn.f*");
        for (PlanFormat format : PlanFormat.values()) {
            assertThat(rendered(format, read.savedPlan())).as(format.word()).isEqualTo(rendered(format, partial));
        }
        assertThat(rendered(PlanFormat.TEXT, read.savedPlan())).contains("partial run");
    }

    @Test
    void ignoredDifferencesRoundTripAsIgnored() throws Exception {
        List<dev.tapctl.engine.Step> steps =
                new java.util.ArrayList<>(SyntheticPlans.mixed().changes());
        steps.add(new dev.tapctl.engine.Step.NoOp(
                "fn.worker",
                "aws.lambda.function",
                "tap-dev-worker",
                List.of(dev.tapctl.engine.spi.AttributeChange.of("memoryMb", 256, 128)
                        .ignoredAs(dev.tapctl.engine.spi.AttributeChange.Ignored.DRIFT)),
                List.of(),
                dev.tapctl.engine.spi.DeletionPolicy.DELETE,
                Map.of("memoryMb", 128),
                Map.of("memoryMb", 256)));
        Plan plan = new Plan("dev", "us-east-1", false, steps);

        Plan read = PlanFile.read(saved(plan)).savedPlan();

        assertThat(read.change("fn.worker").orElseThrow().attributes().get(0).ignored())
                .isEqualTo(dev.tapctl.engine.spi.AttributeChange.Ignored.DRIFT);
        for (PlanFormat format : PlanFormat.values()) {
            assertThat(rendered(format, read)).as(format.word()).isEqualTo(rendered(format, plan));
        }
    }

    @Test
    void whatADestructiveStepHoldsIsShownFromTheFileAsThePlanShowedIt() throws Exception {
        Plan whole = SyntheticPlans.mixed();
        Plan plan = new Plan(
                whole.env(),
                whole.region(),
                false,
                whole.changes(),
                Map.of(
                        "data.table",
                        new dev.tapctl.engine.spi.Holdings(
                                "3 items, 120 bytes (DynamoDB updates these about every six hours)",
                                Map.of("itemCount", 3, "sizeBytes", 120))));

        Plan read = PlanFile.read(saved(plan)).savedPlan();

        assertThat(read.holdings()).containsOnlyKeys("data.table");
        for (PlanFormat format : PlanFormat.values()) {
            assertThat(rendered(format, read)).as(format.word()).isEqualTo(rendered(format, plan));
        }
        assertThat(rendered(PlanFormat.TEXT, read)).contains("3 items, 120 bytes");
    }

    private static String rendered(PlanFormat format, Plan plan) {
        StringWriter out = new StringWriter();
        Console console = new Console(
                new PrintWriter(out, true),
                new PrintWriter(new StringWriter(), true),
                new java.io.BufferedReader(new java.io.StringReader("")),
                false,
                false);
        format.print(plan, console, "tapctl show p.tfplan --format json");
        return out.toString();
    }

    @Test
    void aTruncatedFileIsRefusedAsNotAPlanFile() throws Exception {
        Path file = saved(SyntheticPlans.mixed());
        String text = Files.readString(file);
        Files.writeString(file, text.substring(0, text.length() / 2));

        assertThatThrownBy(() -> PlanFile.read(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(file + ": not a tapctl plan file: truncated or not JSON")
                .hasMessageContaining("nothing was changed");
    }

    @Test
    void aFileEditedByHandBreaksItsChecksum() throws Exception {
        Path file = saved(SyntheticPlans.mixed());
        Files.writeString(file, Files.readString(file).replace("\"retentionDays\" : 14", "\"retentionDays\" : 1"));
        assertThat(Files.readString(file)).contains("\"retentionDays\" : 1");

        assertThatThrownBy(() -> PlanFile.read(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("its checksum does not match its content");
    }

    @Test
    void aFileOfAnotherTapctlVersionOrFileVersionIsRefusedEvenWithAValidChecksum() throws Exception {
        Path file = saved(SyntheticPlans.mixed());
        ObjectNode tree = (ObjectNode) JSON.readTree(file.toFile());
        tree.put("tapctlVersion", "0.0.1");
        reseal(tree, file);
        assertThatThrownBy(() -> PlanFile.read(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("made by tapctl 0.0.1, but this is tapctl " + Version.current());

        tree.put("planFileVersion", 2);
        reseal(tree, file);
        assertThatThrownBy(() -> PlanFile.read(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("plan file version 2 is not the version 1");
    }

    @Test
    void aFileWithUnknownMembersOrNoneOfOursIsRefused() throws Exception {
        Path file = saved(SyntheticPlans.mixed());
        ObjectNode tree = (ObjectNode) JSON.readTree(file.toFile());
        tree.put("extra", true);
        reseal(tree, file);
        assertThatThrownBy(() -> PlanFile.read(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("not a tapctl plan file");

        Files.writeString(file, "{\"formatVersion\": 1}");
        assertThatThrownBy(() -> PlanFile.read(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("no planFileVersion");
    }

    @Test
    void aMissingFileIsToldApartForTheCommandToReport() {
        assertThatThrownBy(() -> PlanFile.read(dir.resolve("none.tfplan"))).isInstanceOf(NoSuchFileException.class);
    }

    /** Writes {@code tree} with a checksum that matches it, as only tapctl (or someone who means it) would. */
    private static void reseal(ObjectNode tree, Path file) throws Exception {
        tree.remove("checksum");
        tree.put(
                "checksum",
                LiveFingerprint.sha256(LiveFingerprint.canonical(tree).toString()));
        Files.writeString(file, JSON.writeValueAsString(tree));
    }

    record Live(String name, @TransientState long messages, Set<String> members, Map<String, Integer> sizes) {}

    @Test
    void aFingerprintIgnoresTransientStateAndTheOrderOfSetsAndMaps() {
        Set<String> ab = new LinkedHashSet<>(List.of("a", "b"));
        Set<String> ba = new LinkedHashSet<>(List.of("b", "a"));
        Map<String, Integer> xy = new LinkedHashMap<>(Map.of("x", 1));
        xy.put("y", 2);
        Map<String, Integer> yx = new TreeMap<>(java.util.Comparator.reverseOrder());
        yx.putAll(xy);

        String first = LiveFingerprint.of(new Live("q", 0, ab, xy));

        assertThat(LiveFingerprint.of(new Live("q", 17, ba, yx))).isEqualTo(first);
        assertThat(LiveFingerprint.of(new Live("q", 0, Set.of("a"), xy))).isNotEqualTo(first);
        assertThat(LiveFingerprint.of(new Live("r", 0, ab, xy))).isNotEqualTo(first);
        assertThat(LiveFingerprint.of(null)).isEqualTo(LiveFingerprint.ABSENT);
    }

    @Test
    void theConfigurationDigestChangesWithAFileOrAFunctionsCode() {
        PlanFile.ConfigurationDigest otherFile = PlanFile.ConfigurationDigest.of(
                Map.of(
                        "defaults.yaml",
                        JSON.createObjectNode().put("project", "tap"),
                        "dev.yaml",
                        JSON.createObjectNode().put("region", "eu-west-1")),
                Map.of("api", "abc"));
        PlanFile.ConfigurationDigest otherCode = PlanFile.ConfigurationDigest.of(
                Map.of(
                        "defaults.yaml",
                        JSON.createObjectNode().put("project", "tap"),
                        "dev.yaml",
                        JSON.createObjectNode()),
                Map.of("api", "abd"));

        assertThat(otherFile.sha256()).isNotEqualTo(CONFIG.sha256());
        assertThat(otherFile.files().get("defaults.yaml"))
                .isEqualTo(CONFIG.files().get("defaults.yaml"));
        assertThat(otherCode.sha256()).isNotEqualTo(CONFIG.sha256());
        assertThat(otherCode.files()).isEqualTo(CONFIG.files());
    }
}

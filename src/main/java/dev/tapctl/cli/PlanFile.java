package dev.tapctl.cli;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tapctl.config.ConfigException;
import dev.tapctl.engine.LiveFingerprint;
import dev.tapctl.engine.Plan;
import dev.tapctl.engine.Step;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A saved plan ({@code plan --out FILE}): what the plan would do, in plan JSON, and what it was
 * made from: the tapctl version, environment, region and account, a digest of the configuration,
 * and a fingerprint of every object it read. {@code apply FILE} makes the plan again and carries it
 * out only when all of that is unchanged. The checksum, over the rest in canonical form, catches a
 * damaged or hand-edited file; it is not a signature (whoever can write the file can recompute it).
 * Nothing secret is in it: plan JSON holds no secret value, and a fingerprint is a digest.
 */
record PlanFile(
        int planFileVersion,
        String tapctlVersion,
        String env,
        String region,
        String account,
        ConfigurationDigest configuration,
        Map<String, String> fingerprints,
        JsonNode plan) {
    static final int VERSION = 1;
    private static final String CHECKSUM = "checksum";
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    PlanFile {
        fingerprints = Map.copyOf(fingerprints);
    }

    /**
     * The configuration a plan was made from: each file's content ({@code defaults.yaml},
     * {@code ENV.yaml}) and each function's code, as SHA-256 digests.
     */
    record ConfigurationDigest(String sha256, Map<String, String> files, Map<String, String> functions) {
        ConfigurationDigest {
            files = Map.copyOf(files);
            functions = Map.copyOf(functions);
        }

        static ConfigurationDigest of(Map<String, JsonNode> documents, Map<String, String> functionCode) {
            Map<String, String> files = new LinkedHashMap<>();
            documents.forEach((name, tree) -> files.put(name, digest(tree)));
            ObjectNode all = JSON.createObjectNode();
            all.set("files", JSON.valueToTree(files));
            all.set("functions", JSON.valueToTree(functionCode));
            return new ConfigurationDigest(digest(all), files, functionCode);
        }
    }

    /** The saved form of {@code plan}, made by this tapctl in {@code account}. */
    static PlanFile of(Plan plan, String account, ConfigurationDigest configuration) {
        return new PlanFile(
                VERSION,
                Version.current(),
                plan.env(),
                plan.region(),
                account,
                configuration,
                fingerprints(plan),
                PlanJson.tree(plan));
    }

    /** Each step's fingerprint of what the plan found of it ({@link LiveFingerprint#ABSENT} for nothing). */
    static Map<String, String> fingerprints(Plan plan) {
        Map<String, String> fingerprints = new LinkedHashMap<>();
        for (Step step : plan.changes()) {
            fingerprints.put(step.id(), LiveFingerprint.of(step.live()));
        }
        return fingerprints;
    }

    /** The plan as its steps were saved, for showing it (it holds no live objects). */
    Plan savedPlan() {
        return PlanJsonReader.read(plan);
    }

    void write(Path file) {
        ObjectNode tree = JSON.valueToTree(this);
        tree.put(CHECKSUM, digest(tree));
        try {
            Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(tree) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the plan to " + file, e);
        }
    }

    /**
     * Reads and checks a plan file: it must be whole JSON, of this plan-file version, with its
     * checksum intact, made by this tapctl version. Any of these failing is invalid input (exit 65),
     * before any AWS call; a file that is not there is a usage error the caller reports.
     *
     * @throws NoSuchFileException when there is no such file
     */
    static PlanFile read(Path file) throws NoSuchFileException {
        String where = file.toString();
        JsonNode tree;
        try {
            tree = JSON.readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw e;
        } catch (JacksonException e) {
            throw refused(where, "not a tapctl plan file: truncated or not JSON (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw refused(where, "cannot read it: " + e.getMessage());
        }
        if (!(tree instanceof ObjectNode object) || !object.has("planFileVersion")) {
            throw refused(where, "not a tapctl plan file (no planFileVersion); make one with tapctl plan --out FILE");
        }
        if (object.path("planFileVersion").asInt() != VERSION) {
            throw refused(
                    where,
                    "plan file version " + object.get("planFileVersion") + " is not the version " + VERSION
                            + " this tapctl reads; make the plan again");
        }
        JsonNode checksum = object.remove(CHECKSUM);
        if (checksum == null || !checksum.asText().equals(digest(object))) {
            throw refused(
                    where,
                    "its checksum does not match its content: the file was edited or damaged after tapctl plan wrote"
                            + " it; make the plan again");
        }
        String madeBy = object.path("tapctlVersion").asText();
        if (!madeBy.equals(Version.current())) {
            throw refused(
                    where,
                    "made by tapctl " + madeBy + ", but this is tapctl " + Version.current()
                            + ": a plan is applied by the tapctl version that made it; make the plan again");
        }
        try {
            PlanFile saved = JSON.treeToValue(object, PlanFile.class);
            saved.savedPlan();
            return saved;
        } catch (JacksonException | IllegalArgumentException e) {
            throw refused(where, "not a tapctl plan file: " + e.getMessage());
        }
    }

    /** {@link #read} of a command's FILE argument: a file that is not there is a usage error (exit 64). */
    static PlanFile readArgument(picocli.CommandLine.Model.CommandSpec spec, Path file) {
        try {
            return read(file);
        } catch (NoSuchFileException e) {
            throw new picocli.CommandLine.ParameterException(
                    spec.commandLine(),
                    "FILE: no plan file " + file
                            + " (tapctl plan --out FILE writes one; an environment is chosen with --env)");
        }
    }

    private static ConfigException refused(String file, String why) {
        return new ConfigException(file + ": " + why + "; nothing was changed");
    }

    /** SHA-256 of the tree in canonical form: keys sorted at every level, numbers as JSON writes them. */
    static String digest(JsonNode tree) {
        return LiveFingerprint.sha256(LiveFingerprint.canonical(tree).toString());
    }
}

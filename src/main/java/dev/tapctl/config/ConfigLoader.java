package dev.tapctl.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.snakeyaml.error.MarkedYAMLException;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Loads {@code defaults.yaml} and {@code <env>.yaml} from the config directory, merges the
 * environment file over the defaults, and validates the result. Every problem names the file the
 * offending value came from and its dotted key, so the user can go straight to it.
 */
public final class ConfigLoader {
    public static final String DEFAULTS_FILE = "defaults.yaml";
    /**
     * Lower-case letters, digits and single hyphens, 1 to 20 characters, starting with a letter:
     * the name goes into every resource name, and RDS refuses identifiers with two hyphens in a row.
     */
    private static final Pattern ENV_NAME = Pattern.compile("[a-z](?:[a-z0-9]|-(?!-)){0,18}[a-z0-9]|[a-z]");
    /** Jackson's wording varies across versions ("Missing required creator property", "Missing creator property"). */
    private static final Pattern CREATOR_PROPERTY =
            Pattern.compile("(?:Missing|Null value for) (?:required )?creator property '([^']+)'");

    private final YAMLMapper mapper = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    /** The file layout as written in YAML; {@link TapConfig} adds the environment name. */
    record ConfigFile(
            String project,
            String region,
            @JsonProperty("protected") boolean protectedEnv,
            Map<String, String> tags,
            TapConfig.NetworkConfig network,
            TapConfig.LogsConfig logs,
            TapConfig.KmsConfig kms,
            TapConfig.DatabaseConfig database,
            TapConfig.TableConfig table,
            Map<String, TapConfig.FunctionConfig> functions,
            TapConfig.ApiConfig api,
            TapConfig.ComputeConfig compute,
            TapConfig.AlarmsConfig alarms) {}

    /**
     * One environment's configuration and the files its keys came from, for a problem with a
     * value that only shows later (a PostgreSQL version AWS no longer creates).
     */
    public static final class Loaded {
        private final TapConfig config;
        private final Origins origins;
        private final Map<TapConfig.WaitTimeout, List<String>> timeoutKeys;
        private final Map<TapConfig.IgnoreRule, List<String>> ignoreKeys;

        private Loaded(
                TapConfig config,
                Origins origins,
                Map<TapConfig.WaitTimeout, List<String>> timeoutKeys,
                Map<TapConfig.IgnoreRule, List<String>> ignoreKeys) {
            this.config = config;
            this.origins = origins;
            this.timeoutKeys = Map.copyOf(timeoutKeys);
            this.ignoreKeys = Map.copyOf(ignoreKeys);
        }

        public TapConfig config() {
            return config;
        }

        /**
         * What each file held, by file name ({@code defaults.yaml}, {@code ENV.yaml}), as read: for
         * a digest of the configuration a saved plan was made from, which neither key order,
         * comments nor the folder's spelling change.
         */
        public Map<String, JsonNode> documents() {
            Map<String, JsonNode> documents = new java.util.TreeMap<>();
            documents.put(
                    origins.defaultsFile().getFileName().toString(),
                    origins.defaults().deepCopy());
            documents.put(
                    origins.envFile().getFileName().toString(),
                    origins.overrides().deepCopy());
            return documents;
        }

        /**
         * {@code <file>: <key>: <message>}, as every configuration problem reads, naming the file
         * that sets {@code dottedKey}: the environment file when it has the key, else
         * {@code defaults.yaml}. For keys whose names hold no dots (not a tag's).
         */
        public String problem(String dottedKey, String message) {
            List<String> path = List.of(dottedKey.split("\\."));
            return origins.fileOf(path) + ": " + dotted(path) + ": " + message;
        }

        /**
         * Like {@link #problem} for one of {@code config().timeouts()}, whose target (an id or a
         * kind) holds dots of its own: the key as the file wrote it.
         */
        public String problem(TapConfig.WaitTimeout timeout, String message) {
            List<String> path = timeoutKeys.get(timeout);
            return origins.fileOf(path) + ": " + dotted(path) + ": " + message;
        }

        /**
         * Like {@link #problem} for one of {@code config().ignoreChanges()}, whose target (an id
         * or a glob) holds dots of its own: the key as the file wrote it.
         */
        public String problem(TapConfig.IgnoreRule rule, String message) {
            List<String> path = ignoreKeys.get(rule);
            return origins.fileOf(path) + ": " + dotted(path) + ": " + message;
        }
    }

    public TapConfig load(Path configDir, String env) {
        return loadWithSources(configDir, env).config();
    }

    /** Like {@link #load}, keeping where each key came from. */
    public Loaded loadWithSources(Path configDir, String env) {
        requireValidEnvName(env);
        if (!Files.isDirectory(configDir)) {
            throw new ConfigException("--config-dir: " + display(configDir) + " is not a directory");
        }
        Path defaultsFile = configDir.resolve(DEFAULTS_FILE);
        Path envFile = configDir.resolve(env + ".yaml");
        if (Files.exists(envFile) && !Files.isRegularFile(envFile)) {
            throw new ConfigException(display(envFile) + ": is not a regular file");
        }
        if (!Files.exists(envFile)) {
            throw new ConfigException(display(envFile) + ": no configuration for environment \"" + env + "\""
                    + knownEnvironments(configDir));
        }
        ObjectNode defaults = readTree(defaultsFile);
        ObjectNode overrides = readTree(envFile);
        ObjectNode merged = defaults.deepCopy();
        merge(merged, overrides);
        Origins origins = new Origins(defaultsFile, defaults, envFile, overrides);

        // Optional keys, which the strict mapping below cannot leave out: read on their own.
        RunBoundsReader.Read bounds = new RunBoundsReader().read(merged.remove("account"), merged.remove("timeouts"));
        IgnoreChangesReader.Read ignores = new IgnoreChangesReader().read(merged.remove("ignoreChanges"));
        ConfigFile file;
        try {
            file = mapper.treeToValue(merged, ConfigFile.class);
        } catch (JsonMappingException e) {
            throw new ConfigException(describe(e, origins));
        } catch (JacksonException e) {
            throw new ConfigException(display(envFile) + ": " + e.getOriginalMessage());
        }
        for (Map.Entry<String, String> tag : file.tags().entrySet()) {
            if (tag.getValue() == null) {
                List<String> key = List.of("tags", tag.getKey());
                throw new ConfigException(
                        origins.fileOf(key) + ": " + dotted(key) + ": must have a value (write \"\" for an empty one)");
            }
        }
        TapConfig config = new TapConfig(
                file.project(),
                env,
                file.region(),
                file.protectedEnv(),
                file.tags(),
                file.network(),
                file.logs(),
                file.kms(),
                file.database(),
                file.table(),
                file.functions(),
                file.api(),
                file.compute(),
                file.alarms(),
                bounds.account(),
                bounds.timeouts(),
                ignores.rules());
        List<Problem> all = new ArrayList<>(new ConfigValidator().validate(config));
        all.addAll(bounds.problems());
        all.addAll(ignores.problems());
        List<String> problems = all.stream()
                .map(p -> origins.fileOf(p.path()) + ": " + dotted(p.path()) + ": " + p.message())
                .toList();
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new Loaded(config, origins, bounds.keys(), ignores.keys());
    }

    /** Whether {@code region} has the shape of an AWS region name, e.g. us-east-1. */
    public static boolean isRegionName(String region) {
        return region != null && ConfigValidator.REGION.matcher(region).matches();
    }

    /** Environment names become part of IAM, S3 and log group names, so they are kept plain. */
    public static void requireValidEnvName(String env) {
        if (env == null || !ENV_NAME.matcher(env).matches()) {
            throw new ConfigException("--env: \"" + env + "\" is not a valid environment name "
                    + "(1-20 lowercase letters, digits or '-', starting with a letter, not ending with '-')");
        }
    }

    private ObjectNode readTree(Path file) {
        try {
            String text = Files.readString(file);
            JsonNode node = text.isBlank() ? null : readSingleDocument(file, text);
            if (node == null || node.isNull() || node.isMissingNode()) {
                return JsonNodeFactory.instance.objectNode();
            }
            if (!node.isObject()) {
                throw new ConfigException(display(file) + ": the top level must be a mapping of keys to values");
            }
            return (ObjectNode) node;
        } catch (NoSuchFileException e) {
            throw new ConfigException(display(file) + ": file not found");
        } catch (CharacterCodingException e) {
            throw new ConfigException(display(file) + ": cannot be read: not UTF-8 text");
        } catch (MarkedYAMLException e) {
            // SnakeYAML's problem mark is where the error is; Jackson's location is its context.
            String where = e.getProblemMark() == null
                    ? ""
                    : "line " + (e.getProblemMark().getLine() + 1) + ", column "
                            + (e.getProblemMark().getColumn() + 1) + ": ";
            String context = e.getContext() == null || e.getContextMark() == null
                    ? ""
                    : " (" + e.getContext() + " at line " + (e.getContextMark().getLine() + 1) + ")";
            throw new ConfigException(
                    display(file) + ": " + where + "malformed YAML: " + firstLine(e.getProblem()) + context);
        } catch (JacksonException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": ";
            throw new ConfigException(
                    display(file) + ": " + where + "malformed YAML: " + firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new ConfigException(display(file) + ": cannot be read: " + e.getMessage());
        }
    }

    /** A second document after {@code ---} would be silently ignored by a plain read: refuse it. */
    private JsonNode readSingleDocument(Path file, String text) throws IOException {
        try (JsonParser parser = mapper.createParser(text)) {
            JsonNode node = mapper.readTree(parser);
            if (parser.nextToken() != null) {
                throw new ConfigException(
                        display(file) + ": line " + parser.currentLocation().getLineNr()
                                + ": a second YAML document; tapctl reads one document per file");
            }
            return node;
        }
    }

    private static void merge(ObjectNode target, ObjectNode overrides) {
        overrides.fields().forEachRemaining(entry -> {
            JsonNode existing = target.get(entry.getKey());
            if (existing instanceof ObjectNode existingObject && entry.getValue() instanceof ObjectNode override) {
                merge(existingObject, override);
            } else {
                target.set(entry.getKey(), entry.getValue());
            }
        });
    }

    private static String describe(JsonMappingException e, Origins origins) {
        List<String> path = new ArrayList<>();
        e.getPath()
                .forEach(ref -> path.add(ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]"));
        Matcher creator = CREATOR_PROPERTY.matcher(e.getOriginalMessage());
        if (creator.find() && (path.isEmpty() || !path.get(path.size() - 1).equals(creator.group(1)))) {
            path.add(creator.group(1));
        }
        List<String> absent = origins.firstAbsent(path);
        if (absent != null) {
            return origins.both() + ": " + dotted(absent) + ": missing required key";
        }
        String where = origins.fileOf(path) + ": " + dotted(path) + ": ";
        if (creator.find(0) && e.getOriginalMessage().startsWith("Null value")) {
            return where + "must have a value";
        }
        if (e instanceof UnrecognizedPropertyException unknown) {
            String optional = path.size() == 1 ? " or an optional one: account, ignoreChanges, timeouts" : "";
            return where + "unknown key (expected one of: " + sorted(unknown.getKnownPropertyIds()) + ")" + optional;
        }
        if (e instanceof InvalidFormatException invalid) {
            return where + "expected " + typeName(invalid.getTargetType()) + ", got " + quote(invalid.getValue());
        }
        if (e instanceof MismatchedInputException mismatched && mismatched.getTargetType() != null) {
            return where + "expected " + typeName(mismatched.getTargetType()) + ", got " + origins.valueAt(path);
        }
        return where + firstLine(e.getOriginalMessage());
    }

    static String dotted(List<String> path) {
        return String.join(".", path).replace(".[", "[");
    }

    private static String typeName(Class<?> type) {
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "a whole number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a text value";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "a mapping of keys to values";
        }
        return type.getSimpleName();
    }

    private static String quote(Object value) {
        return value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
    }

    private static String sorted(Collection<Object> ids) {
        return ids.stream().map(String::valueOf).sorted().collect(Collectors.joining(", "));
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("").trim();
    }

    private static String knownEnvironments(Path configDir) {
        try (Stream<Path> files = Files.list(configDir)) {
            List<String> envs = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".yaml") && !n.equals(DEFAULTS_FILE))
                    .map(n -> n.substring(0, n.length() - ".yaml".length()))
                    .sorted()
                    .toList();
            return envs.isEmpty() ? "" : " (known: " + String.join(", ", envs) + ")";
        } catch (IOException e) {
            return " (" + display(configDir) + " cannot be listed)";
        }
    }

    static String display(Path path) {
        Path cwd = Path.of("").toAbsolutePath();
        Path absolute = path.toAbsolutePath().normalize();
        return absolute.startsWith(cwd) ? cwd.relativize(absolute).toString() : absolute.toString();
    }

    /** Which of the two files a merged value came from: the environment file wins. */
    private record Origins(Path defaultsFile, ObjectNode defaults, Path envFile, ObjectNode overrides) {
        String fileOf(List<String> path) {
            return display(find(overrides, path) != null || find(defaults, path) == null ? envFile : defaultsFile);
        }

        String both() {
            return display(defaultsFile) + " or " + display(envFile);
        }

        /** The shortest prefix of {@code path} that neither file has, or null if one has it all. */
        List<String> firstAbsent(List<String> path) {
            for (int i = 1; i <= path.size(); i++) {
                List<String> prefix = path.subList(0, i);
                JsonNode mine = find(overrides, prefix);
                JsonNode theirs = find(defaults, prefix);
                if ((mine == null || mine.isNull()) && (theirs == null || theirs.isNull())) {
                    return (mine == null && theirs == null) ? List.copyOf(prefix) : null;
                }
            }
            return null;
        }

        String valueAt(List<String> path) {
            JsonNode node = find(overrides, path);
            if (node == null) {
                node = find(defaults, path);
            }
            if (node == null || node.isNull()) {
                return "nothing";
            }
            return node.isObject()
                    ? "a mapping"
                    : node.isArray() ? "a list" : node.isTextual() ? "\"" + node.asText() + "\"" : node.toString();
        }

        private static JsonNode find(JsonNode root, List<String> path) {
            JsonNode node = root;
            for (String part : path) {
                if (node == null || !node.isObject()) {
                    return null;
                }
                node = node.get(part);
            }
            return node;
        }
    }

    /** One semantic problem at a key of the merged configuration, as path segments (tag keys may hold dots). */
    record Problem(List<String> path, String message) {}
}

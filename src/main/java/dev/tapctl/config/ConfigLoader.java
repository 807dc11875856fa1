package dev.tapctl.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
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
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
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
    private static final Pattern ENV_NAME = Pattern.compile("[a-z][a-z0-9-]{0,18}[a-z0-9]|[a-z]");
    private static final Pattern MISSING = Pattern.compile("Missing required creator property '([^']+)'");
    private static final Pattern NULL_VALUE = Pattern.compile("Null value for creator property '([^']+)'");

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
            TapConfig.KmsConfig kms) {
    }

    public TapConfig load(Path configDir, String env) {
        requireValidEnvName(env);
        Path defaultsFile = configDir.resolve(DEFAULTS_FILE);
        Path envFile = configDir.resolve(env + ".yaml");
        if (!Files.isRegularFile(envFile)) {
            throw new ConfigException(display(envFile) + ": no configuration for environment \"" + env
                    + "\"" + knownEnvironments(configDir));
        }
        ObjectNode defaults = readTree(defaultsFile);
        ObjectNode overrides = readTree(envFile);
        ObjectNode merged = defaults.deepCopy();
        merge(merged, overrides);
        Origins origins = new Origins(defaultsFile, defaults, envFile, overrides);

        ConfigFile file;
        try {
            file = mapper.treeToValue(merged, ConfigFile.class);
        } catch (JsonMappingException e) {
            throw new ConfigException(describe(e, origins));
        } catch (JacksonException e) {
            throw new ConfigException(display(envFile) + ": " + e.getOriginalMessage());
        }
        TapConfig config = new TapConfig(file.project(), env, file.region(), file.protectedEnv(),
                file.tags() == null ? Map.of() : file.tags(), file.network(), file.logs(), file.kms());
        List<String> problems = new ConfigValidator().validate(config).stream()
                .map(p -> origins.fileOf(p.path()) + ": " + p.path() + ": " + p.message())
                .toList();
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return config;
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
            JsonNode node = text.isBlank() ? null : mapper.readTree(text);
            if (node == null || node.isNull() || node.isMissingNode()) {
                return JsonNodeFactory.instance.objectNode();
            }
            if (!node.isObject()) {
                throw new ConfigException(display(file) + ": the top level must be a mapping of keys to values");
            }
            return (ObjectNode) node;
        } catch (NoSuchFileException e) {
            throw new ConfigException(display(file) + ": file not found");
        } catch (JacksonException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": ";
            throw new ConfigException(display(file) + ": " + where + "malformed YAML: " + firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new ConfigException(display(file) + ": cannot be read: " + e.getMessage());
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
        String path = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
        String message = e.getOriginalMessage();
        Matcher missing = MISSING.matcher(message);
        if (missing.find()) {
            String key = path.isEmpty() ? missing.group(1) : path + "." + missing.group(1);
            return origins.both() + ": " + key + ": missing required key";
        }
        Matcher nullValue = NULL_VALUE.matcher(message);
        if (nullValue.find()) {
            String key = path.isEmpty() ? nullValue.group(1) : path + "." + nullValue.group(1);
            return origins.fileOf(key) + ": " + key + ": must have a value";
        }
        if (e instanceof UnrecognizedPropertyException unknown) {
            return origins.fileOf(path) + ": " + path + ": unknown key (expected one of: "
                    + sorted(unknown.getKnownPropertyIds()) + ")";
        }
        if (e instanceof InvalidFormatException invalid) {
            return origins.fileOf(path) + ": " + path + ": expected " + typeName(invalid.getTargetType())
                    + ", got " + quote(invalid.getValue());
        }
        if (e instanceof MismatchedInputException mismatched && mismatched.getTargetType() != null) {
            return origins.fileOf(path) + ": " + path + ": expected " + typeName(mismatched.getTargetType())
                    + ", got " + origins.valueAt(path);
        }
        return origins.fileOf(path) + ": " + path + ": " + firstLine(message);
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
                    .sorted().toList();
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
        String fileOf(String dottedPath) {
            return display(has(overrides, dottedPath) || !has(defaults, dottedPath) ? envFile : defaultsFile);
        }

        String both() {
            return display(defaultsFile) + " or " + display(envFile);
        }

        String valueAt(String dottedPath) {
            JsonNode node = find(overrides, dottedPath);
            if (node == null) {
                node = find(defaults, dottedPath);
            }
            if (node == null) {
                return "nothing";
            }
            return node.isObject() ? "a mapping" : node.isArray() ? "a list" : node.isTextual() ? "\"" + node.asText() + "\"" : node.toString();
        }

        private static boolean has(JsonNode root, String dottedPath) {
            return find(root, dottedPath) != null;
        }

        private static JsonNode find(JsonNode root, String dottedPath) {
            JsonNode node = root;
            for (String part : dottedPath.split("\\.")) {
                if (node == null || !node.isObject()) {
                    return null;
                }
                node = node.get(part);
            }
            return node;
        }
    }

    /** One semantic problem at a dotted key of the merged configuration. */
    record Problem(String path, String message) {
    }
}

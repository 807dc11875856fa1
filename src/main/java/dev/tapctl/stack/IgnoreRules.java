package dev.tapctl.stack;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.type.TypeFactory;
import dev.tapctl.config.TapConfig;
import dev.tapctl.engine.spi.Kind;
import dev.tapctl.engine.spi.ResourceDef;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Resolves {@code ignoreChanges} against one environment's resources: each glob to the logical
 * ids it matches, each attribute path to the spec field that holds it. A glob that matches no
 * resource, a path the kind does not have, and, in a protected environment, a path that is a
 * {@link Safeguards safeguard}, are problems of the rule (the caller names the file and key).
 *
 * <p>The paths a kind has are its spec record's fields, a nested record's as {@code field.sub},
 * a map's keys as {@code field.<key>} ({@code tags.CostCenter}), and the few that its handler's
 * diff names otherwise ({@link #PLAN_NAMES}).
 */
public final class IgnoreRules {
    /**
     * Differences a handler names otherwise than its spec field, plan path to spec path: the plan
     * shows AWS's shape of the value (an instance's metadata options), the spec tapctl's.
     */
    private static final Map<String, Map<String, String>> PLAN_NAMES = Map.of(
            Kinds.INSTANCE.name(),
            Map.of(
                    "metadataOptions.httpTokens", "imdsV2Required",
                    "rootVolume.sizeGb", "volumeSizeGb",
                    "rootVolume.kmsKeyId", "volumeKmsKeyArn",
                    "instanceProfile", "instanceProfileName"),
            Kinds.STAGE.name(),
            Map.of("throttling.rateLimit", "rateLimit", "throttling.burstLimit", "burstLimit"),
            Kinds.USAGE_PLAN.name(),
            Map.of(
                    "throttle.rateLimit", "rateLimit",
                    "throttle.burstLimit", "burstLimit",
                    "quota.limit", "quotaLimit",
                    "quota.period", "quotaPeriod"));

    /** One rule's problem, for the caller to name its file and key. */
    public record Problem(TapConfig.IgnoreRule rule, String message) {}

    /** For each logical id, its ignored plan paths with the spec path of each; and the problems. */
    public record Resolved(Map<String, Map<String, String>> byId, List<Problem> problems) {
        public Resolved {
            byId = Map.copyOf(byId);
            problems = List.copyOf(problems);
        }
    }

    private IgnoreRules() {}

    public static Resolved resolve(TapConfig config, List<ResourceDef<?>> resources) {
        Map<String, Map<String, String>> byId = new TreeMap<>();
        List<Problem> problems = new ArrayList<>();
        for (TapConfig.IgnoreRule rule : config.ignoreChanges()) {
            Pattern glob = glob(rule.target());
            List<ResourceDef<?>> matched = resources.stream()
                    .filter(r -> glob.matcher(r.id()).matches())
                    .toList();
            if (matched.isEmpty()) {
                problems.add(new Problem(
                        rule,
                        "\"" + rule.target() + "\" matches no resource of " + config.env()
                                + " (plan --offline --json lists them; * and ? stay within one dot-separated part)"));
                continue;
            }
            // One problem per path and kind, naming the ids: fn.* matches both functions.
            Map<String, List<ResourceDef<?>>> byKind = new LinkedHashMap<>();
            matched.forEach(r -> byKind.computeIfAbsent(r.kind().name(), k -> new ArrayList<>())
                    .add(r));
            for (String path : rule.paths()) {
                for (List<ResourceDef<?>> ofKind : byKind.values()) {
                    check(config, rule, ofKind, path, problems)
                            .ifPresent(specPath -> ofKind.forEach(
                                    resource -> byId.computeIfAbsent(resource.id(), id -> new LinkedHashMap<>())
                                            .put(path, specPath)));
                }
            }
        }
        return new Resolved(byId, problems);
    }

    /** The spec path of {@code path} of {@code resources} (all of one kind), or empty with the problem recorded. */
    private static Optional<String> check(
            TapConfig config,
            TapConfig.IgnoreRule rule,
            List<ResourceDef<?>> resources,
            String path,
            List<Problem> problems) {
        Kind<?> kindOf = resources.get(0).kind();
        String kind = kindOf.name();
        String specPath = PLAN_NAMES.getOrDefault(kind, Map.of()).get(path);
        if (specPath == null && holds(kindOf.specType(), List.of(path.split("\\.", -1)))) {
            specPath = path;
        }
        String of = " of "
                + String.join(", ", resources.stream().map(ResourceDef::id).toList()) + " (" + kind + ")";
        if (specPath == null) {
            problems.add(new Problem(
                    rule,
                    path + " is not an attribute" + of + "; it has: "
                            + String.join(", ", paths(kindOf.specType(), kind))));
            return Optional.empty();
        }
        if (config.protectedEnv()) {
            String inSpec = specPath;
            Optional<String> guard = Safeguards.guardedBy(kind, path).or(() -> Safeguards.guardedBy(kind, inSpec));
            if (guard.isPresent()) {
                problems.add(new Problem(
                        rule,
                        config.env() + " is protected: " + path + of + " is a safeguard (" + guard.get()
                                + ") and cannot be ignored; change it in the configuration instead"));
                return Optional.empty();
            }
        }
        return Optional.of(specPath);
    }

    /** {@code *} any characters but a dot, {@code ?} one; the rest literal. */
    static Pattern glob(String target) {
        StringBuilder regex = new StringBuilder();
        for (char c : target.toCharArray()) {
            switch (c) {
                case '*' -> regex.append("[^.]*");
                case '?' -> regex.append("[^.]");
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }

    /** Whether the spec type holds {@code path}: a field, a nested record's field, or a key under a map. */
    private static boolean holds(Type type, List<String> path) {
        if (path.isEmpty()) {
            return true;
        }
        Class<?> raw = TypeFactory.rawClass(type);
        if (Map.class.isAssignableFrom(raw)) {
            return path.stream().noneMatch(String::isEmpty);
        }
        if (!raw.isRecord()) {
            return false;
        }
        for (RecordComponent component : raw.getRecordComponents()) {
            if (component.getName().equals(path.get(0)) && !ignoredByJson(component)) {
                return holds(component.getGenericType(), path.subList(1, path.size()));
            }
        }
        return false;
    }

    /** The paths a kind has, for the message: {@code field}, {@code field.sub}, {@code field.<key>}. */
    private static List<String> paths(Class<?> specType, String kind) {
        TreeSet<String> all = new TreeSet<>();
        collect(specType, "", all);
        all.addAll(PLAN_NAMES.getOrDefault(kind, Map.of()).keySet());
        return List.copyOf(all);
    }

    private static void collect(Type type, String prefix, TreeSet<String> into) {
        for (RecordComponent component : TypeFactory.rawClass(type).getRecordComponents()) {
            if (ignoredByJson(component)) {
                continue;
            }
            String path = prefix + component.getName();
            Class<?> raw = TypeFactory.rawClass(component.getGenericType());
            if (raw.isRecord()) {
                into.add(path);
                collect(component.getGenericType(), path + ".", into);
            } else if (Map.class.isAssignableFrom(raw)) {
                into.add(path);
                into.add(path + ".<key>");
            } else {
                into.add(path);
            }
        }
    }

    /** A field plan JSON leaves out (a function's zip on this machine) is no attribute. */
    private static boolean ignoredByJson(RecordComponent component) {
        JsonIgnore ignore = component.getAnnotation(JsonIgnore.class);
        if (ignore == null && component.getAccessor().getAnnotation(JsonIgnore.class) != null) {
            ignore = component.getAccessor().getAnnotation(JsonIgnore.class);
        }
        return ignore != null && ignore.value();
    }
}

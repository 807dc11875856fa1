package dev.tapctl.resources.apigateway;

import static dev.tapctl.resources.apigateway.CorsResponses.METHOD_HEADER;

import dev.tapctl.engine.spi.AttributeChange;
import dev.tapctl.stack.spec.ApiRoutesSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import software.amazon.awssdk.services.apigateway.model.IntegrationType;

/**
 * The routes of a REST API: the resources and methods a spec asks for (every configured path takes
 * ANY through a Lambda proxy integration and, with CORS, OPTIONS through the preflight mock), and
 * how the live ones differ from them, field by field.
 */
final class ApiRoutes {
    static final String ANY = "ANY";
    static final String OPTIONS = "OPTIONS";
    static final String ROOT = "/";
    static final String OK = "200";

    private ApiRoutes() {}

    /** Every path the API must have (configured paths, their parents and the root) with its methods. */
    static Map<String, Map<String, ApiMethod>> desired(ApiRoutesSpec spec) {
        Map<String, Map<String, ApiMethod>> paths = new TreeMap<>();
        paths.put(ROOT, new TreeMap<>());
        ApiMethod proxy = new ApiMethod(
                "NONE",
                IntegrationType.AWS_PROXY.toString(),
                "POST",
                spec.integrationUri(),
                null,
                null,
                null,
                null,
                spec.keyRequired(ANY));
        ApiMethod preflight = CorsResponses.preflight(spec.cors(), spec.keyRequired(OPTIONS));
        for (String configured : spec.resourcePaths()) {
            String path = normalize(configured);
            for (String ancestor : ancestors(path)) {
                paths.computeIfAbsent(ancestor, p -> new TreeMap<>());
            }
            Map<String, ApiMethod> methods = paths.computeIfAbsent(path, p -> new TreeMap<>());
            methods.put(ANY, proxy);
            if (preflight != null) {
                methods.put(OPTIONS, preflight);
            }
        }
        return paths;
    }

    /**
     * The changes that bring {@code live} resources to {@code desired}: a missing resource or
     * method as a whole ({@code resources./items}, {@code resources./items.ANY}), an extra one
     * likewise, and within a method each field tapctl sets ({@code resources./items.ANY.integrationUri}).
     */
    static void diff(
            Map<String, Map<String, ApiMethod>> desired, Map<String, ApiResource> live, List<AttributeChange> changes) {
        desired.forEach((path, methods) -> {
            ApiResource resource = live.get(path);
            String prefix = "resources." + path;
            if (resource == null) {
                changes.add(AttributeChange.of(prefix, null, List.copyOf(methods.keySet())));
                return;
            }
            resource.methods().forEach((name, method) -> {
                if (!methods.containsKey(name)) {
                    changes.add(AttributeChange.of(prefix + "." + name, method.summary(), null));
                }
            });
            methods.forEach((name, want) -> {
                ApiMethod have = resource.methods().get(name);
                if (have == null) {
                    changes.add(AttributeChange.of(prefix + "." + name, null, want.summary()));
                } else {
                    diffMethod(prefix + "." + name, want, have, changes);
                }
            });
        });
        live.forEach((path, resource) -> {
            if (!desired.containsKey(path)) {
                changes.add(AttributeChange.of(
                        "resources." + path,
                        List.copyOf(new TreeSet<>(resource.methods().keySet())),
                        null));
            }
        });
    }

    static void diffMethod(String prefix, ApiMethod want, ApiMethod have, List<AttributeChange> changes) {
        FieldDiffs.value(prefix + ".authorizationType", want.authorizationType(), have.authorizationType(), changes);
        FieldDiffs.value(prefix + ".integrationType", want.integrationType(), have.integrationType(), changes);
        FieldDiffs.value(
                prefix + ".integrationHttpMethod", want.integrationHttpMethod(), have.integrationHttpMethod(), changes);
        FieldDiffs.value(prefix + ".integrationUri", want.integrationUri(), have.integrationUri(), changes);
        if (want.apiKeyRequired() != null && !want.apiKeyRequired().equals(have.apiKeyRequired())) {
            changes.add(AttributeChange.of(prefix + ".apiKeyRequired", have.apiKeyRequired(), want.apiKeyRequired()));
        }
        if (want.requestTemplates() != null) {
            FieldDiffs.map(prefix + ".requestTemplates", "", have.requestTemplates(), want.requestTemplates(), changes);
        }
        if (want.methodResponseParameters() != null) {
            FieldDiffs.map(
                    prefix + ".methodResponse." + OK,
                    METHOD_HEADER,
                    have.methodResponseParameters(),
                    want.methodResponseParameters(),
                    changes);
        }
        if (want.integrationResponseParameters() != null) {
            FieldDiffs.map(
                    prefix + ".integrationResponse." + OK,
                    METHOD_HEADER,
                    have.integrationResponseParameters(),
                    want.integrationResponseParameters(),
                    changes);
        }
        if (want.integrationResponseTemplates() != null) {
            FieldDiffs.map(
                    prefix + ".integrationResponse." + OK + ".responseTemplates",
                    "",
                    have.integrationResponseTemplates(),
                    want.integrationResponseTemplates(),
                    changes);
        }
    }

    /** {@code items/{id}/} and {@code /items/{id}} are the same resource path. */
    static String normalize(String path) {
        String trimmed = path.trim();
        String[] parts = trimmed.split("/");
        List<String> segments = new ArrayList<>();
        for (String part : parts) {
            if (!part.isEmpty()) {
                segments.add(part);
            }
        }
        if (trimmed.contains("//")) {
            throw new IllegalArgumentException("resource path '" + path + "' has an empty segment");
        }
        return ROOT + String.join("/", segments);
    }

    /** The paths above {@code path}, root first, e.g. {@code /}, {@code /items} for {@code /items/{id}}. */
    static List<String> ancestors(String path) {
        List<String> result = new ArrayList<>();
        String current = path;
        while (!current.equals(ROOT)) {
            current = parent(current);
            result.add(0, current);
        }
        return result;
    }

    static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? ROOT : path.substring(0, slash);
    }

    static String lastSegment(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    static int depth(String path) {
        return path.equals(ROOT) ? 0 : path.split("/").length - 1;
    }
}

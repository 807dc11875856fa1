package dev.tapctl.resources.apigateway;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * How a REST API's resources and methods are brought to the desired routes, in the order of the
 * calls: remove the resources that are not configured (topmost first: deleting a resource deletes
 * what is under it), create the missing ones parents first, then remove, put or repair each method
 * of each desired path. Only what differs is in the plan.
 *
 * @param removedResources paths of live resources to delete
 * @param newResources     paths of resources to create, each after its parent
 * @param methods          the method calls, by path in path order, then by HTTP method
 */
record RoutePlan(List<String> removedResources, List<String> newResources, List<MethodStep> methods) {
    RoutePlan {
        removedResources = List.copyOf(removedResources);
        newResources = List.copyOf(newResources);
        methods = List.copyOf(methods);
    }

    /** One method's calls; {@code want} is null for a method that is removed. */
    record MethodStep(String path, String httpMethod, ApiMethod want, MethodRepair repair) {}

    static RoutePlan of(Map<String, Map<String, ApiMethod>> desired, Map<String, ApiResource> live) {
        List<String> removed = new TreeSet<>(live.keySet())
                .stream()
                        .filter(path -> !desired.containsKey(path) && desired.containsKey(ApiRoutes.parent(path)))
                        .toList();
        List<String> created = desired.keySet().stream()
                .filter(path -> !live.containsKey(path))
                .sorted(Comparator.comparingInt(ApiRoutes::depth).thenComparing(Comparator.naturalOrder()))
                .toList();
        List<MethodStep> steps = new ArrayList<>();
        desired.forEach((path, methods) -> {
            ApiResource resource = live.get(path);
            Map<String, ApiMethod> existing = resource == null ? Map.of() : resource.methods();
            for (String name : new TreeSet<>(existing.keySet())) {
                if (!methods.containsKey(name)) {
                    steps.add(new MethodStep(path, name, null, MethodRepair.REMOVE));
                }
            }
            methods.forEach((name, want) -> {
                MethodRepair repair = MethodRepair.of(want, existing.get(name));
                if (!repair.isEmpty()) {
                    steps.add(new MethodStep(path, name, want, repair));
                }
            });
        });
        return new RoutePlan(removed, created, steps);
    }
}

package dev.tapctl.engine;

import dev.tapctl.engine.spi.DeletionPolicy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Data that survives a destroy is useless without its key and credentials, so a destroy plan
 * keeps what is marked {@code keptForRetainedData} while a direct dependant still has data: a
 * live dependant that destroy will not simply delete (RETAIN, or SNAPSHOT whose final snapshot
 * stays), or the final snapshots an earlier destroy left of a dependant that is gone. The engine
 * decides this; handlers only report what exists.
 *
 * @param finalSnapshots by logical id, the final snapshots found of resources that are gone
 */
record RetainedDataNeeds(ResourceGraph graph, Map<String, List<String>> finalSnapshots) {

    RetainedDataNeeds {
        finalSnapshots = Map.copyOf(finalSnapshots);
    }

    /** {@code changes} with each such deletion turned into a RETAIN whose note says what needs it. */
    List<Step> keep(List<Step> changes) {
        Map<String, Step> byId = new LinkedHashMap<>();
        changes.forEach(c -> byId.put(c.id(), c));
        for (Step change : changes) {
            if (!(change instanceof Step.Delete delete)
                    || !graph.contains(change.id())
                    || !graph.get(change.id()).keptForRetainedData()) {
                continue;
            }
            Needs needs = needs(change.id(), byId);
            List<String> liveData = needs.liveData();
            List<String> snapshots = needs.snapshots();
            if (!liveData.isEmpty() || !snapshots.isEmpty()) {
                byId.put(change.id(), delete.kept(note(liveData, snapshots)));
            }
        }
        return List.copyOf(byId.values());
    }

    /**
     * What of the plan's kept data depends on {@code id}: its direct dependants that keep live data,
     * then the final snapshots left of the ones that are gone. What a key encrypts that outlives
     * the plan, or a secret opens.
     */
    List<String> keptData(String id, List<Step> changes) {
        if (!graph.contains(id)) {
            return List.of();
        }
        Map<String, Step> byId = new LinkedHashMap<>();
        changes.forEach(c -> byId.put(c.id(), c));
        Needs needs = needs(id, byId);
        List<String> all = new ArrayList<>(needs.liveData());
        needs.snapshots().forEach(s -> all.add("final snapshot " + s));
        return all;
    }

    private record Needs(List<String> liveData, List<String> snapshots) {}

    private Needs needs(String id, Map<String, Step> byId) {
        List<String> dependants = graph.dependantsOf(id).stream().sorted().toList();
        List<String> liveData = dependants.stream()
                .filter(d -> byId.containsKey(d) && holdsLiveData(byId.get(d)))
                .toList();
        List<String> snapshots = dependants.stream()
                .flatMap(d -> finalSnapshots.getOrDefault(d, List.of()).stream())
                .toList();
        return new Needs(liveData, snapshots);
    }

    private static boolean holdsLiveData(Step dependant) {
        return dependant.live() != null && dependant.deletionPolicy() != DeletionPolicy.DELETE;
    }

    /** E.g. "kept: data.table keep data that needs it; final snapshot tap-dev-db-final-… needs it". */
    private static String note(List<String> liveData, List<String> snapshots) {
        List<String> why = new ArrayList<>();
        if (!liveData.isEmpty()) {
            why.add(String.join(", ", liveData) + " keep data that needs it");
        }
        if (snapshots.size() == 1) {
            why.add("final snapshot " + snapshots.get(0) + " needs it");
        } else if (!snapshots.isEmpty()) {
            why.add("final snapshots " + String.join(", ", snapshots) + " need it");
        }
        return "kept: " + String.join("; ", why);
    }
}

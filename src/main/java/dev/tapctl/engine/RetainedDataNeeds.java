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
            List<String> dependants =
                    graph.dependantsOf(change.id()).stream().sorted().toList();
            List<String> liveData = dependants.stream()
                    .filter(id -> holdsLiveData(byId.get(id)))
                    .toList();
            List<String> snapshots = dependants.stream()
                    .flatMap(id -> finalSnapshots.getOrDefault(id, List.of()).stream())
                    .toList();
            if (!liveData.isEmpty() || !snapshots.isEmpty()) {
                byId.put(change.id(), delete.kept(note(liveData, snapshots)));
            }
        }
        return List.copyOf(byId.values());
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

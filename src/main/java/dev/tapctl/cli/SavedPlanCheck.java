package dev.tapctl.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tapctl.config.ConfigException;
import dev.tapctl.engine.LiveFingerprint;
import dev.tapctl.engine.Plan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Whether a saved plan may be carried out here and now. First what needs no AWS read: the region
 * it was made for and the account (exit 65). Then, against the plan made again just before any
 * change, whether anything it was made from moved: the configuration, or any resource's step or
 * live object (exit 1, "plan is stale", as Terraform refuses a saved plan whose state moved on).
 * {@code file} is how messages name the saved plan.
 */
record SavedPlanCheck(PlanFile saved, String file) {
    /** A plan made for another region is not this run's plan. */
    void refuseOtherRegion(String region) {
        if (!saved.region().equals(region)) {
            throw new ConfigException(file + ": the plan was made for region " + saved.region()
                    + ", but this run is for region " + region + " (pass --region " + saved.region()
                    + " to apply it there); nothing was changed");
        }
    }

    /** A plan read from one account says nothing about another. */
    void refuseOtherAccount(String account) {
        if (!saved.account().equals(account)) {
            throw new ConfigException(file + ": the plan was made in account " + saved.account()
                    + ", but the credentials are for account " + account + "; nothing was changed");
        }
    }

    /**
     * @throws StalePlanException naming every resource whose step or live object differs from the
     *     saved plan's, and the configuration files or function code that changed
     */
    void refuseStale(Plan fresh, PlanFile.ConfigurationDigest configuration) {
        List<String> reasons = new ArrayList<>();
        configurationChanges(configuration).ifPresent(reasons::add);
        Map<String, String> savedSteps = savedSteps();
        Map<String, String> freshSteps = new LinkedHashMap<>();
        fresh.changes().forEach(step -> freshSteps.put(step.id(), canonical(PlanJson.change(step, fresh))));
        Map<String, String> freshFingerprints = PlanFile.fingerprints(fresh);
        Set<String> ids = new LinkedHashSet<>(savedSteps.keySet());
        ids.addAll(freshSteps.keySet());
        for (String id : ids) {
            if (!freshSteps.containsKey(id)) {
                reasons.add(id + " changed since the plan was made (it is no longer found)");
            } else if (!savedSteps.containsKey(id)) {
                reasons.add(id + " changed since the plan was made (it was not in the plan)");
            } else if (!savedSteps.get(id).equals(freshSteps.get(id))
                    || !freshFingerprints.get(id).equals(saved.fingerprints().get(id))) {
                reasons.add(id + " changed since the plan was made");
            }
        }
        if (!reasons.isEmpty()) {
            throw new StalePlanException(reasons);
        }
    }

    private Optional<String> configurationChanges(PlanFile.ConfigurationDigest now) {
        if (now.sha256().equals(saved.configuration().sha256())) {
            return Optional.empty();
        }
        Set<String> changed = new TreeSet<>();
        differing(saved.configuration().files(), now.files(), "", changed);
        differing(saved.configuration().functions(), now.functions(), "functions/", changed);
        return Optional.of("the configuration changed since the plan was made (" + String.join(", ", changed) + ")");
    }

    private static void differing(
            Map<String, String> before, Map<String, String> after, String prefix, Set<String> out) {
        Set<String> names = new TreeSet<>(before.keySet());
        names.addAll(after.keySet());
        names.stream()
                .filter(name -> !Objects.equals(before.get(name), after.get(name)))
                .forEach(name -> out.add(prefix + name));
    }

    private Map<String, String> savedSteps() {
        Map<String, String> steps = new LinkedHashMap<>();
        for (JsonNode change : saved.plan().path("changes")) {
            steps.put(change.path("id").asText(), canonical(change));
        }
        return steps;
    }

    /**
     * A step as compared: without what a destructive step holds, which moves by itself (a
     * database's latest restorable time follows the clock; a table's item count, every six hours).
     */
    private static String canonical(JsonNode node) {
        JsonNode step = LiveFingerprint.canonical(node);
        ((com.fasterxml.jackson.databind.node.ObjectNode) step).remove("holds");
        return step.toString();
    }
}

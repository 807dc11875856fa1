package dev.tapctl.cli;

import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.tapctl.engine.Plan;
import dev.tapctl.engine.Reason;
import dev.tapctl.engine.Step;
import dev.tapctl.engine.spi.AttributeChange;
import dev.tapctl.engine.spi.HandlerCatalog;
import dev.tapctl.engine.spi.Tags;
import dev.tapctl.engine.spi.WriteOnlyAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What one environment's drift check found: each resource's standing and what was compared, or
 * why the environment could not be checked at all.
 */
record EnvironmentDrift(
        String env, String region, String account, List<ResourceDrift> resources, Coverage coverage, String error) {
    EnvironmentDrift {
        resources = List.copyOf(resources);
    }

    /** How a resource stands against its configuration. */
    enum Standing {
        IN_SYNC,
        DRIFTED,
        MISSING,
        UNMANAGED,
        PENDING;

        /** The word drift JSON uses: the name in lower case, '-' for '_' ("in-sync"). */
        String json() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    record ResourceDrift(
            String id, String kind, String name, Standing standing, List<AttributeChange> attributes, String why) {
        ResourceDrift {
            attributes = List.copyOf(attributes);
        }
    }

    /** What was compared: resources read, attributes of their configuration compared, and what no read can see. */
    record Coverage(int resources, int compared, int attributes, List<String> notRead) {
        Coverage {
            notRead = List.copyOf(notRead);
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** An environment that could not be checked: its configuration, credentials or account failed. */
    static EnvironmentDrift failed(String env, String error) {
        return new EnvironmentDrift(env, null, null, List.of(), new Coverage(0, 0, 0, List.of()), error);
    }

    /** The drift of {@code plan}'s environment, read against {@code catalog}'s handlers. */
    static EnvironmentDrift of(Plan plan, String account, HandlerCatalog catalog) {
        List<ResourceDrift> resources = new ArrayList<>();
        List<String> notRead = new ArrayList<>();
        int compared = 0;
        int attributes = 0;
        for (Step step : plan.changes()) {
            resources.add(standing(step));
            if (step.live() != null && step.desired() != null) {
                compared++;
                attributes += attributeCount(step.desired());
                if (catalog.forKind(step.kind()) instanceof WriteOnlyAttributes writeOnly) {
                    writeOnly.writeOnly().entrySet().stream()
                            .sorted(Map.Entry.comparingByKey())
                            .forEach(e -> notRead.add(step.id() + " " + e.getKey() + " (" + e.getValue() + ")"));
                }
            }
        }
        return new EnvironmentDrift(
                plan.env(),
                plan.region(),
                account,
                resources,
                new Coverage(resources.size(), compared, attributes, notRead),
                null);
    }

    private static ResourceDrift standing(Step step) {
        if (step instanceof Step.NoOp) {
            return resource(step, Standing.IN_SYNC, List.of(), "");
        }
        if (step instanceof Step.Create) {
            return resource(step, Standing.MISSING, List.of(), "not found in the account");
        }
        if (step instanceof Step.Adopt adopt) {
            return resource(
                    step,
                    Standing.PENDING,
                    step.attributes(),
                    adopt.refused()
                            ? "exists, but tapctl did not make it; apply refuses to adopt it: " + adopt.refusal()
                            : "exists, but tapctl did not make it (no tapctl tags); apply adopts it: tags it and"
                                    + " reconciles these attributes in place");
        }
        if (step instanceof Step.Orphan) {
            return resource(
                    step, Standing.UNMANAGED, List.of(), "tagged for this environment, but not in its configuration");
        }
        return differing(step);
    }

    private static ResourceDrift resource(Step step, Standing standing, List<AttributeChange> attributes, String why) {
        return new ResourceDrift(step.id(), step.kind(), step.name(), standing, attributes, why);
    }

    private static ResourceDrift differing(Step step) {
        boolean hashOnly = step.attributes().stream().allMatch(a -> a.path().equals("tags." + Tags.SPEC_HASH));
        if (step.reason() == Reason.DRIFT && !hashOnly) {
            return resource(step, Standing.DRIFTED, step.attributes(), "changed outside tapctl");
        }
        return resource(
                step,
                Standing.PENDING,
                step.attributes(),
                "the configuration changed since the last apply (its spec hash differs), or the kind records none;"
                        + " apply converges it");
    }

    /** The top-level attributes of a spec, each compared with what was read. */
    @SuppressWarnings("unchecked")
    private static int attributeCount(Object desired) {
        return JSON.convertValue(desired, Map.class).size();
    }

    boolean inSync() {
        return error == null && resources.stream().allMatch(r -> r.standing() == Standing.IN_SYNC);
    }
}

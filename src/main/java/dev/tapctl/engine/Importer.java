package dev.tapctl.engine;

import dev.tapctl.engine.spi.AttributeChange;
import dev.tapctl.engine.spi.HandlerCatalog;
import dev.tapctl.engine.spi.Imports;
import dev.tapctl.engine.spi.ResourceDef;
import dev.tapctl.engine.spi.Tagged;
import dev.tapctl.engine.spi.Tags;
import dev.tapctl.engine.spi.Unknown;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code tapctl import ID PHYSICAL_ID}: adopts an object made elsewhere as the resource {@code ID}
 * of a kind found by its ownership tags ({@link Imports}), by writing the tags the kind's read finds
 * it by, and nothing else; the next plan shows the differences its apply reconciles.
 *
 * <p>Everything is checked before anything is written, each refusal an {@link ImportRefusedException}:
 * the id is configured and of a kind that imports ({@link #refuseUnimportable}, before any AWS call),
 * the physical id is of that kind (its prefix, no call either); then, after a plan of the resource
 * and what it depends on, the resource is not managed yet, the object is in this region and
 * account, no other environment, project or resource owns it, and the next apply would not replace
 * it (adopting an object only to delete it is no adoption).
 *
 * <p>{@code configured}: every resource of the environment (the plan takes what the imported one needs).
 */
public record Importer(ResourceGraph configured, HandlerCatalog catalog, RunSettings settings) {
    /** What an import wrote, on what, and what the next plan does to the resource. */
    public record Imported(String id, String kind, String physicalId, Map<String, String> tagsWritten, Step next) {
        public Imported {
            tagsWritten = Map.copyOf(tagsWritten);
        }
    }

    /**
     * Refuses, before any AWS call, an id the configuration does not have, one of a kind that
     * cannot be imported (found by its name, which the next apply adopts by itself), or a
     * physical id of another kind. Building a handler makes no call.
     */
    public static void refuseUnimportable(
            ResourceGraph configured, HandlerCatalog catalog, String id, String physicalId) {
        byIdOf(configured, catalog, id, physicalId);
    }

    private static Imports.ById<Object, Tagged> byIdOf(
            ResourceGraph configured, HandlerCatalog catalog, String id, String physicalId) {
        if (!configured.contains(id)) {
            throw new ImportRefusedException(
                    id + " is not a resource of this environment (tapctl plan --offline lists them)");
        }
        ResourceDef<?> def = configured.get(id);
        Imports.ById<Object, Tagged> byId = new ErasedHandler(catalog.forKind(def.kind()))
                .importsById()
                .orElseThrow(
                        () -> new ImportRefusedException(id + " (" + def.kind().name()
                                + ") is found by its name (" + def.name()
                                + "), not by tags: apply adopts an object of that name itself; import takes only "
                                + "kinds found by tags (VPC, subnets, route tables, security groups, instances, "
                                + "internet gateway, NAT gateways, Elastic IPs, VPC endpoints)"));
        String prefix = byId.idPrefix();
        if (!physicalId.startsWith(prefix) || physicalId.length() == prefix.length()) {
            throw new ImportRefusedException(id + " (" + def.kind().name() + ") takes an id that starts with " + prefix
                    + "; " + physicalId + " is not one");
        }
        return byId;
    }

    /** Checks everything (see the class), then tags {@code physicalId} as {@code id}. */
    public Imported importObject(String id, String physicalId) {
        Imports.ById<Object, Tagged> byId = byIdOf(configured, catalog, id, physicalId);
        ResourceDef<?> def = configured.get(id);
        ErasedHandler handler = new ErasedHandler(catalog.forKind(def.kind()));
        String kind = def.kind().name();

        // The resource with what it depends on, as a plan has it: its spec needs their outputs.
        Plan plan = new Planner(Selection.of(configured, List.of(id), List.of(), false), catalog, settings).plan();
        Step planned = plan.change(id).orElseThrow();
        if (planned.live() != null) {
            String managed = byId.idOf((Tagged) planned.live());
            throw new ImportRefusedException(id + " is already managed: " + managed + " carries its tags"
                    + (managed.equals(physicalId) ? "" : "; " + physicalId + " was not imported"));
        }
        Object desired = planned.desired();
        NodeContext ctx = new NodeContext(id, SpecHasher.hash(desired), settings.progress());
        Imports.Found<Tagged> found = byId.describe(physicalId, ctx)
                .orElseThrow(() -> new ImportRefusedException("there is no " + kind + " " + physicalId + " in region "
                        + settings.region() + " of account " + settings.accountId()
                        + " (EC2 ids are regional: is it in another region or account?)"));
        if (!found.ownerAccount().isEmpty() && !found.ownerAccount().equals(settings.accountId())) {
            throw new ImportRefusedException(physicalId + " belongs to account " + found.ownerAccount()
                    + ", which shares it with this one (" + settings.accountId() + "): only an account's own "
                    + "objects are imported");
        }
        if (!found.refusal().isEmpty()) {
            throw new ImportRefusedException(physicalId + " cannot be imported as " + id + ": " + found.refusal());
        }
        Map<String, String> tagsWritten = byId.findingTags(desired);
        refuseOtherOwner(id, physicalId, found.live().tags(), tagsWritten);
        Step asFound = Decider.decide(def, handler, desired, Optional.of(found.live()), settings.ignored());
        refuseReplacement(id, physicalId, asFound);

        byId.tag(physicalId, tagsWritten, ctx);
        // What the next plan finds: the object as it is now, with the tags just written.
        Tagged tagged = byId.describe(physicalId, ctx).map(Imports.Found::live).orElse(found.live());
        Step next = Decider.decide(def, handler, desired, Optional.of(tagged), settings.ignored());
        return new Imported(id, kind, physicalId, tagsWritten, next);
    }

    /**
     * An object tagged for another project or environment is theirs; one tagged for this
     * environment as another resource is that resource's. An object without these tags, or with
     * this environment's (a Terraform {@code default_tags} of the same name), is free.
     */
    private static void refuseOtherOwner(
            String id, String physicalId, Map<String, String> tags, Map<String, String> ours) {
        List<String> theirs = new ArrayList<>();
        for (String key : List.of(Tags.PROJECT, Tags.ENVIRONMENT)) {
            String value = tags.get(key);
            String mine = ours.get(key);
            if (value != null && mine != null && !value.equals(mine)) {
                theirs.add(key + "=" + value);
            }
        }
        if (!theirs.isEmpty()) {
            String other = theirs.get(0).startsWith(Tags.PROJECT) ? "project" : "environment";
            throw new ImportRefusedException(physicalId + " is tagged " + String.join(", ", theirs)
                    + ": it belongs to another " + other + " than " + ours.get(Tags.PROJECT) + "/"
                    + ours.get(Tags.ENVIRONMENT) + "; not imported");
        }
        String logicalId = tags.get(Tags.LOGICAL_ID);
        if (logicalId != null && !logicalId.equals(id)) {
            throw new ImportRefusedException(physicalId + " is tagged " + Tags.LOGICAL_ID + "=" + logicalId
                    + ": it is already " + logicalId + ", not " + id + "; not imported");
        }
    }

    /** Importing what the next apply would delete and make again would lose the object it adopts. */
    private static void refuseReplacement(String id, String physicalId, Step asFound) {
        // Untagged as it is found, the object is decided as an adoption, which refuses the same differences.
        List<AttributeChange> forcing = asFound.attributes().stream()
                .filter(c -> c.forcesReplace() && !c.isIgnored())
                .toList();
        if (!(asFound instanceof Step.Replace || asFound instanceof Step.Adopt) || forcing.isEmpty()) {
            return;
        }
        boolean waitsForUpstream = forcing.stream().anyMatch(c -> Unknown.isUnknown(c.after()));
        throw new ImportRefusedException("importing " + physicalId + " as " + id
                + " would make the next apply replace it ("
                + String.join("; ", forcing.stream().map(Importer::describe).toList())
                + (forcing.size() == 1 ? " forces" : " force") + " replacement): "
                + (waitsForUpstream
                        ? "import what it depends on first, so that its id is known"
                        : "change the configuration to match it")
                + "; not imported");
    }

    private static String describe(AttributeChange change) {
        return change.path() + ": " + shown(change.before()) + " -> " + shown(change.after());
    }

    private static String shown(Object value) {
        return value == null ? "(none)" : Unknown.display(String.valueOf(value));
    }
}

package dev.tapctl.cli;

import dev.tapctl.aws.EnvironmentLock;
import dev.tapctl.engine.Action;
import dev.tapctl.engine.ImportRefusedException;
import dev.tapctl.engine.Importer;
import dev.tapctl.engine.Plan;
import dev.tapctl.engine.RunSettings;
import dev.tapctl.engine.spi.HandlerCatalog;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

@Command(
        name = "import",
        mixinStandardHelpOptions = true,
        description = {
            "Adopt an object made elsewhere (by hand, by Terraform) as resource ID of a kind tapctl finds by tags: "
                    + "the VPC, subnets, route tables, security groups, instances, internet gateway, NAT gateways, "
                    + "their Elastic IPs and VPC endpoints. Kinds found by name (table, bucket, ...) need no import: "
                    + "plan and apply find an object of that name by themselves.",
            "Before writing anything it checks that ID is in the environment's configuration and of such a kind, "
                    + "that PHYSICAL_ID is an object of that kind in this region and account, that no other "
                    + "environment or project (its Project and Environment tags) or other resource owns it, that ID "
                    + "is not managed yet, and that the next apply would not replace it. Then it writes only the tags "
                    + "tapctl finds the object by (Project, Environment, tapctl:logical-id) and prints what the next "
                    + "plan will show for it; apply reconciles the rest. It takes the environment's lock as apply "
                    + "does. Exit 64 when the import is refused (nothing written), 75 when another run holds the lock."
        })
final class ImportCommand extends TapctlCommand {
    @Parameters(index = "0", paramLabel = "ID", description = "Logical id of the resource, e.g. network.vpc.")
    String id;

    @Parameters(
            index = "1",
            paramLabel = "PHYSICAL_ID",
            description = "The object's AWS id, e.g. vpc-0abc1234 (EC2 ids are regional: the session's region).")
    String physicalId;

    @Override
    public Integer call() {
        Console console = root.console(global);
        try (Session session = root.session(global)) {
            HandlerCatalog catalog = session.catalog();
            // The id, its kind and the physical id's kind are checked before any AWS call.
            refused(() -> Importer.refuseUnimportable(session.graphWithoutZones(), catalog, id, physicalId));
            session.askFirstQuestions(true, true);
            RunSettings settings = session.online(ParallelismOption.DEFAULT);
            Importer importer = new Importer(session.graph(), catalog, settings);
            Importer.Imported imported;
            // Under the lock, so that no apply makes or tags the resource between the checks and the write.
            try (EnvironmentLock.Lease lease = session.lock(session.observeLock())) {
                imported = refused(() -> importer.importObject(id, physicalId));
            }
            report(console, imported, settings);
            return ExitCodes.OK;
        }
    }

    private <T> T refused(java.util.function.Supplier<T> check) {
        try {
            return check.get();
        } catch (ImportRefusedException e) {
            throw new ParameterException(spec.commandLine(), "import refused: " + e.getMessage());
        }
    }

    private void refused(Runnable check) {
        refused(() -> {
            check.run();
            return null;
        });
    }

    private static void report(Console console, Importer.Imported imported, RunSettings settings) {
        var out = console.out();
        out.printf(
                "Imported %s as %s (%s) in %s, region %s: wrote the tags tapctl finds it by, %s; nothing else "
                        + "was changed.%n%n",
                imported.physicalId(),
                imported.id(),
                imported.kind(),
                settings.env(),
                settings.region(),
                tags(imported.tagsWritten()));
        if (imported.next().action() == Action.NO_OP) {
            out.printf("The next plan shows no change for %s: it matches the configuration.%n", imported.id());
        } else {
            out.printf("The next plan shows for %s (tapctl apply reconciles it):%n%n", imported.id());
            PlanText.step(imported.next(), new Plan(settings.env(), settings.region(), false, List.of()), console);
        }
        out.flush();
    }

    private static String tags(Map<String, String> tags) {
        return new java.util.TreeMap<>(tags)
                .entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
    }
}

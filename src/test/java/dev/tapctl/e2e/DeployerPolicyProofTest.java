package dev.tapctl.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tapctl.resources.DeployerActions;
import dev.tapctl.resources.ec2.Ec2TestSupport;
import dev.tapctl.testing.CallLog;
import dev.tapctl.testing.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.iam.model.CreateRoleRequest;
import software.amazon.awssdk.services.kms.model.CreateAliasRequest;

/**
 * The proof of {@code tapctl deployer-policy}: one life of dev on the emulator (realism on) calls
 * no action outside the printed policy, and every action of the policy is used by some call (or
 * authorized within one), or is in {@link #NOT_REACHED} with the path that needs it. The life:
 * plan and apply (during which someone makes one of its roles by hand, untagged, and points its
 * key alias at another key, {@link DoneByHandFirst}); drift of nearly everything tapctl owns
 * ({@link OutOfBandChanges}), repaired by apply, then an instance given another profile;
 * configuration changes (the instance type, the table's key, an alarm address, then an explicit
 * AMI); destroy, and a last destroy once the retained data is gone.
 */
class DeployerPolicyProofTest extends StackFixture {

    /**
     * Granted, but on paths no run against the emulator can take; each names the path, why the
     * emulator cannot make it, and the AWS pages that make the action the one needed there.
     */
    static final Map<String, String> NOT_REACHED = Map.ofEntries(Map.entry(
            "sns:Unsubscribe",
            "an address removed from alarms.email whose owner had confirmed the subscription: a pending"
                    + " one cannot be deleted (SNS Developer Guide: Deleting an Amazon SNS subscription and"
                    + " topic) and the emulator never confirms one, as no mail carries the token"
                    + " ConfirmSubscription needs; Amazon SNS API Reference: Unsubscribe,"
                    + " ConfirmSubscription"));

    @Test
    void aFullLifeOfDevUsesExactlyThePrintedPolicy(@TempDir Path dir) throws Exception {
        CliRun.Result printed = tapctl.run("deployer-policy", "--env", "dev");
        assertThat(printed.exitCode()).as(printed.all()).isZero();
        assertThat(log.calls()).extracting(CallLog.Call::toString).containsExactly("Sts:GetCallerIdentity");
        SortedSet<String> granted = actions(JSON.readTree(printed.out()));

        assertThat(tapctl.run("plan", "--env", "dev").exitCode()).isZero();
        // Meanwhile, by hand: the worker's role made, untagged (apply adopts it, read with GetRole
        // and ListRoleTags); the alias made for another key (apply takes it back with UpdateAlias).
        OutOfBandChanges someone = new OutOfBandChanges(aws, emulator.accountId());
        DoneByHandFirst role = new DoneByHandFirst(
                r -> r instanceof CreateRoleRequest create && create.roleName().equals("tap-dev-worker-fn"),
                () -> someone.roleMadeByHand("tap-dev-worker-fn", "lambda.amazonaws.com"));
        DoneByHandFirst alias = new DoneByHandFirst(
                r -> r instanceof CreateAliasRequest create
                        && create.aliasName().equals("alias/tap-dev"),
                () -> someone.aliasTakenByHand("alias/tap-dev"));
        applied(CliRun.realistic(emulator, log, role, alias));
        assertThat(role.fired())
                .as("the role was made by hand before tapctl's CreateRole")
                .isTrue();
        assertThat(alias.fired())
                .as("the alias was made by hand before tapctl's CreateAlias")
                .isTrue();

        // Drift, repaired by apply: most of what tapctl owns, changed behind its back at once.
        someone.settingsChanged();
        someone.networkChanged();
        someone.instanceChanged();
        someone.identityAndCodeChanged();
        someone.keyAndSecretChanged();
        someone.dataChanged();
        repaired(
                tapctl,
                "network.flowlogs.group",
                "fn.api.dlq",
                "fn.worker",
                "fn.api.logs",
                "network.rt.public",
                "network.rt.private",
                "network.subnet.private-1",
                "network.sg.app",
                "network.endpoint.s3",
                "compute.app-1",
                "compute.role",
                "kms.key",
                "data.dbsecret",
                "data.db",
                "data.db.subnets",
                "data.table",
                "alarms.topic");
        someone.instanceProfileReplaced();
        repaired(tapctl, "compute.app-1");
        someone.removeStrays();

        // Configuration changes: the instance type (stop, modify, start), the table's key (a
        // replacement, allowed), an alarm address; then an explicit AMI (a new instance).
        Path config = copyConfig(dir);
        Path dev = config.resolve("dev.yaml");
        Files.writeString(
                dev,
                Files.readString(dev)
                        + "compute:\n  instanceType: t3.small\n"
                        + "table:\n  partitionKey: {name: id, type: S}\n"
                        + "alarms:\n  email: [ops@example.com]\n");
        CliRun changed = tapctl.configDir(config);
        applied(changed, "--allow-replace", "data.table");
        assertThat(changed.run("plan", "--env", "dev", "--detailed-exitcode").exitCode())
                .isZero();
        String ami = Ec2TestSupport.amazonLinuxAmi(aws.ec2());
        Files.writeString(
                dev, Files.readString(dev).replace("instanceType: t3.small", "instanceType: t3.small\n  ami: " + ami));
        applied(changed);
        assertThat(changed.run("plan", "--env", "dev", "--detailed-exitcode").exitCode())
                .isZero();

        CliRun.Result destroy = changed.run("destroy", "--env", "dev", "--confirm", "dev");
        assertThat(destroy.exitCode()).as(destroy.all()).isZero();

        // With the retained data gone too, a last destroy lets the key and the secret go.
        aws.dynamodb().deleteTable(r -> r.tableName("tap-dev-items"));
        aws.s3().deleteBucket(r -> r.bucket(bucket("dev")));
        aws.rds()
                .describeDBSnapshots(r -> r.dbInstanceIdentifier("tap-dev-db"))
                .dbSnapshots()
                .forEach(s -> aws.rds().deleteDBSnapshot(r -> r.dbSnapshotIdentifier(s.dbSnapshotIdentifier())));
        CliRun.Result last = changed.run("destroy", "--env", "dev", "--confirm", "dev");
        assertThat(last.exitCode()).as(last.all()).isZero();

        Set<CallLog.Call> calls = Set.copyOf(log.calls());
        SortedSet<String> called =
                calls.stream().map(IamActionNames::action).collect(Collectors.toCollection(TreeSet::new));
        assertThat(called).as("every call's action is in the printed policy").isSubsetOf(granted);

        Set<String> operations = calls.stream().map(IamActionNames::operation).collect(Collectors.toSet());
        SortedSet<String> used = new TreeSet<>(called);
        DeployerActions.implied().stream()
                .filter(implied -> implied.whenCalling().stream().anyMatch(operations::contains))
                .forEach(implied -> used.add(implied.action()));
        SortedSet<String> unused = new TreeSet<>(granted);
        unused.removeAll(used);
        assertThat(unused)
                .as("no dead grants: every granted action was used, or is listed as on a path not reached")
                .containsExactlyInAnyOrderElementsOf(NOT_REACHED.keySet());
    }

    private static void applied(CliRun tapctl, String... more) {
        List<String> args = new ArrayList<>(List.of("apply", "--env", "dev", "--auto-approve"));
        args.addAll(List.of(more));
        CliRun.Result apply = tapctl.run(args.toArray(String[]::new));
        assertThat(apply.exitCode()).as(apply.all()).isZero();
    }

    /** A plan shows drift of each of {@code ids}; apply repairs it, and the next plan is clean. */
    private static void repaired(CliRun tapctl, String... ids) throws IOException {
        CliRun.Result drift = tapctl.run("plan", "--env", "dev", "--json");
        assertThat(drift.exitCode()).as(drift.all()).isZero();
        assertThat(changedIds(drift)).as(drift.out()).contains(ids);
        applied(tapctl);
        CliRun.Result clean = tapctl.run("plan", "--env", "dev", "--detailed-exitcode");
        assertThat(clean.exitCode()).as(clean.all()).isZero();
    }

    private static SortedSet<String> actions(JsonNode policy) {
        return StreamSupport.stream(policy.path("Statement").spliterator(), false)
                .flatMap(s -> StreamSupport.stream(s.path("Action").spliterator(), false))
                .map(JsonNode::asText)
                .collect(Collectors.toCollection(TreeSet::new));
    }
}

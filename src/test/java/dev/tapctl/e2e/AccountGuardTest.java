package dev.tapctl.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tapctl.cli.ExitCodes;
import dev.tapctl.testing.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The account guard: an environment whose configuration names its {@code account} runs in no
 * other. Against the emulator (account 123456789012) a dev.yaml that names another stops every
 * command with exit 65, naming both accounts, after GetCallerIdentity and no other call.
 */
class AccountGuardTest extends StackFixture {
    @TempDir
    Path tmp;

    private Path configWithAccount(String account) throws IOException {
        Path dir = copyConfig(tmp);
        Files.writeString(dir.resolve("dev.yaml"), "account: \"" + account + "\"\n", StandardOpenOption.APPEND);
        return dir;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"plan", "apply", "destroy", "outputs", "unlock", "plan --destroy"})
    void aCommandInAnotherAccountStopsAfterAskingWhichAccountItIs(String command) throws IOException {
        Path dir = configWithAccount("999999999999");
        List<String> args = new java.util.ArrayList<>(List.of(command.split(" ")));
        args.addAll(List.of("--env", "dev", "--config-dir", dir.toString()));
        if (command.equals("apply") || command.equals("destroy")) {
            args.add("--auto-approve");
        }

        CliRun.Result result = tapctl.run(args.toArray(String[]::new));

        assertThat(result.exitCode()).as(result.all()).isEqualTo(ExitCodes.CONFIG);
        assertThat(result.err())
                .contains(dir.resolve("dev.yaml") + ": account: dev runs only in account 999999999999, "
                        + "but the credentials are for account 123456789012");
        assertThat(log.operations()).as("the calls made").containsExactly("GetCallerIdentity");
    }

    @Test
    void theEmulatorsOwnAccountIsLetThroughAndAskedFirst() throws IOException {
        Path dir = configWithAccount(emulator.accountId());

        CliRun.Result plan = tapctl.run("plan", "--env", "dev", "--config-dir", dir.toString());

        assertThat(plan.exitCode()).as(plan.all()).isZero();
        assertThat(log.operations().get(0)).isEqualTo("GetCallerIdentity");
        assertThat(log.operations()).hasSizeGreaterThan(1);
    }

    @Test
    void prodsExampleNamesTheEmulatorsAccountSoTheDemoRuns() throws IOException {
        assertThat(Files.readString(Path.of("config/prod.yaml"))).contains("account: \"" + emulator.accountId() + "\"");

        CliRun.Result plan = tapctl.run("plan", "--env", "prod");

        assertThat(plan.exitCode()).as(plan.all()).isZero();
    }
}

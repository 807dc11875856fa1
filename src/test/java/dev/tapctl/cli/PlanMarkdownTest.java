package dev.tapctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tapctl.engine.Plan;
import dev.tapctl.engine.Step;
import dev.tapctl.testing.CliRun;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code plan --format markdown}: a pull-request comment that leads with what a reviewer must see. */
class PlanMarkdownTest {
    private static final String FOLD = "<details>";

    @Test
    void aFreshProdPlanFitsOneCommentAndStartsWithTheCounts() {
        CliRun.Result result = CliRun.offline().run("plan", "--env", "prod", "--offline", "--format", "markdown");

        assertThat(result.exitCode()).as(result.all()).isZero();
        String markdown = result.out();
        assertThat(markdown.length()).isLessThan(60_000);
        assertThat(markdown)
                .startsWith("**Plan for `prod` (us-east-1): 64 to create, 0 to update, 0 to replace, 0 to delete, "
                        + "0 to retain, 0 unchanged.**\n")
                .contains("Nothing is replaced or deleted.")
                .contains("<details><summary>Every change (64)</summary>")
                .contains("+ data.db  aws.rds.db-instance  tap-prod-db  (create: absent)")
                .doesNotContain("Truncated");
        assertThat(markdown.indexOf("Nothing is replaced or deleted.")).isLessThan(markdown.indexOf(FOLD));
        assertThat(markdown.trim()).endsWith("</details>");
    }

    @Test
    void everyReplacementAndDeletionIsAboveTheFoldWithWhatItDestroys() {
        String markdown = PlanMarkdown.render(SyntheticPlans.mixed(), "tapctl plan --env dev --format json");
        String above = markdown.substring(0, markdown.indexOf(FOLD));
        String folded = markdown.substring(markdown.indexOf(FOLD));

        assertThat(markdown)
                .startsWith("**Plan for `dev` (us-east-1): 3 to create, 1 to update, 2 to replace, 1 to delete, "
                        + "1 to retain, 1 unchanged.**\n");
        assertThat(above)
                .contains("#### Replaced or deleted (3)")
                .contains("| `-/+` | `data.db` | `aws.rds.db-instance` | `tap-dev-db` | config: `databaseName` "
                        + "`\"tap\"` -> `\"orders\"` | deleted after a final snapshot, then created anew: its data "
                        + "stays only in the snapshot |")
                .contains("| `-/+` | `data.table` | `aws.dynamodb.table` | `tap-dev-items` | config: `hashKey` "
                        + "`\"id\"` -> `\"pk\"` | deleted, then created anew (apply refuses unless --allow-replace "
                        + "data.table): its items are lost |")
                .contains("| `-` | `fn.old0.dlq` | `aws.sqs.queue` | `tap-dev-old0-dlq` | orphan | deleted: the "
                        + "messages it holds are lost (no longer in the configuration) |")
                .doesNotContain("network.flowlogs.group", "fn.f0");
        assertThat(folded)
                .startsWith("<details><summary>Every other change (5)</summary>")
                .contains("~ network.flowlogs.group  aws.logs.log-group  /tap/dev/vpc-flow-logs  (update: drift)\n"
                        + "        retentionDays: 7 -> 14\n")
                .contains(
                        "+ fn.f0  aws.lambda.function  tap-dev-fn-0  (create: absent)\n+       name = \"tap-dev-fn-0\"")
                .contains("! api.key.old  aws.apigateway.api-key  tap-dev-old  (retain: orphan)")
                .as("a no-op is counted, not listed")
                .doesNotContain("network.vpc");
    }

    @Test
    void aDestroyPlanCountsWhatItDeletesRetainsAndFindsAbsent() {
        String markdown =
                PlanMarkdown.render(SyntheticPlans.destroy(), "tapctl plan --env dev --destroy --format json");

        assertThat(markdown)
                .startsWith("**Destroy plan for `dev` (us-east-1): 2 to delete, 1 to retain, 1 absent.**\n")
                .contains("| `-` | `data.db` | `aws.rds.db-instance` | `tap-dev-db` | destroy | deleted after a final "
                        + "snapshot, which keeps its data |")
                .contains("! kms.key  aws.kms.key  alias/tap-dev  (retain: destroy)  kept: data.table needs it");
    }

    @Test
    void a500ChangePlanIsTruncatedWithTheNoteWhereTheFullPlanIs() {
        Plan plan = new Plan("dev", "us-east-1", false, SyntheticPlans.creates(500));
        assertThat(PlanJson.render(plan).length())
                .as("the plan in full is well over a comment")
                .isGreaterThan(200_000);

        String markdown = PlanMarkdown.render(plan, PlanMarkdown.fullJsonCommand(plan));

        assertThat(markdown.length()).isLessThanOrEqualTo(PlanMarkdown.LIMIT);
        assertThat(markdown).startsWith("**Plan for `dev` (us-east-1): 500 to create,");
        int shown = count(markdown, "(create: absent)");
        assertThat(shown).isBetween(1, 499);
        assertThat(markdown)
                .contains("fn.f0  aws.lambda.function")
                .doesNotContain("fn.f499  aws.lambda.function")
                .endsWith("\n**Truncated:** " + (500 - shown) + " more changes are not shown, to keep this under "
                        + "60,000 characters. The full plan: `tapctl plan --env dev --format json`.\n");
        assertThat(markdown)
                .as("the folded block and its code block are closed")
                .contains("```\n\n</details>\n");
        assertThat(count(markdown, "```")).isEven();
    }

    @Test
    void deletionsBeyondOneCommentAreTruncatedBeforeAnyOtherChange() {
        List<Step> steps = new ArrayList<>(SyntheticPlans.orphanDeletes(1_000));
        steps.addAll(SyntheticPlans.creates(10));
        Plan plan = new Plan("dev", "us-east-1", false, steps);

        String markdown = PlanMarkdown.render(plan, PlanMarkdown.fullJsonCommand(plan));

        assertThat(markdown.length()).isLessThanOrEqualTo(PlanMarkdown.LIMIT);
        int rows = count(markdown, "| `aws.sqs.queue` |");
        assertThat(rows).isBetween(100, 999);
        assertThat(markdown)
                .doesNotContain(FOLD)
                .endsWith("\n**Truncated:** " + (1_010 - rows) + " more changes are not shown, to keep this under "
                        + "60,000 characters. The full plan: `tapctl plan --env dev --format json`.\n");
    }

    @Test
    void aValueCannotBreakTheTableOrTheCodeBlock() {
        Step odd = new Step.Orphan(
                "orphan:aws.sqs.queue:a|b`c",
                "aws.sqs.queue",
                "a|b`c",
                dev.tapctl.engine.spi.DeletionPolicy.DELETE,
                null,
                "<b>note</b> | ```");
        Step create = SyntheticPlans.creates(1).get(0);
        Step fenced = new Step.Create(
                create.id(),
                create.kind(),
                "fn ```` name",
                create.attributes(),
                create.dependsOn(),
                create.deletionPolicy(),
                create.desired());

        String markdown = PlanMarkdown.render(new Plan("dev", "us-east-1", false, List.of(odd, fenced)), "x");

        assertThat(markdown)
                .contains("| `-` | `` orphan:aws.sqs.queue:a\\|b`c `` | `aws.sqs.queue` | `` a\\|b`c `` | orphan | "
                        + "deleted: the messages it holds are lost (&lt;b&gt;note&lt;/b&gt; \\| ```) |")
                .contains("`````diff\n+ fn.f0  aws.lambda.function  fn ```` name  (create: absent)")
                .contains("`````\n\n</details>");
    }

    @Test
    void theOutputIsTheSameWhicheverWayJsonIsAskedFor() {
        CliRun cli = CliRun.offline();
        String json = cli.run("plan", "--env", "dev", "--offline", "--json").out();

        assertThat(cli.run("plan", "--env", "dev", "--offline", "--format", "json")
                        .out())
                .isEqualTo(json);
        assertThat(cli.run("plan", "--env", "dev", "--offline", "--format=json", "--json")
                        .out())
                .isEqualTo(json);
        assertThat(cli.run("plan", "--env", "dev", "--offline", "--format", "text")
                        .out())
                .isEqualTo(cli.run("plan", "--env", "dev", "--offline").out())
                .startsWith("Plan for env dev");
    }

    @Test
    void aConflictingOrUnknownFormatIsAUsageErrorBeforeAnyAwsCall() {
        // No --offline: a plan that got as far as AWS would fail on the dead endpoint with exit 1.
        CliRun cli = CliRun.offline();

        CliRun.Result conflict = cli.run("plan", "--env", "dev", "--json", "--format", "markdown");
        assertThat(conflict.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(conflict.err()).contains("error: --json conflicts with --format markdown: give one of them");

        CliRun.Result unknown = cli.run("plan", "--env", "dev", "--format", "yaml");
        assertThat(unknown.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(unknown.err()).contains("error: --format: expected text, json or markdown, got 'yaml'");
    }

    @Test
    void helpDescribesTheFormats() {
        CliRun.Result help = CliRun.offline().run("plan", "--help");

        assertThat(help.out()).contains("--format=FORMAT", "markdown", "--json", "Same as --format json");
    }

    private static int count(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
            count++;
        }
        return count;
    }
}

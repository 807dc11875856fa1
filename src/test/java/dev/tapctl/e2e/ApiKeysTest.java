package dev.tapctl.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tapctl.testing.CliRun;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.apigateway.model.ApiKey;
import software.amazon.awssdk.services.apigateway.model.Method;
import software.amazon.awssdk.services.apigateway.model.Resource;
import software.amazon.awssdk.services.apigateway.model.RestApi;
import software.amazon.awssdk.services.apigateway.model.UsagePlan;

/**
 * The usage plan enforced by API keys ("Usage plans and API keys for REST APIs"): after apply
 * the plan has the default client's key, every method but the CORS preflight requires a key,
 * {@code outputs --show-secret} prints the value alone and nothing else ever does, a second apply
 * changes nothing, and a requirement turned off outside tapctl is drift that apply repairs.
 */
class ApiKeysTest extends StackFixture {

    @Test
    void theUsagePlanHasTheKeyEveryMethodButThePreflightNeedsItAndOnlyShowSecretPrintsIt() throws IOException {
        List<CliRun.Result> outputs = new ArrayList<>();
        CliRun.Result apply = tapctl.run("apply", "--env", "dev", "--auto-approve");
        outputs.add(apply);
        assertThat(apply.exitCode()).as(apply.all()).isZero();

        ApiKey key = aws
                .apigateway()
                .getApiKeys(r -> r.nameQuery("tap-dev-default").limit(500))
                .items()
                .stream()
                .filter(k -> k.name().equals("tap-dev-default"))
                .findFirst()
                .orElseThrow();
        assertThat(key.enabled()).isTrue();
        UsagePlan plan = aws.apigateway().getUsagePlans(r -> r.limit(500)).items().stream()
                .filter(p -> p.name().equals("tap-dev-api-plan"))
                .findFirst()
                .orElseThrow();
        assertThat(aws.apigateway()
                        .getUsagePlanKeys(r -> r.usagePlanId(plan.id()))
                        .items())
                .extracting(k -> k.id())
                .containsExactly(key.id());

        RestApi api = aws.apigateway().getRestApis(r -> r.limit(500)).items().stream()
                .filter(a -> a.name().equals("tap-dev-api"))
                .findFirst()
                .orElseThrow();
        List<Resource> resources = aws.apigateway()
                .getResources(r -> r.restApiId(api.id()).embed("methods").limit(500))
                .items();
        int methods = 0;
        for (Resource resource : resources) {
            for (var entry : resource.resourceMethods().entrySet()) {
                Method method = entry.getValue();
                // A GET without x-api-key is refused (403) by this method configuration.
                assertThat(method.apiKeyRequired())
                        .as(resource.path() + " " + entry.getKey())
                        .isEqualTo(!entry.getKey().equals("OPTIONS"));
                methods++;
            }
        }
        assertThat(methods).as("ANY and OPTIONS on /items and /items/{id}").isEqualTo(4);

        CliRun.Result secret = tapctl.run("outputs", "--env", "dev", "--show-secret", "api.key.default");
        assertThat(secret.exitCode()).as(secret.all()).isZero();
        String value = aws.apigateway()
                .getApiKey(r -> r.apiKey(key.id()).includeValue(true))
                .value();
        assertThat(secret.out()).isEqualTo(value + System.lineSeparator());

        CliRun.Result unknown = tapctl.run("outputs", "--env", "dev", "--show-secret", "api.key.nobody");
        assertThat(unknown.exitCode()).as(unknown.all()).isEqualTo(64);
        assertThat(unknown.err()).contains("api.key.nobody is not an API key of the stack");

        log.clear();
        CliRun.Result again = tapctl.run("apply", "--env", "dev", "--auto-approve");
        outputs.add(again);
        assertThat(again.exitCode()).as(again.all()).isZero();
        assertThat(log.mutating()).as("mutating calls of a second apply").isEmpty();
        CliRun.Result clean = tapctl.run("plan", "--env", "dev", "--detailed-exitcode");
        outputs.add(clean);
        assertThat(clean.exitCode()).as(clean.all()).isZero();
        outputs.add(tapctl.run("outputs", "--env", "dev"));
        outputs.add(tapctl.run("outputs", "--env", "dev", "--json"));

        // Outside tapctl: /items GET and friends no longer need a key.
        String items = resources.stream()
                .filter(r -> r.path().equals("/items"))
                .findFirst()
                .orElseThrow()
                .id();
        aws.apigateway().updateMethod(r -> r.restApiId(api.id())
                .resourceId(items)
                .httpMethod("ANY")
                .patchOperations(p -> p.op("replace").path("/apiKeyRequired").value("false")));
        CliRun.Result drift = tapctl.run("plan", "--env", "dev", "--json", "--detailed-exitcode");
        outputs.add(drift);
        assertThat(drift.exitCode()).as(drift.all()).isEqualTo(2);
        assertThat(changedIds(drift)).containsExactly("api.routes");
        assertThat(change(drift, "api.routes").path("reason").asText()).isEqualTo("drift");
        assertThat(change(drift, "api.routes").path("attributes").toString())
                .contains("resources./items.ANY.apiKeyRequired");

        CliRun.Result repair = tapctl.run("apply", "--env", "dev", "--auto-approve");
        outputs.add(repair);
        assertThat(repair.exitCode()).as(repair.all()).isZero();
        assertThat(log.calls()).anyMatch(c -> c.operation().equals("UpdateMethod"));
        assertThat(aws.apigateway()
                        .getMethod(r -> r.restApiId(api.id()).resourceId(items).httpMethod("ANY"))
                        .apiKeyRequired())
                .isTrue();
        CliRun.Result after = tapctl.run("plan", "--env", "dev", "--detailed-exitcode");
        outputs.add(after);
        assertThat(after.exitCode()).as(after.all()).isZero();

        for (CliRun.Result result : outputs) {
            assertThat(result.all()).as("no key value outside --show-secret").doesNotContain(value);
        }
    }
}

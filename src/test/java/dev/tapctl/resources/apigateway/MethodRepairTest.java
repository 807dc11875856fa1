package dev.tapctl.resources.apigateway;

import static dev.tapctl.resources.apigateway.ApiGatewayTestSupport.FUNCTION_URI;
import static dev.tapctl.resources.apigateway.ApiGatewayTestSupport.ORIGIN;
import static dev.tapctl.resources.apigateway.ApiGatewayTestSupport.OTHER_ORIGIN;
import static dev.tapctl.resources.apigateway.ApiGatewayTestSupport.cors;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Which calls repair one method, without AWS. */
class MethodRepairTest {
    private static final ApiMethod PROXY =
            new ApiMethod("NONE", "AWS_PROXY", "POST", FUNCTION_URI, null, null, null, null, false);
    private static final ApiMethod PREFLIGHT = CorsResponses.preflight(cors(ORIGIN), false);

    @Test
    void aMissingMethodIsPutWhole() {
        assertThat(MethodRepair.of(PROXY, null))
                .isEqualTo(new MethodRepair(false, true, false, true, false, false, false));
        assertThat(MethodRepair.of(PREFLIGHT, null))
                .isEqualTo(new MethodRepair(false, true, false, true, false, true, true));
    }

    @Test
    void aMethodAsDesiredNeedsNoCall() {
        assertThat(MethodRepair.of(PROXY, PROXY).isEmpty()).isTrue();
        assertThat(MethodRepair.of(PREFLIGHT, PREFLIGHT).isEmpty()).isTrue();
        ApiMethod liveProxy =
                new ApiMethod("NONE", "AWS_PROXY", "POST", FUNCTION_URI, Map.of(), Map.of(), Map.of(), Map.of(), false);
        assertThat(MethodRepair.of(PROXY, liveProxy).isEmpty())
                .as("fields tapctl does not own are not compared")
                .isTrue();
        assertThat(MethodRepair.REMOVE.isEmpty()).isFalse();
    }

    @Test
    void anotherAuthorizationTypeDeletesAndPutsTheMethodAgainWithAllItHolds() {
        ApiMethod iam = new ApiMethod(
                "AWS_IAM",
                PREFLIGHT.integrationType(),
                null,
                null,
                PREFLIGHT.requestTemplates(),
                PREFLIGHT.methodResponseParameters(),
                PREFLIGHT.integrationResponseParameters(),
                PREFLIGHT.integrationResponseTemplates(),
                false);
        assertThat(MethodRepair.of(PREFLIGHT, iam))
                .as("a method response of a deleted method is gone with it")
                .isEqualTo(new MethodRepair(true, true, false, true, false, true, true));
    }

    @Test
    void aKeyRequirementAloneIsUpdatedInPlace() {
        ApiMethod keyed = new ApiMethod("NONE", "AWS_PROXY", "POST", FUNCTION_URI, null, null, null, null, true);
        assertThat(MethodRepair.of(keyed, PROXY))
                .isEqualTo(new MethodRepair(false, false, true, false, false, false, false));
    }

    @Test
    void aReplacedIntegrationTakesItsIntegrationResponseWithIt() {
        ApiMethod moved = new ApiMethod("NONE", "AWS_PROXY", "POST", "elsewhere", null, null, null, null, false);
        assertThat(MethodRepair.of(PROXY, moved))
                .as("the proxy owns no integration response")
                .isEqualTo(new MethodRepair(false, false, false, true, false, false, false));
        ApiMethod templates = new ApiMethod(
                "NONE",
                "MOCK",
                null,
                null,
                Map.of(),
                PREFLIGHT.methodResponseParameters(),
                PREFLIGHT.integrationResponseParameters(),
                PREFLIGHT.integrationResponseTemplates(),
                false);
        assertThat(MethodRepair.of(PREFLIGHT, templates))
                .isEqualTo(new MethodRepair(false, false, false, true, false, false, true));
    }

    @Test
    void aDifferentMethodResponseIsDeletedAndPutAgain() {
        Map<String, Boolean> fewer = new TreeMap<>(PREFLIGHT.methodResponseParameters());
        fewer.remove("method.response.header.Vary");
        ApiMethod have = new ApiMethod(
                "NONE",
                "MOCK",
                null,
                null,
                PREFLIGHT.requestTemplates(),
                fewer,
                PREFLIGHT.integrationResponseParameters(),
                PREFLIGHT.integrationResponseTemplates(),
                false);
        assertThat(MethodRepair.of(PREFLIGHT, have))
                .isEqualTo(new MethodRepair(false, false, false, false, true, true, false));

        ApiMethod none = new ApiMethod(
                "NONE",
                "MOCK",
                null,
                null,
                PREFLIGHT.requestTemplates(),
                null,
                PREFLIGHT.integrationResponseParameters(),
                PREFLIGHT.integrationResponseTemplates(),
                false);
        assertThat(MethodRepair.of(PREFLIGHT, none))
                .as("no method response to delete")
                .isEqualTo(new MethodRepair(false, false, false, false, false, true, false));
    }

    @Test
    void onlyTheIntegrationResponseIsPutWhenOnlyItDiffers() {
        ApiMethod twoOrigins = CorsResponses.preflight(cors(ORIGIN, OTHER_ORIGIN), false);
        assertThat(MethodRepair.of(PREFLIGHT, twoOrigins))
                .isEqualTo(new MethodRepair(false, false, false, false, false, false, true));
    }
}

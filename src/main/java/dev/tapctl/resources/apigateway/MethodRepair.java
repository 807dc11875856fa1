package dev.tapctl.resources.apigateway;

import java.util.Objects;

/**
 * The calls that bring one method to the desired one, in the order they are made. PutMethod
 * refuses an existing method (ConflictException), so another authorization type means the method
 * is deleted and put again; an API key requirement alone is changed in place (UpdateMethod, path
 * {@code /apiKeyRequired}); PutIntegration and PutIntegrationResponse replace what is there; a
 * method response is deleted before it is put again.
 */
record MethodRepair(
        boolean deleteMethod,
        boolean putMethod,
        boolean updateApiKeyRequired,
        boolean putIntegration,
        boolean deleteMethodResponse,
        boolean putMethodResponse,
        boolean putIntegrationResponse) {

    /** A method the spec does not have. */
    static final MethodRepair REMOVE = new MethodRepair(true, false, false, false, false, false, false);

    /** Puts a missing method ({@code have} null) whole, or repairs the parts of an existing one that differ. */
    static MethodRepair of(ApiMethod want, ApiMethod have) {
        boolean replaced = have != null && differs(want.authorizationType(), have.authorizationType());
        ApiMethod current = replaced ? null : have;
        boolean updateApiKeyRequired = current != null
                && want.apiKeyRequired() != null
                && !want.apiKeyRequired().equals(current.apiKeyRequired());
        boolean integration = current == null
                || differs(want.integrationType(), current.integrationType())
                || differs(want.integrationHttpMethod(), current.integrationHttpMethod())
                || differs(want.integrationUri(), current.integrationUri())
                || (want.requestTemplates() != null && !want.requestTemplates().equals(current.requestTemplates()));
        boolean putMethodResponse = want.methodResponseParameters() != null
                && (current == null || !want.methodResponseParameters().equals(current.methodResponseParameters()));
        boolean deleteMethodResponse =
                putMethodResponse && current != null && current.methodResponseParameters() != null;
        boolean ownsIntegrationResponse =
                want.integrationResponseParameters() != null || want.integrationResponseTemplates() != null;
        // A replaced integration loses its integration responses, so they are put again with it.
        boolean putIntegrationResponse = ownsIntegrationResponse
                && (integration
                        || !Objects.equals(
                                want.integrationResponseParameters(), current.integrationResponseParameters())
                        || !Objects.equals(
                                want.integrationResponseTemplates(), current.integrationResponseTemplates()));
        return new MethodRepair(
                replaced,
                current == null,
                updateApiKeyRequired,
                integration,
                deleteMethodResponse,
                putMethodResponse,
                putIntegrationResponse);
    }

    /** Whether the method is as desired already: no call. */
    boolean isEmpty() {
        return !(deleteMethod
                || putMethod
                || updateApiKeyRequired
                || putIntegration
                || deleteMethodResponse
                || putMethodResponse
                || putIntegrationResponse);
    }

    private static boolean differs(String want, String have) {
        return want != null && !want.equals(have);
    }
}

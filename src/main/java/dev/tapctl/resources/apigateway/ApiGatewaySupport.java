package dev.tapctl.resources.apigateway;

import dev.tapctl.engine.spi.DeleteResult;
import dev.tapctl.resources.support.Missing;
import dev.tapctl.stack.Arns;
import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.regions.PartitionMetadata;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;
import software.amazon.awssdk.services.apigateway.model.NotFoundException;
import software.amazon.awssdk.services.apigateway.model.Op;
import software.amazon.awssdk.services.apigateway.model.PatchOperation;

/** What the API Gateway handlers share: ARNs of the region's partition, patch operations, placeholders. */
final class ApiGatewaySupport {
    private ApiGatewaySupport() {}

    static Region region(ApiGatewayClient client) {
        return client.serviceClientConfiguration().region();
    }

    /** API Gateway resource ARNs have no account: {@code arn:aws:apigateway:<region>::<path>}. */
    static String arn(ApiGatewayClient client, String path) {
        Region region = region(client);
        return "arn:" + Arns.partition(region.id()) + ":apigateway:" + region.id() + "::" + path;
    }

    static String restApiArn(ApiGatewayClient client, String restApiId) {
        return arn(client, "/restapis/" + restApiId);
    }

    static String stageArn(ApiGatewayClient client, String restApiId, String stageName) {
        return arn(client, "/restapis/" + restApiId + "/stages/" + stageName);
    }

    static String usagePlanArn(ApiGatewayClient client, String usagePlanId) {
        return arn(client, "/usageplans/" + usagePlanId);
    }

    /** The default execute-api endpoint of a stage, in the DNS domain of the region's partition. */
    static String invokeUrl(ApiGatewayClient client, String restApiId, String stageName) {
        Region region = region(client);
        return "https://" + restApiId + ".execute-api." + region.id() + "."
                + PartitionMetadata.of(region).dnsSuffix() + "/" + stageName;
    }

    static PatchOperation replace(String path, String value) {
        return PatchOperation.builder().op(Op.REPLACE).path(path).value(value).build();
    }

    static PatchOperation add(String path, String value) {
        return PatchOperation.builder().op(Op.ADD).path(path).value(value).build();
    }

    static PatchOperation remove(String path, String value) {
        return PatchOperation.builder().op(Op.REMOVE).path(path).value(value).build();
    }

    /**
     * Runs a delete call and reports the object deleted. NotFound, the object (or the API or plan
     * that held it) gone already, is what a delete wants.
     */
    static DeleteResult deleted(Runnable delete) {
        return Missing.deleted(delete, NotFoundException.class);
    }

    /** TagResource "adds or updates a tag on a given resource" (API Gateway API Reference): it removes none. */
    static void tag(ApiGatewayClient client, String arn, Map<String, String> tags) {
        client.tagResource(r -> r.resourceArn(arn).tags(tags));
    }

    /** The tags of an answer: API Gateway leaves them out (null) on an object without any. */
    static Map<String, String> tagsOf(Map<String, String> tags) {
        return tags == null ? Map.of() : tags;
    }

    /** No description and an empty one are the same (an update clears one with ""). */
    static String emptyIfNull(String value) {
        return value == null ? "" : value;
    }

    /** Whether two descriptions are the same, no description being the empty one. */
    static boolean sameDescription(String want, String have) {
        return emptyIfNull(want).equals(emptyIfNull(have));
    }

    /** Patch values are strings; a whole rate is written without a fraction ("100", not "100.0"). */
    static String number(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    /** Null and empty maps mean the same to API Gateway; entries without a value are not set either. */
    static <V> Map<String, V> present(Map<String, V> map) {
        Map<String, V> result = new TreeMap<>();
        if (map != null) {
            map.forEach((key, value) -> {
                if (value != null && !(value instanceof String s && s.isEmpty())) {
                    result.put(key, value);
                }
            });
        }
        return result;
    }
}

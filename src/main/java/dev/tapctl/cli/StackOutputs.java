package dev.tapctl.cli;

import dev.tapctl.engine.spi.Outputs;
import dev.tapctl.stack.Arns;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import software.amazon.awssdk.regions.PartitionMetadata;
import software.amazon.awssdk.regions.Region;

/**
 * The stack's documented outputs, taken from the resources' outputs, and their verification:
 * every ARN in this account and region, the API URL well formed, nothing missing.
 */
final class StackOutputs {
    private static final Pattern VPC_ID = Pattern.compile("vpc-[0-9a-f]{8,17}");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.-]+");

    /** One output: its name, the resource it comes from, and its value (null when missing). */
    record Output(String name, String resourceId, String value) {}

    private StackOutputs() {}

    static List<Output> of(Map<String, Outputs> byResource, List<String> functionIds) {
        List<Output> outputs = new ArrayList<>();
        outputs.add(output(byResource, "apiUrl", "api.stage", "invokeUrl"));
        for (String id : functionIds) {
            outputs.add(output(byResource, "functionArn." + id.substring("fn.".length()), id, "arn"));
        }
        outputs.add(output(byResource, "tableName", "data.table", "name"));
        outputs.add(output(byResource, "bucketName", "data.bucket", "name"));
        outputs.add(output(byResource, "dbEndpoint", "data.db", "endpoint"));
        outputs.add(output(byResource, "dbSecretArn", "data.dbsecret", "arn"));
        outputs.add(output(byResource, "kmsKeyArn", "kms.key", "arn"));
        outputs.add(output(byResource, "vpcId", "network.vpc", "vpcId"));
        return outputs;
    }

    private static Output output(Map<String, Outputs> byResource, String name, String id, String key) {
        String value = Optional.ofNullable(byResource.get(id))
                .flatMap(o -> o.get(key))
                .filter(v -> !v.isEmpty())
                .orElse(null);
        return new Output(name, id, value);
    }

    /** Every problem with the outputs, one line each; empty when all are well formed and present. */
    static List<String> verify(List<Output> outputs, String account, String region) {
        List<String> problems = new ArrayList<>();
        for (Output output : outputs) {
            String value = output.value();
            if (value == null) {
                problems.add(output.name() + ": " + output.resourceId() + " was not found in the account (run apply)");
                continue;
            }
            String problem =
                    switch (output.name()) {
                        case "apiUrl" ->
                            value.matches("https://[a-z0-9]+\\.execute-api\\." + Pattern.quote(region) + "\\."
                                            + Pattern.quote(dnsSuffix(region)) + "/[A-Za-z0-9_]+")
                                    ? null
                                    : "is not an API Gateway invoke URL in " + region;
                        case "tableName", "bucketName" -> null;
                        case "dbEndpoint" -> HOST.matcher(value).matches() ? null : "is not a host name";
                        case "vpcId" -> VPC_ID.matcher(value).matches() ? null : "is not a VPC id";
                        default -> arnProblem(value, account, region);
                    };
            if (problem != null) {
                problems.add(output.name() + ": \"" + value + "\" " + problem);
            }
        }
        return problems;
    }

    /** The DNS domain of the region's partition, as the stage's invoke URL is built (amazonaws.com.cn in China). */
    private static String dnsSuffix(String region) {
        return PartitionMetadata.of(Region.of(region)).dnsSuffix();
    }

    private static String arnProblem(String arn, String account, String region) {
        String[] parts = arn.split(":", 6);
        if (parts.length < 6 || !parts[0].equals("arn")) {
            return "is not an ARN";
        }
        // The region's partition, as the stack builds its ARNs (aws-cn in China, aws-us-gov in GovCloud).
        if (!parts[1].equals(Arns.partition(region))) {
            return "is in partition " + parts[1] + ", not " + Arns.partition(region);
        }
        if (!parts[3].equals(region)) {
            return "is in region " + parts[3] + ", not " + region;
        }
        if (!parts[4].equals(account)) {
            return "belongs to account " + parts[4] + ", not " + account;
        }
        return null;
    }

    static Map<String, Object> asJson(List<Output> outputs) {
        Map<String, Object> json = new LinkedHashMap<>();
        Map<String, String> functions = new TreeMap<>();
        for (Output output : outputs) {
            if (output.name().startsWith("functionArn.")) {
                functions.put(output.name().substring("functionArn.".length()), output.value());
            } else {
                json.put(output.name(), output.value());
            }
        }
        json.put("functionArns", functions);
        return json;
    }
}

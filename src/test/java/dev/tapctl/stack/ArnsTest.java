package dev.tapctl.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tapctl.config.ConfigLoader;
import dev.tapctl.config.TapConfig;
import dev.tapctl.engine.spi.Inputs;
import dev.tapctl.engine.spi.ResourceDef;
import dev.tapctl.engine.spi.Unknown;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.PartitionMetadata;
import software.amazon.awssdk.regions.Region;

/** ARNs are in the region's partition, as the SDK derives it; the stack hard-codes none. */
class ArnsTest {
    @Test
    void thePartitionIsTheOneTheSdkKnowsForTheRegion() {
        for (String region : List.of(
                "us-east-1",
                "eu-west-3",
                "ap-northeast-1",
                "il-central-1",
                "mx-central-1",
                "cn-north-1",
                "cn-northwest-1",
                "us-gov-west-1",
                "us-gov-east-1",
                "us-iso-east-1",
                "us-isob-east-1",
                "us-isof-south-1",
                "eu-isoe-west-1",
                "eusc-de-east-1")) {
            assertThat(Arns.partition(region))
                    .as(region)
                    .isEqualTo(PartitionMetadata.of(Region.of(region)).id());
        }
    }

    @Test
    void aPlaceholderRegionIsInTheCommercialPartition() {
        assertThat(Arns.partition(Unknown.of("aws", "region"))).isEqualTo("aws");
    }

    @Test
    void everyArnOfAChinaStackIsInAwsCn() {
        List<String> specs = specs("cn-north-1");

        assertThat(String.join("\n", specs))
                .doesNotContain("arn:aws:")
                .contains(
                        "arn:aws-cn:iam::123456789012:root",
                        "arn:aws-cn:logs:cn-north-1:123456789012:log-group:",
                        "arn:aws-cn:s3:::tap-dev-123456789012-cn-north-1",
                        "arn:aws-cn:apigateway:cn-north-1:lambda:path/2015-03-31/functions/",
                        "arn:aws-cn:execute-api:cn-north-1:123456789012:",
                        "arn:aws-cn:sns:cn-north-1:123456789012:tap-dev-alarms");
    }

    @Test
    void aCommercialStackKeepsTheArnsItAlwaysHad() {
        assertThat(String.join("\n", specs("us-east-1")))
                .doesNotContain("arn:aws-")
                .contains(
                        "arn:aws:iam::123456789012:root",
                        "arn:aws:dynamodb:us-east-1:123456789012:table/tap-dev-items");
    }

    private static List<String> specs(String region) {
        TapConfig config = new ConfigLoader().load(Path.of("config"), "dev").withRegion(region);
        Inputs in = new Inputs() {
            @Override
            public String accountId() {
                return "123456789012";
            }

            @Override
            public String region() {
                return region;
            }

            @Override
            public String output(String id, String key) {
                return Unknown.of(id, key);
            }
        };
        List<String> specs = new ArrayList<>();
        for (ResourceDef<?> def :
                TapStack.resources(config, StackDependenciesTest.code(config), Zones.unknown(config))) {
            specs.add(String.valueOf(def.desired().apply(in)));
        }
        return specs;
    }
}

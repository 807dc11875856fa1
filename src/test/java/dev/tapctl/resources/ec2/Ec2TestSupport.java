package dev.tapctl.resources.ec2;

import static dev.tapctl.testing.HandlerFixture.tags;

import dev.tapctl.aws.AwsClients;
import dev.tapctl.stack.spec.VpcSpec;
import dev.tapctl.testing.TestContext;
import java.util.Comparator;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Image;

/** What the EC2 handler tests (and the instance orphan test) need beyond {@link dev.tapctl.testing.HandlerFixture}. */
public final class Ec2TestSupport {
    private Ec2TestSupport() {}

    /** A VPC made by the VPC handler, for the handlers of what lives in one. */
    public static String createVpc(AwsClients clients, String logicalId, String cidr) {
        VpcSpec spec = new VpcSpec("tap-test-" + logicalId, cidr, true, true, tags(logicalId, "tap-test-" + logicalId));
        return new VpcHandler(clients.ec2(), clients.waiterConfig(), clients.eventually())
                .create(spec, new TestContext(logicalId))
                .vpcId();
    }

    /** An Amazon Linux 2023 x86_64 AMI of the emulator's catalogue (root device /dev/xvda, like AWS's). */
    public static String amazonLinuxAmi(Ec2Client ec2) {
        return ec2
                .describeImagesPaginator(r -> r.owners("amazon")
                        .filters(
                                Ec2Tags.filter("name", "al2023-ami-2023*-x86_64"),
                                Ec2Tags.filter("root-device-name", "/dev/xvda")))
                .images()
                .stream()
                .map(Image::imageId)
                .min(Comparator.naturalOrder())
                .orElseThrow(() -> new IllegalStateException("the emulator lists no Amazon Linux 2023 AMI"));
    }
}

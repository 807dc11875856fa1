package dev.tapctl.aws;

import java.util.List;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.AvailabilityZone;
import software.amazon.awssdk.services.ec2.model.Filter;

/**
 * The availability zones of a region in which this account can place a subnet today, as EC2
 * reports them: zone names are mapped per account and not every region has a, b, c (ap-northeast-1
 * has a, c, d), so they are asked for, never made up.
 *
 * <p>AWS filters (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeAvailabilityZones.html):
 * {@code zone-type=availability-zone} leaves out Local Zones and Wavelength Zones, which an opted-in
 * account also gets listed and which sort before the region's own zones ({@code us-west-2-lax-1a}
 * before {@code us-west-2a}); {@code opt-in-status} keeps zones that need no opt-in or were
 * opted into. One call: the operation is not paginated.
 *
 * <p>Deliberately no {@code state} filter: the zones a stack uses must not move when one of them
 * is impaired for a while (an AWS event), or the next plan would replace its subnets and all they
 * hold in the middle of the outage.
 */
public final class AvailabilityZones {
    static final List<Filter> FILTERS = List.of(
            Filter.builder().name("zone-type").values("availability-zone").build(),
            Filter.builder()
                    .name("opt-in-status")
                    .values("opt-in-not-required", "opted-in")
                    .build());

    private AvailabilityZones() {}

    /** The names of the zones of the client's region this account may use, in the order EC2 gave them (unspecified). */
    static List<String> usable(Ec2Client ec2) {
        return ec2.describeAvailabilityZones(r -> r.filters(FILTERS)).availabilityZones().stream()
                .map(AvailabilityZone::zoneName)
                .toList();
    }
}

package dev.tapctl.stack;

import static dev.tapctl.stack.Policies.allow;
import static dev.tapctl.stack.Policies.allowPrincipal;
import static dev.tapctl.stack.Policies.document;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tapctl.config.TapConfig;
import dev.tapctl.engine.spi.Ref;
import dev.tapctl.stack.spec.IamRoleSpec;
import dev.tapctl.stack.spec.InstanceProfileSpec;
import dev.tapctl.stack.spec.InstanceSpec;
import dev.tapctl.stack.spec.KmsKeySpec;
import dev.tapctl.stack.spec.SecretSpec;
import dev.tapctl.stack.spec.SecurityGroupSpec;
import dev.tapctl.stack.spec.SubnetSpec;
import java.util.List;
import java.util.Map;

/** The application instances in the private subnets, with their role and instance profile. */
final class ComputeLayer {
    private ComputeLayer() {}

    static void declare(
            LayerContext context, Ref<KmsKeySpec> key, Ref<SecretSpec> dbSecret, NetworkLayer.Refs network) {
        TapConfig config = context.config();
        TapConfig.ComputeConfig compute = config.compute();
        Names names = context.names();
        ResourceTags tags = context.tags();
        StackBuilder stack = context.stack();
        String roleName = names.computeRole();
        Ref<IamRoleSpec> role = stack.add("compute.role", Kinds.IAM_ROLE, roleName, in -> {
            // Read in the order plans list the dependencies: the key, then the secret.
            String keyArn = in.get(key, KmsKeySpec.ARN);
            Arns arns = Arns.of(in);
            String bucketArn = arns.bucket(names.bucket(in.accountId(), in.region()));
            ObjectNode trust = document(allowPrincipal(
                    "Ec2AssumesRole", "Service", "ec2.amazonaws.com", List.of("sts:AssumeRole"), List.of()));
            ObjectNode policy = document(
                    allow(
                            "UseTheItemsTable",
                            List.of(
                                    "dynamodb:DeleteItem",
                                    "dynamodb:GetItem",
                                    "dynamodb:PutItem",
                                    "dynamodb:Query",
                                    "dynamodb:UpdateItem"),
                            List.of(arns.table(names.table()))),
                    allow("ListTheBucket", List.of("s3:ListBucket"), List.of(bucketArn)),
                    allow(
                            "UseTheBucketsObjects",
                            List.of("s3:DeleteObject", "s3:GetObject", "s3:PutObject"),
                            List.of(bucketArn + "/*")),
                    allow(
                            "ReadTheDatabaseSecret",
                            List.of("secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"),
                            List.of(in.get(dbSecret, SecretSpec.ARN))),
                    allow("UseTheStackKey", List.of("kms:Decrypt", "kms:GenerateDataKey"), List.of(keyArn)));
            return new IamRoleSpec(
                    roleName,
                    "Role of the " + config.prefix() + " application instances",
                    trust,
                    Map.of(roleName, policy),
                    List.of(),
                    tags.of("compute.role", roleName));
        });
        Ref<InstanceProfileSpec> profile = stack.add(
                "compute.profile",
                Kinds.INSTANCE_PROFILE,
                roleName,
                in -> new InstanceProfileSpec(
                        roleName,
                        in.get(role, IamRoleSpec.NAME),
                        in.get(role, IamRoleSpec.ARN),
                        tags.of("compute.profile", roleName)));
        for (int i = 0; i < compute.instanceCount(); i++) {
            String id = "compute.app-" + (i + 1);
            String name = names.instance(i + 1);
            Ref<SubnetSpec> subnet =
                    network.privateSubnets().get(i % config.network().azCount());
            // Steps in the order plans list the dependencies: the profile, the subnet, the group, the key.
            stack.add(id, Kinds.INSTANCE, name, in -> InstanceSpec.builder()
                    .name(name)
                    .instanceProfileName(in.get(profile, InstanceProfileSpec.NAME))
                    .subnetId(in.get(subnet, SubnetSpec.SUBNET_ID))
                    .securityGroupIds(List.of(in.get(network.appGroup(), SecurityGroupSpec.GROUP_ID)))
                    .volumeKmsKeyArn(in.get(key, KmsKeySpec.ARN))
                    .ami(compute.ami())
                    .instanceType(compute.instanceType())
                    .imdsV2Required(true)
                    .volumeSizeGb(compute.volumeSizeGb())
                    .tags(tags.of(id, name))
                    .build());
        }
    }
}
